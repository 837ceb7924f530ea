package model

import (
	"encoding/json"
	"fmt"
	"time"
)

// DateLayout is the calendar-date form used in every input.
const DateLayout = "2006-01-02"

// Date is a calendar date (YYYY-MM-DD) in UTC. The zero value means "not given".
type Date struct{ time.Time }

// ParseDate parses YYYY-MM-DD and rejects impossible dates such as 2026-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a calendar date (YYYY-MM-DD)", s)
	}
	return Date{t.UTC()}, nil
}

// MustDate is ParseDate for literals in tests and generated data; it panics on a bad literal.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String renders the date, or "" when not given.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// MarshalJSON writes "YYYY-MM-DD", or null when not given.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalYAML writes the date as a plain string.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// DaysSince returns whole days from d to now; -1 when d is not given.
func (d Date) DaysSince(now time.Time) int {
	if d.IsZero() {
		return -1
	}
	return int(now.UTC().Sub(d.Time).Hours() / 24)
}

// AddMonths returns d plus n calendar months.
func (d Date) AddMonths(n int) Date { return Date{d.AddDate(0, n, 0)} }
