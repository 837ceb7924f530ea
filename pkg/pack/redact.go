package pack

import (
	"reflect"

	"github.com/aims-cli/aims/pkg/model"
)

// RedactResult returns a deep copy of res with redact applied to every string
// (map keys included). Nil slices stay nil and empty ones empty: a grant's nil
// Operations means "any" and an empty list means "none".
func RedactResult(res *model.Result, redact func(string) string) *model.Result {
	c := &cloner{redact: redact, memo: map[string]string{}}
	return c.value(reflect.ValueOf(res)).Interface().(*model.Result)
}

type cloner struct {
	redact func(string) string
	// memo spares the redactor's regular expressions the many repeated
	// strings of a large result (tool names, statuses, severities).
	memo map[string]string
}

// minSecretLen is below the shortest credential the redactor can match
// ("a://b:c@"), so shorter strings skip it.
const minSecretLen = 8

func (c *cloner) str(s string) string {
	if len(s) < minSecretLen {
		return s
	}
	if r, ok := c.memo[s]; ok {
		return r
	}
	r := c.redact(s)
	c.memo[s] = r
	return r
}

func (c *cloner) value(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		n := reflect.New(v.Type().Elem())
		n.Elem().Set(c.value(v.Elem()))
		return n
	case reflect.Struct:
		n := reflect.New(v.Type()).Elem()
		n.Set(v) // unexported fields (time.Time's) are copied as they are
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				n.Field(i).Set(c.value(v.Field(i)))
			}
		}
		return n
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		if v.Type().Elem().Kind() == reflect.Uint8 {
			reflect.Copy(n, v)
			return n
		}
		for i := 0; i < v.Len(); i++ {
			n.Index(i).Set(c.value(v.Index(i)))
		}
		return n
	case reflect.Array:
		n := reflect.New(v.Type()).Elem()
		for i := 0; i < v.Len(); i++ {
			n.Index(i).Set(c.value(v.Index(i)))
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		n := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			n.SetMapIndex(c.value(it.Key()), c.value(it.Value()))
		}
		return n
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		n := reflect.New(v.Type()).Elem()
		n.Set(c.value(v.Elem()))
		return n
	case reflect.String:
		n := reflect.New(v.Type()).Elem()
		n.SetString(c.str(v.String()))
		return n
	}
	return v
}
