package secrets

import "reflect"

// Scrub returns a deep copy of v with redact applied to every string (map
// keys included); nil redact means RedactString. Nil slices stay nil and
// empty ones empty (a grant's nil Operations means "any", an empty list
// "none"). It is the one step that keeps text read from logs or computed
// from inputs out of every output, whichever writer prints it.
func Scrub[T any](v T, redact func(string) string) T {
	if redact == nil {
		redact = RedactString
	}
	c := &cloner{redact: redact, memo: map[string]string{}, minLen: minSecretLen}
	out := new(T)
	reflect.ValueOf(out).Elem().Set(c.value(reflect.ValueOf(&v).Elem()))
	return *out
}

// MapStrings returns a deep copy of v with f applied to every string (map
// keys included), as Scrub does, for transformations of any length (a
// writer's escaping of control characters).
func MapStrings[T any](v T, f func(string) string) T {
	c := &cloner{redact: f, memo: map[string]string{}}
	out := new(T)
	reflect.ValueOf(out).Elem().Set(c.value(reflect.ValueOf(&v).Elem()))
	return *out
}

type cloner struct {
	minLen int
	redact func(string) string
	// memo spares the redactor's regular expressions the many repeated
	// strings of a large result (tool names, statuses, severities).
	memo map[string]string
}

// minSecretLen is below the shortest credential the redactor can match
// ("a://b:c@"), so shorter strings skip it.
const minSecretLen = 8

func (c *cloner) str(s string) string {
	if len(s) < c.minLen {
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
