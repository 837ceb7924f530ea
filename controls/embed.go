// Package controls embeds the builtin control catalogues (YAML) and the
// framework item titles used by the crosswalk views. The catalogue is data:
// a new edition is new files, not new code.
package controls

import "embed"

// FS holds iso42001/ (the ISO/IEC 42001:2023 catalogue: controls and checks)
// and frameworks/ (titles of EU AI Act articles, NIST AI RMF subcategories,
// ISO/IEC 27001 controls).
//
//go:embed iso42001 frameworks
var FS embed.FS
