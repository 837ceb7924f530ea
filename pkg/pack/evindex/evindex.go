// Package evindex computes the evidence index of an assessment: one row per
// evidence file (or URL) however many inputs name it, with the path relative
// to the project root, who refers to it, and what the pack did with it. It
// is the one home of that rule; the pack fills in what it copied and the
// workbook and manifest only lay the rows out.
package evindex

import (
	"path"
	"sort"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// States of an index row.
const (
	// Included: the file is in the pack under evidence/ (--include-evidence).
	Included = "included"
	// Referenced: the file was found and hashed, or is a URL, but is not in the pack.
	Referenced = "referenced only"
	// Missing: nothing usable at the path (absent, empty, a directory, unreadable).
	Missing = "missing"
	// Rejected: never read, or refused when copying: outside the project root,
	// a symbolic link out of it, changed since the assessment, too large.
	Rejected = "rejected"
)

// Row is one evidence file or URL.
type Row struct {
	// Path is relative to the project root (slash-separated) for a file
	// inside it; for a URL or a reference that leaves the root, the
	// reference as written.
	Path string `json:"path"`
	Kind string `json:"kind"` // file | url
	// State is one of Included, Referenced, Missing, Rejected.
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
	Size   int64  `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	// PackPath is where the file is inside the pack (evidence/<Path>), when included.
	PackPath string `json:"pack_path,omitempty"`
	// Referrers are the subjects that name the file ("policy:POL-1",
	// "agent:triage:risk"), sorted, each once.
	Referrers []string `json:"referrers"`
	// Places are the input places (file:line:col) that name it, sorted.
	Places []string `json:"places"`
	// SameContentAs lists the other rows whose file has the same SHA-256:
	// one document filed under two names, or a copy that should have been
	// a new document.
	SameContentAs []string `json:"same_content_as,omitempty"`
}

// RootPath returns the reference of e relative to the project root, and
// false when it is a URL or leaves the root. References are relative to the
// file that names them (docs/contract.md §2), whose place is root-relative.
func RootPath(e model.EvidenceRef) (string, bool) {
	if e.Kind == "url" || model.IsURL(e.Ref) || e.State == "outside-root" {
		return e.Ref, false
	}
	ref := strings.ReplaceAll(e.Ref, `\`, "/")
	if path.IsAbs(ref) {
		return e.Ref, false
	}
	p := path.Clean(path.Join(path.Dir(e.Source.File), ref))
	if e.Source.File == "" {
		p = path.Clean(ref)
	}
	if p == "." || p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(p) {
		return e.Ref, false
	}
	return p, true
}

// Build returns the index of res's evidence references, sorted by path.
// Files found in the root are Referenced until the pack copies them.
func Build(res *model.Result) []Row {
	byKey := map[string]*Row{}
	var order []string
	for _, e := range res.Evidence {
		p, inRoot := RootPath(e)
		if e.Kind == "" {
			e.Kind = "file"
			if model.IsURL(e.Ref) {
				e.Kind = "url"
			}
		}
		key := e.Kind + "\x00" + p
		r := byKey[key]
		if r == nil {
			r = &Row{Path: p, Kind: e.Kind, Size: e.Size, SHA256: e.SHA256}
			switch {
			case e.Kind == "url" || e.State == "url":
				r.Kind, r.State, r.Reason = "url", Referenced, "a URL: not fetched"
			case e.State == "outside-root" || !inRoot:
				r.State, r.Reason = Rejected, "leaves the project root (.., an absolute path or a symbolic link); never read"
			case e.State == "ok":
				r.State = Referenced
			default:
				r.State, r.Reason = Missing, "no readable, non-empty file at this path"
			}
			byKey[key] = r
			order = append(order, key)
		}
		r.Referrers = appendOnce(r.Referrers, e.Owner)
		if s := e.Source.String(); s != "" {
			r.Places = appendOnce(r.Places, s)
		}
	}
	rows := make([]Row, 0, len(order))
	for _, k := range order {
		r := byKey[k]
		sort.Strings(r.Referrers)
		sort.Strings(r.Places)
		if r.Referrers == nil {
			r.Referrers = []string{}
		}
		if r.Places == nil {
			r.Places = []string{}
		}
		rows = append(rows, *r)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Path != rows[j].Path {
			return rows[i].Path < rows[j].Path
		}
		return rows[i].Kind < rows[j].Kind
	})
	MarkSameContent(rows)
	return rows
}

// MarkSameContent sets SameContentAs on every file row whose digest another
// row shares.
func MarkSameContent(rows []Row) {
	byDigest := map[string][]string{}
	for _, r := range rows {
		if r.Kind == "file" && r.SHA256 != "" {
			byDigest[r.SHA256] = append(byDigest[r.SHA256], r.Path)
		}
	}
	for i := range rows {
		rows[i].SameContentAs = nil
		paths := byDigest[rows[i].SHA256]
		if rows[i].Kind != "file" || len(paths) < 2 {
			continue
		}
		for _, p := range paths {
			if p != rows[i].Path {
				rows[i].SameContentAs = append(rows[i].SameContentAs, p)
			}
		}
	}
}

func appendOnce(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}
