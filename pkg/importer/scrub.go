package importer

import (
	"reflect"

	"github.com/aims-cli/aims/pkg/secrets"
)

// scrub redacts every credential pkg/secrets recognises in every string an
// import writes: the agent's fields, notes, comments and the other header
// lists. The importers already leave out the values of env, headers and
// secret inputs; this is the backstop for a key pasted into a description,
// a URL with a password or a token in a tool argument, whichever source
// field it came from.
func scrub(ia *Agent) {
	scrubValue(reflect.ValueOf(&ia.Agent).Elem())
	for _, l := range []*[]string{&ia.Notes, &ia.Later, &ia.Offers, &ia.OutputReview, &ia.Unknown, &ia.Sources} {
		for i, s := range *l {
			(*l)[i] = secrets.RedactString(s)
		}
	}
	for k, v := range ia.Comments {
		ia.Comments[k] = secrets.RedactString(v)
	}
}

// scrubValue walks strings, string slices and nested structs; the model's
// agent holds nothing else that text can reach.
func scrubValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(secrets.RedactString(v.String()))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				scrubValue(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			scrubValue(v.Index(i))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			scrubValue(v.Elem())
		}
	}
}
