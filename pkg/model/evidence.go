package model

import "strings"

// EvidenceRef is one evidence reference of the inputs (a path inside the
// project root, or a URL) with what was found at it.
type EvidenceRef struct {
	Ref    string `json:"ref"`
	Owner  string `json:"owner"` // "policy:POL-1", "control:A.6.2.8", "agent:triage" ...
	Kind   string `json:"kind"`  // file | url
	State  string `json:"state"` // ok | missing | outside-root | url
	Size   int64  `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Source Pos    `json:"source"`
}

// IsURL reports whether an evidence reference is a URL rather than a path.
func IsURL(ref string) bool {
	scheme, rest, ok := strings.Cut(ref, "://")
	if ok && scheme != "" && rest != "" && !strings.ContainsAny(scheme, "/\\ ") {
		return true
	}
	return strings.HasPrefix(ref, "urn:") || strings.HasPrefix(ref, "mailto:")
}
