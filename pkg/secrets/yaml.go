package secrets

import (
	"bytes"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Scanned is one input scanned for credentials: where they are and a copy
// safe to publish.
type Scanned struct {
	Matches  []Match
	Redacted []byte
}

// ScanYAML finds credentials in a YAML text twice: in the raw bytes, and in
// the scalars as YAML decodes them. The second pass catches what escapes hide
// from the first ("\x73k-...", "\u0073k-...", a "\"-newline continuation), since
// every consumer of the file reads the decoded value. When the raw redaction
// leaves a credential readable after decoding, the copy is re-encoded from the
// decoded tree with every credential replaced, so Redacted never decodes to a
// secret. Text that is not YAML gets the raw scan only.
func ScanYAML(data []byte) Scanned {
	ms := Find(data)
	out := Scanned{Matches: ms, Redacted: Redact(data, ms)}
	var orig yaml.Node
	if yaml.Unmarshal(data, &orig) != nil {
		return out
	}
	var copyTree yaml.Node
	if yaml.Unmarshal(out.Redacted, &copyTree) == nil && !hidesSecret(&copyTree) {
		return out
	}
	// Report each credential the raw scan did not see, at its scalar.
	walkScalars(&orig, func(key, n *yaml.Node) {
		for _, m := range decodedMatches(key, n) {
			if !rawCovers(ms, n) {
				out.Matches = append(out.Matches, Match{Kind: m.Kind, Line: n.Line, Col: n.Column, Start: -1, End: -1})
			}
		}
	})
	sort.SliceStable(out.Matches, func(i, j int) bool {
		a, b := out.Matches[i], out.Matches[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	walkScalars(&orig, func(key, n *yaml.Node) {
		if v := redactScalar(key, n); v != n.Value {
			n.Value, n.Style, n.Tag = v, yaml.DoubleQuotedStyle, "!!str"
		}
	})
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if enc.Encode(&orig) != nil || enc.Close() != nil {
		// Never publish what could not be cleaned.
		out.Redacted = []byte("# [REDACTED: this input hides a credential and could not be re-encoded]\n")
		return out
	}
	out.Redacted = b.Bytes()
	return out
}

// Matches from ScanYAML with Start < 0 have a position but no byte range:
// Redact skips them, the re-encoded copy already holds no secret.

func hidesSecret(n *yaml.Node) bool {
	found := false
	walkScalars(n, func(key, s *yaml.Node) {
		if !found && len(decodedMatches(key, s)) > 0 {
			found = true
		}
	})
	return found
}

// decodedMatches scans a scalar, and "key: value" for a mapping value, so the
// rules that need the key (password: ..., api_key: ...) see it too.
func decodedMatches(key, n *yaml.Node) []Match {
	if ms := Find([]byte(n.Value)); len(ms) > 0 {
		return ms
	}
	if key != nil {
		return Find([]byte(key.Value + ": " + n.Value))
	}
	return nil
}

func redactScalar(key, n *yaml.Node) string {
	v := RedactString(n.Value)
	if v != n.Value || key == nil {
		return v
	}
	pair := key.Value + ": "
	if ms := Find([]byte(pair + n.Value)); len(ms) > 0 {
		r := string(Redact([]byte(pair+n.Value), ms))
		return strings.TrimPrefix(r, pair)
	}
	return v
}

func rawCovers(ms []Match, n *yaml.Node) bool {
	last := n.Line + strings.Count(n.Value, "\n") + 1
	for _, m := range ms {
		if m.Start >= 0 && m.Line >= n.Line && m.Line <= last {
			return true
		}
	}
	return false
}

// walkScalars calls f on every scalar (keys too), with the mapping key of a
// value scalar.
func walkScalars(n *yaml.Node, f func(key, n *yaml.Node)) {
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		f(nil, n)
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			walkScalars(k, f)
			if v.Kind == yaml.ScalarNode {
				f(k, v)
			} else {
				walkScalars(v, f)
			}
		}
	default:
		for _, c := range n.Content {
			walkScalars(c, f)
		}
	}
}
