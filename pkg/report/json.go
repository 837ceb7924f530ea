package report

import (
	"encoding/json"
	"io"
)

// writeJSON writes v with a 2-space indent. encoding/json sorts map keys and
// keeps struct field order, so equal values give equal bytes.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
