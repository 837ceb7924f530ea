package model

import (
	"encoding/json"
	"fmt"
	"strings"
)

// DPA is a vendor's data-processing agreement as the inventory declares it:
// `dpa: true` (an agreement is in place, no document referenced), `dpa:
// false` (there is none), or the path or URL of the agreement, which is then
// judged as evidence. The zero value means the key was not given.
type DPA struct {
	// Given is true when the inventory sets dpa at all.
	Given bool
	// InPlace is true for `true` and for a reference.
	InPlace bool
	// Ref is the path or URL; empty for `true` and `false`.
	Ref string
}

// DPARef is a DPA that references its document.
func DPARef(ref string) DPA { return DPA{Given: true, InPlace: true, Ref: ref} }

// DPAInPlace is `dpa: true` or `dpa: false`.
func DPAInPlace(inPlace bool) DPA { return DPA{Given: true, InPlace: inPlace} }

// ParseDPAScalar reads one YAML scalar of dpa. tag is the node's resolved
// tag: a YAML boolean is the agreement's state, never a file name; so is a
// string spelled true/false/yes/no, since no agreement is filed under such a
// name and a quoted `"true"` means what the bare one does.
func ParseDPAScalar(tag, value string) (DPA, error) {
	v := strings.TrimSpace(value)
	switch tag {
	case "!!bool":
		return DPAInPlace(strings.EqualFold(v, "true")), nil
	case "!!str", "":
		switch strings.ToLower(v) {
		case "":
			return DPA{}, nil
		case "true", "yes":
			return DPAInPlace(true), nil
		case "false", "no":
			return DPAInPlace(false), nil
		}
		return DPARef(value), nil
	}
	return DPA{}, fmt.Errorf("expected true, false or the path or URL of the agreement, got %s", value)
}

// IsZero reports whether dpa was not given (for omitzero).
func (d DPA) IsZero() bool { return !d.Given }

// String is how reports show the agreement.
func (d DPA) String() string {
	switch {
	case !d.Given:
		return ""
	case d.Ref != "":
		return d.Ref
	case d.InPlace:
		return "in place (no document referenced)"
	}
	return "none"
}

// MarshalJSON writes true, false or the reference, as the input spells it.
func (d DPA) MarshalJSON() ([]byte, error) {
	switch {
	case !d.Given:
		return []byte("null"), nil
	case d.Ref != "":
		return json.Marshal(d.Ref)
	}
	return json.Marshal(d.InPlace)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *DPA) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case nil:
		*d = DPA{}
	case bool:
		*d = DPAInPlace(x)
	case string:
		p, err := ParseDPAScalar("!!str", x)
		if err != nil {
			return err
		}
		*d = p
	default:
		return fmt.Errorf("dpa: expected true, false or a path or URL")
	}
	return nil
}

// MarshalYAML writes true, false or the reference.
func (d DPA) MarshalYAML() (any, error) {
	switch {
	case !d.Given:
		return nil, nil
	case d.Ref != "":
		return d.Ref, nil
	}
	return d.InPlace, nil
}
