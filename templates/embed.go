// Package templates embeds the report templates (text/template). Users can
// bring their own with --format template --template FILE.
package templates

import "embed"

// FS holds the builtin report templates.
//
//go:embed *.tmpl
var FS embed.FS
