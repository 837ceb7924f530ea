package model

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strconv"
	"strings"
)

// AssignFindingIDs gives each finding of fs, which must be in output order,
// its stable ID: "F-" and 12 hex digits of the SHA-256 of the check, the
// subject and the structured fields that tell two findings of one check and
// subject apart (target, tool, operation, resource, model, and the file
// relative to root). The line, the message and the counts are left out: an
// edit above a key, a new day (--now) or one more event does not make a
// finding new. Findings that still share a key get "-2", "-3" ... in output
// order, so the IDs of one run are unique and the same inputs give the same
// IDs; adding an unrelated agent leaves every other ID as it was.
func AssignFindingIDs(fs []Finding, root string) {
	seen := make(map[string]int, len(fs))
	h := sha256.New()
	var sum [sha256.Size]byte
	for i := range fs {
		f := &fs[i]
		h.Reset()
		for _, s := range []string{f.Check, f.SubjectKind, f.Subject, f.Target, f.Tool, f.Operation, f.Resource, f.Model, idFile(f.Location.File, root)} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		id := "F-" + hex.EncodeToString(h.Sum(sum[:0])[:6])
		seen[id]++
		if n := seen[id]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		f.ID = id
	}
}

// idFile is file as the ID hashes it: relative to root with forward
// slashes, so that the same project checked out elsewhere keeps its IDs.
func idFile(file, root string) string {
	if file == "" {
		return ""
	}
	if root != "" {
		if rel, err := filepath.Rel(root, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			file = rel
		}
	}
	return filepath.ToSlash(file)
}
