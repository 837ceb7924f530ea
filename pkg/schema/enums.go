package schema

import (
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/report"
)

// registryEnums are the fields whose values a registry lists: pkg/model
// imports nothing, so its tags cannot name them. The loader checks these
// fields and the schema writes their enum from here, so a format added to
// its registry is accepted in aims.yaml and described by `aims schema`
// without a change to either.
var registryEnums = map[reflect.Type]map[string]func() []string{
	reflect.TypeOf(model.Config{}):    {"Format": reportFormatNames},
	reflect.TypeOf(model.LogSource{}): {"Format": auditlog.FormatNames},
}

// reportFormatNames is aims.yaml's format: every output format, whichever
// command reads it (each command checks its own subject when it runs).
func reportFormatNames() []string {
	var out []string
	for _, fi := range report.Formats() {
		out = append(out, string(fi.Name))
	}
	return out
}

// Enum returns the values a registry allows for field (the Go name) of
// struct type t, nil when the field has no registry.
func Enum(t reflect.Type, field string) []string {
	if f, ok := registryEnums[t][field]; ok {
		return f()
	}
	return nil
}

// setRegistryEnums writes registryEnums into s, the schema reflected from
// root with field names from tag: root's own properties (expanded) and
// those of its definitions, which are named after their Go types.
func setRegistryEnums(s *jsonschema.Schema, root reflect.Type, tag string) {
	for t, fields := range registryEnums {
		target := s.Definitions[t.Name()]
		if t == root {
			target = s
		}
		if target == nil || target.Properties == nil {
			continue
		}
		for field, names := range fields {
			sf, _ := t.FieldByName(field)
			key, _, _ := strings.Cut(sf.Tag.Get(tag), ",")
			p, ok := target.Properties.Get(key)
			if !ok {
				continue
			}
			p.Enum = nil
			for _, n := range names() {
				p.Enum = append(p.Enum, n)
			}
		}
	}
}
