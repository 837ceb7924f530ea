package pdf

import (
	"strconv"
	"strings"
	"time"

	"github.com/aims-cli/aims/pkg/model"
)

// tone is a status or severity colour: solid for the chart and legends, tint
// for the cell fill, and a dark shade for the cell text.
type tone struct{ solid, tint, ink rgb }

var (
	tonePass     = tone{rgb{46, 125, 50}, rgb{225, 240, 226}, rgb{27, 94, 32}}
	tonePartial  = tone{rgb{232, 150, 30}, rgb{253, 239, 214}, rgb{150, 85, 0}}
	toneFail     = tone{rgb{198, 40, 40}, rgb{250, 222, 222}, rgb{160, 20, 20}}
	toneManual   = tone{rgb{88, 112, 160}, rgb{226, 232, 243}, rgb{52, 72, 120}}
	toneNA       = tone{rgb{160, 164, 168}, rgb{237, 238, 240}, rgb{90, 96, 102}}
	toneCritical = tone{rgb{120, 20, 30}, rgb{240, 212, 215}, rgb{110, 12, 24}}
	toneLow      = tone{rgb{96, 125, 139}, rgb{229, 236, 240}, rgb{55, 75, 85}}
	toneNone     = tone{colMuted, rgb{240, 241, 243}, colMuted}
)

func statusTone(s string) tone {
	switch s {
	case model.StatusPass:
		return tonePass
	case model.StatusPartial:
		return tonePartial
	case model.StatusFail:
		return toneFail
	case model.StatusManual:
		return toneManual
	case model.StatusNotApplicable:
		return toneNA
	}
	return toneNone
}

func statusLabel(s string) string {
	switch s {
	case model.StatusPass:
		return "Pass"
	case model.StatusPartial:
		return "Partial"
	case model.StatusFail:
		return "Fail"
	case model.StatusManual:
		return "Manual"
	case model.StatusNotApplicable:
		return "Not applicable"
	case "":
		return "Not assessed"
	}
	return s
}

func severityTone(s string) tone {
	switch strings.ToLower(s) {
	case model.SeverityCritical:
		return toneCritical
	case model.SeverityHigh:
		return toneFail
	case model.SeverityMedium:
		return tonePartial
	case model.SeverityLow:
		return toneLow
	}
	return toneNone
}

func severityLabel(s string) string {
	if s == "" {
		return "None"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func statusCell(s string) cell {
	t := statusTone(s)
	return cell{runs: []run{{text: statusLabel(s), st: bold, col: t.ink}}, badge: &t.tint}
}

func severityCell(s string) cell {
	t := severityTone(s)
	return cell{runs: []run{{text: severityLabel(s), st: bold, col: t.ink}}, badge: &t.tint}
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func boolPtr(b *bool) string {
	if b == nil {
		return "Not answered"
	}
	return yesNo(*b)
}

// list renders a grant list: nil means any, empty means none (model.Grant).
func list(xs []string) string {
	switch {
	case xs == nil:
		return "any"
	case len(xs) == 0:
		return "none"
	}
	return strings.Join(xs, ", ")
}

func joinOr(xs []string, empty string) string {
	if len(xs) == 0 {
		return empty
	}
	return strings.Join(xs, ", ")
}

func itoa(n int) string { return strconv.Itoa(n) }

// thousands formats 1234567 as 1,234,567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func bytesText(n int64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GiB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

func posText(p model.Pos) string { return p.String() }

func tierLabel(t string) string {
	if t == "" {
		return "Not declared"
	}
	return severityLabel(t)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(int64(n)) + " " + many
}

// upperFirst starts a sentence the domain packages write in lower case.
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
