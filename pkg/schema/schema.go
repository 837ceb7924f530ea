// Package schema generates the JSON Schemas of the input formats from the Go
// types, so that the schema and the loader cannot drift apart.
package schema

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/aims-cli/aims/pkg/model"
)

// Names lists the schemas `aims schema` prints.
var Names = []string{"inventory", "agent", "config", "event"}

// BaseURL is the $id prefix of the schemas. Nothing is fetched from it.
const BaseURL = "https://aims-cli.github.io/schema/v1/"

// Generate returns the JSON Schema (draft 2020-12) of one input format, indented.
func Generate(name string) ([]byte, error) {
	var v any
	tag := "yaml"
	switch name {
	case "inventory":
		v = &model.Inventory{}
	case "agent":
		v = &model.Agent{}
	case "config":
		v = &model.Config{}
	case "event":
		v, tag = &model.Event{}, "json"
	default:
		return nil, fmt.Errorf("unknown schema %q (want one of: %s)", name, strings.Join(Names, ", "))
	}
	r := &jsonschema.Reflector{
		FieldNameTag:               tag,
		AllowAdditionalProperties:  false,
		RequiredFromJSONSchemaTags: true,
		ExpandedStruct:             true,
		Mapper:                     mapper,
	}
	s := r.Reflect(v)
	setRegistryEnums(s, reflect.TypeOf(v).Elem(), tag)
	s.ID = jsonschema.ID(BaseURL + name + ".json")
	s.Title = "aims " + name
	if name != "event" {
		// YAML keys the loader ignores (yaml:"-") never reach the schema; a
		// yaml-language-server comment is not a key, so nothing else to allow.
		s.Description = "aims/v1 " + name + " file. Unknown fields are errors; dates are YYYY-MM-DD."
	} else {
		s.Description = "One native audit-log event (a line of a JSON Lines export)."
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

var (
	dateType = reflect.TypeOf(model.Date{})
	dpaType  = reflect.TypeOf(model.DPA{})
)

// mapper describes the types the reflector cannot see through.
func mapper(t reflect.Type) *jsonschema.Schema {
	switch t {
	case dateType:
		return &jsonschema.Schema{Type: "string", Format: "date", Pattern: `^\d{4}-\d{2}-\d{2}$`}
	case dpaType:
		// true/false: an agreement is in place or not, no document
		// referenced; a string is the agreement's path or URL.
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{{Type: "boolean"}, {Type: "string", MinLength: ptrU(1)}}}
	}
	return nil
}

func ptrU(n uint64) *uint64 { return &n }

// Sorted returns names sorted, for help texts.
func Sorted() []string {
	out := append([]string(nil), Names...)
	sort.Strings(out)
	return out
}
