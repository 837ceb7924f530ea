package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"github.com/aims-cli/aims/pkg/report/textsafe"
	"io"
	"os"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/soa"
	"github.com/aims-cli/aims/templates"
)

// Builtin templates in package templates.
const (
	builtinResultTemplate = "report.md.tmpl"
	builtinLogsTemplate   = "logs.md.tmpl"
)

// writeTemplate executes the builtin template name, or the user's template
// file at path, over data. Rendering goes to a buffer first so that a
// template failing half-way writes nothing.
func writeTemplate(w io.Writer, name, path string, data any, opts Options) error {
	var tmpl *template.Template
	var err error
	switch {
	case name != "":
		tmpl, err = template.New(name).Funcs(TemplateFuncs(opts)).ParseFS(templates.FS, name)
		if err != nil {
			return fmt.Errorf("builtin template %s: %w", name, err)
		}
	case path == "":
		return &TemplateError{Path: "(none)", Err: fmt.Errorf("--format template needs --template FILE")}
	default:
		src, rerr := os.ReadFile(path)
		if rerr != nil {
			return &TemplateError{Path: path, Err: rerr}
		}
		tmpl, err = template.New(path).Funcs(TemplateFuncs(opts)).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return &TemplateError{Path: path, Err: err}
		}
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		if path != "" {
			return &TemplateError{Path: path, Err: err}
		}
		return fmt.Errorf("builtin template %s: %w", name, err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// FindingGroup is the findings of one severity, for templates.
type FindingGroup struct {
	Severity string
	Findings []model.Finding
}

// TemplateFuncs are the functions every report template can call, builtin or
// the user's (--format template --template FILE). The data is the
// *model.Result (assess) or the *model.LogSummary (logs analyze), the same
// values the json format writes, except that files inside the project root
// are named relative to it.
//
//	md S              S escaped for a markdown table cell (one line, | < > ` * _ [ ] \ escaped)
//	code S            S as inline code (empty stays empty)
//	oneLine S         newlines and tabs folded to single spaces
//	xml S / csv S     S escaped for XML text / defused for a spreadsheet cell
//	upper, lower, title, trim, join LIST SEP, split S SEP, replace S OLD NEW, contains, hasPrefix, hasSuffix, repeat
//	default DEF V     V, or DEF when V is empty
//	add A B, sub A B  integers
//	plural N WORD     "1 finding", "2 findings"
//	signed N          "+3", "-1", "0"
//	date T, rfc3339 T a time.Time or model.Date as YYYY-MM-DD / RFC 3339
//	period P          a model.Period as "2026-01-01 to 2026-06-30"
//	catalogue C       an model.CatalogueRef as "id title (version) sha256:..."
//	statuses          control statuses in report order
//	severities        finding severities, highest first
//	count MAP KEY     MAP[KEY], 0 when absent
//	annexA CONTROLS, clauses CONTROLS, controlsOfKind KIND CONTROLS   sorted by ID
//	findingGroups FINDINGS            []FindingGroup, highest severity first, empty groups left out
//	findingsBySeverity SEV FINDINGS, findingsFor CONTROL FINDINGS, findingsOf SUBJECT FINDINGS
//	sortAgents AGENTS                 []model.AgentResult by ID
//	riskBelow DECLARED COMPUTED       true when the declared risk is below the computed tier
//	                                  (tiers only; .Risk.State of an agent is the verdict with risk acceptances)
//	views FRAMEWORKS                  the views selected by --framework (all when none)
//	mapped ITEM                       a framework item's controls with their statuses
//	framework                         the --framework value
//	toJSON V                          V as indented JSON
//	mermaid S                         S safe inside a quoted Mermaid node label
//	keyPath MODEL                     "BYOK, direct", "through the vendor" or "key path not declared"
//	sysFlow SYSTEM                    the system's data flow as a Mermaid flowchart
func TemplateFuncs(opts Options) template.FuncMap {
	return template.FuncMap{
		"md":        mdCell,
		"code":      code,
		"oneLine":   oneLine,
		"xml":       xmlEscape,
		"csv":       safeCell,
		"upper":     strings.ToUpper,
		"lower":     strings.ToLower,
		"title":     titleWord,
		"trim":      strings.TrimSpace,
		"join":      func(list []string, sep string) string { return strings.Join(list, sep) },
		"split":     strings.Split,
		"replace":   strings.ReplaceAll,
		"contains":  strings.Contains,
		"hasPrefix": strings.HasPrefix,
		"hasSuffix": strings.HasSuffix,
		"repeat":    strings.Repeat,
		"default": func(def string, v any) string {
			s := fmt.Sprint(v)
			if v == nil || s == "" {
				return def
			}
			return s
		},
		"add":    func(a, b int) int { return a + b },
		"sub":    func(a, b int) int { return a - b },
		"plural": func(n int, word string) string { return fmt.Sprintf("%d %s%s", n, word, plural(n)) },
		"signed": func(n int) string {
			if n > 0 {
				return fmt.Sprintf("+%d", n)
			}
			return fmt.Sprint(n)
		},
		"date":       dateOf,
		"rfc3339":    rfc3339Of,
		"period":     periodString,
		"catalogue":  catalogueString,
		"statuses":   func() []string { return slices.Clone(model.Statuses) },
		"severities": severitiesHighFirst,
		"count":      func(m map[string]int, key string) int { return m[key] },
		// justification is the SoA's (pkg/pack/soa): the declared one, else
		// the derived default prefixed "derived default: ".
		"justification": func(c model.ControlResult) string {
			text, source := soa.Justification(c)
			if source == soa.Derived {
				return source + ": " + text
			}
			return text
		},
		"annexA": func(cs []model.ControlResult) []model.ControlResult {
			return controlsOfKind("annex-a-control", cs)
		},
		"clauses": func(cs []model.ControlResult) []model.ControlResult {
			return controlsOfKind("clause", cs)
		},
		"controlsOfKind":     controlsOfKind,
		"findingGroups":      findingGroups,
		"findingsBySeverity": findingsBySeverity,
		"findingsFor": func(control string, fs []model.Finding) []model.Finding {
			return filterFindings(fs, func(f model.Finding) bool { return f.Control == control })
		},
		"findingsOf": func(subject string, fs []model.Finding) []model.Finding {
			return filterFindings(fs, func(f model.Finding) bool { return f.Subject == subject })
		},
		"sortAgents": sortedAgents,
		"riskBelow":  RiskBelow,
		"views":      func(vs []model.FrameworkView) []model.FrameworkView { return SelectViews(vs, opts.Framework) },
		"mapped":     mappedControls,
		"framework":  func() string { return opts.Framework },
		"mermaid":    mermaidLabel,
		"keyPath":    keyPath,
		"sysFlow":    systemMermaid,
		"toJSON": func(v any) (string, error) {
			b, err := json.MarshalIndent(v, "", "  ")
			return string(b), err
		},
	}
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "`", "\\`",
	"*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
)

// mdCell makes input text safe inside a markdown table cell: one line, no
// column breaks, no raw HTML, no emphasis or links the author did not mean.
func mdCell(s string) string { return textsafe.Markdown(mdEscaper.Replace(oneLine(s))) }

// code renders s as inline code, with a fence longer than any backtick run in s.
func code(s string) string {
	s = oneLine(s)
	if s == "" {
		return ""
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + strings.ReplaceAll(s, "|", `\|`) + pad + fence
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func titleWord(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func dateOf(v any) string {
	switch t := v.(type) {
	case time.Time:
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(model.DateLayout)
	case model.Date:
		return t.String()
	case *model.Date:
		if t == nil {
			return ""
		}
		return t.String()
	}
	return fmt.Sprint(v)
}

func rfc3339Of(v any) string {
	switch t := v.(type) {
	case time.Time:
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	case model.Date:
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

func controlsOfKind(kind string, cs []model.ControlResult) []model.ControlResult {
	var out []model.ControlResult
	for _, c := range sortedControls(cs) {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

func filterFindings(fs []model.Finding, keep func(model.Finding) bool) []model.Finding {
	var out []model.Finding
	for _, f := range sortedFindings(fs) {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

func findingsBySeverity(sev string, fs []model.Finding) []model.Finding {
	return filterFindings(fs, func(f model.Finding) bool { return strings.EqualFold(f.Severity, sev) })
}

// findingGroups groups findings by severity, highest first; severities
// outside the four (info, unknown) come last under their own name, so that
// no finding is left out of a report.
func findingGroups(fs []model.Finding) []FindingGroup {
	var out []FindingGroup
	idx := map[string]int{}
	for _, f := range sortedFindings(fs) {
		sev := strings.ToLower(f.Severity)
		i, ok := idx[sev]
		if !ok {
			i = len(out)
			idx[sev] = i
			out = append(out, FindingGroup{Severity: sev})
		}
		out[i].Findings = append(out[i].Findings, f)
	}
	return out
}

func mappedControls(it model.FrameworkItem) string {
	parts := make([]string, len(it.Controls))
	for i, c := range it.Controls {
		parts[i] = c
		if i < len(it.Statuses) && it.Statuses[i] != "" {
			parts[i] += " (" + it.Statuses[i] + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// mermaidLabel keeps a label inside its quotes: Mermaid ends a label at a
// quote and reads brackets, pipes and semicolons as syntax, so anything but
// plain text becomes '_' and the label stays on one line.
func mermaidLabel(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		case strings.ContainsRune(" -_.:/@*,+=", r):
			return r
		}
		return '_'
	}, oneLine(s))
}

// keyPath says how inference reaches the provider, from model.byok.
func keyPath(m model.Model) string {
	switch {
	case m.BYOK == nil:
		return "key path not declared"
	case *m.BYOK:
		return "BYOK, direct to the provider"
	}
	return "through the vendor"
}
