// Package scenario scores aims against planted findings: each folder under
// testdata/scenarios is a small project whose expected.yaml (the oracle)
// lists every finding `aims assess` and `aims logs analyze` must report and
// the traps they must not. The tests run the real command tree and compute
// precision and recall against the oracle.
package scenario

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/model"
)

// Oracle is one scenario's expected.yaml.
type Oracle struct {
	// Now is the clock the scenario is judged at (RFC 3339).
	Now string `yaml:"now"`
	// Commands that must report the findings: assess, logs (default both;
	// logs sees only log findings, so config findings are expected of assess).
	Findings []Expect `yaml:"findings"`
	// MustNot are traps: findings a correct reader does not report.
	MustNot []Expect `yaml:"must_not"`
	// Blockers, when given, are all the certification blockers assess must
	// list (summary.blockers), no more and no fewer.
	Blockers []BlockerExpect `yaml:"blockers"`
}

// BlockerExpect is one expected certification blocker.
type BlockerExpect struct {
	Kind    string `yaml:"kind"`
	Control string `yaml:"control"`
	Why     string `yaml:"why"`
	// KnownGap marks a blocker aims reports today only because of a known
	// false finding (the reason and owner): tolerated while it is reported,
	// and reported as fixed once it is gone, so the mark cannot outlive it.
	KnownGap string `yaml:"known_gap"`
}

func (b BlockerExpect) String() string { return b.Kind + " " + b.Control }

// GradeBlockers compares the blockers assess reported (kind and control)
// with the oracle's; it returns the missing and the unexpected ones, the
// known-gap blockers still reported (gaps) and those no longer reported
// (fixed: the known_gap entry can go).
func GradeBlockers(o *Oracle, got []model.Blocker) (missing, extra, gaps, fixed []string) {
	want := map[string]BlockerExpect{}
	for _, b := range o.Blockers {
		want[b.String()] = b
	}
	seen := map[string]bool{}
	for _, b := range got {
		k := BlockerExpect{Kind: b.Kind, Control: b.Control}.String()
		seen[k] = true
		w, ok := want[k]
		switch {
		case !ok:
			extra = append(extra, k)
		case w.KnownGap != "":
			gaps = append(gaps, k)
		}
	}
	for _, b := range o.Blockers {
		switch {
		case seen[b.String()]:
		case b.KnownGap != "":
			fixed = append(fixed, b.String())
		default:
			missing = append(missing, b.String())
		}
	}
	sort.Strings(extra)
	sort.Strings(gaps)
	return missing, extra, gaps, fixed
}

// Expect is one finding of the oracle. Empty fields match anything, except
// that Check and Subject are required.
type Expect struct {
	Check     string `yaml:"check"`
	Subject   string `yaml:"subject"`
	Severity  string `yaml:"severity"`
	Tool      string `yaml:"tool"`
	Operation string `yaml:"operation"`
	// At is the cited file:line (the file relative to the project root).
	At string `yaml:"at"`
	// In lists the commands that report it: [assess, logs]; default: assess,
	// and logs too when the check is a log check (logs.*).
	In []string `yaml:"in"`
	// Why says what was planted (or why a trap is one).
	Why string `yaml:"why"`
	// KnownGap marks an entry aims gets wrong today, with the reason and the
	// owner to route it to: a miss (or, for a trap, a false finding) is
	// reported but does not fail the test.
	KnownGap string `yaml:"known_gap"`
}

// ReadOracle reads and checks expected.yaml.
func ReadOracle(path string) (*Oracle, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var o Oracle
	if err := dec.Decode(&o); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, e := range append(append([]Expect(nil), o.Findings...), o.MustNot...) {
		if e.Check == "" || e.Subject == "" {
			return nil, fmt.Errorf("%s: entry %d needs check and subject", path, i+1)
		}
		if e.At != "" {
			if _, _, err := splitAt(e.At); err != nil {
				return nil, fmt.Errorf("%s: entry %d: %w", path, i+1, err)
			}
		}
		for _, c := range e.In {
			if c != "assess" && c != "logs" {
				return nil, fmt.Errorf("%s: entry %d: in: %q is not assess or logs", path, i+1, c)
			}
		}
	}
	return &o, nil
}

func splitAt(at string) (string, int, error) {
	i := strings.LastIndexByte(at, ':')
	if i <= 0 {
		return "", 0, fmt.Errorf("at %q: want FILE:LINE", at)
	}
	n, err := strconv.Atoi(at[i+1:])
	if err != nil || n <= 0 {
		return "", 0, fmt.Errorf("at %q: want FILE:LINE", at)
	}
	return at[:i], n, nil
}

// ReportedIn says whether command cmd (assess or logs) must report e.
func (e Expect) ReportedIn(cmd string) bool {
	if len(e.In) == 0 {
		return cmd == "assess" || strings.HasPrefix(e.Check, "logs.")
	}
	for _, c := range e.In {
		if c == cmd {
			return true
		}
	}
	return false
}

// Matches says whether finding f is the one e describes. Tool and operation
// are compared with the structured fields where the finding fills them, and
// otherwise must be named in its message (log findings do not all carry the
// fields yet).
func (e Expect) Matches(f model.Finding) bool {
	if f.Check != e.Check || f.Subject != e.Subject {
		return false
	}
	if e.Severity != "" && f.Severity != e.Severity {
		return false
	}
	if e.At != "" {
		file, line, _ := splitAt(e.At)
		if f.Location.File != file || f.Location.Line != line {
			return false
		}
	}
	named := func(want, field string) bool {
		if want == "" {
			return true
		}
		if field != "" {
			return field == want
		}
		return strings.Contains(f.Message, want)
	}
	return named(e.Tool, f.Tool) && named(e.Operation, f.Operation)
}

func (e Expect) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", e.Check, e.Subject)
	if e.Severity != "" {
		fmt.Fprintf(&b, " [%s]", e.Severity)
	}
	if e.Tool != "" || e.Operation != "" {
		fmt.Fprintf(&b, " %s:%s", e.Tool, e.Operation)
	}
	if e.At != "" {
		fmt.Fprintf(&b, " at %s", e.At)
	}
	if e.Why != "" {
		fmt.Fprintf(&b, " (%s)", e.Why)
	}
	return b.String()
}

// Score is one command's result against the oracle.
type Score struct {
	Command string
	// Matched, Reported and Expected count findings: precision is
	// Matched/Reported, recall Matched/Expected.
	Matched, Reported, Expected int
	// Missed are expected findings not reported; False are reported findings
	// no entry expects; Trapped are reported findings a trap names.
	Missed  []Expect
	False   []model.Finding
	Trapped []Expect
	// Gaps are known-gap entries that went wrong as the oracle says they do;
	// Fixed are known-gap entries that are now right (the mark can go).
	Gaps, Fixed []Expect
	// Sampled are traps whose record a finding the oracle expects cites
	// among its samples: the finding is right at its location, but an
	// auditor sampling that record finds nothing wrong there.
	Sampled []Expect
}

// Precision is the share of reported findings that the oracle expects (1 when none were reported).
func (s Score) Precision() float64 { return ratio(s.Matched, s.Reported) }

// Recall is the share of expected findings that were reported (1 when none were expected).
func (s Score) Recall() float64 { return ratio(s.Matched, s.Expected) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Grade scores the findings one command reported. A known-gap expected entry
// that is missed counts neither as expected nor as missed; a finding that
// matches a known-gap trap does not count as reported.
func Grade(o *Oracle, cmd string, got []model.Finding) Score {
	s := Score{Command: cmd}
	used := make([]bool, len(got))
	for _, e := range o.Findings {
		if !e.ReportedIn(cmd) {
			continue
		}
		hit := -1
		for i, f := range got {
			if !used[i] && e.Matches(f) {
				hit = i
				break
			}
		}
		switch {
		case hit >= 0 && e.KnownGap != "":
			used[hit] = true
			s.Fixed = append(s.Fixed, e)
			s.Matched++
			s.Expected++
		case hit >= 0:
			used[hit] = true
			s.Matched++
			s.Expected++
		case e.KnownGap != "":
			s.Gaps = append(s.Gaps, e)
		default:
			s.Expected++
			s.Missed = append(s.Missed, e)
		}
	}
	for i, f := range got {
		if used[i] {
			continue
		}
		trap := -1
		for j, e := range o.MustNot {
			if e.ReportedIn(cmd) && e.Matches(f) {
				trap = j
				break
			}
		}
		switch {
		case trap >= 0 && o.MustNot[trap].KnownGap != "":
			s.Gaps = append(s.Gaps, o.MustNot[trap])
		case trap >= 0:
			s.Reported++
			s.Trapped = append(s.Trapped, o.MustNot[trap])
			s.False = append(s.False, f)
		default:
			s.Reported++
			s.False = append(s.False, f)
		}
	}
	s.Reported += s.Matched
	for _, e := range o.MustNot {
		if e.KnownGap == "" || !e.ReportedIn(cmd) {
			continue
		}
		caught := false
		for _, f := range got {
			if e.Matches(f) {
				caught = true
			}
		}
		if !caught {
			s.Fixed = append(s.Fixed, e)
		}
	}
	for _, e := range o.MustNot {
		if e.At == "" || e.KnownGap != "" || !e.ReportedIn(cmd) {
			continue
		}
		for i, f := range got {
			if used[i] && e.sampledBy(f) {
				s.Sampled = append(s.Sampled, e)
				break
			}
		}
	}
	sort.SliceStable(s.False, func(i, j int) bool { return s.False[i].Less(s.False[j]) })
	return s
}

// sampledBy says whether f, were it located at one of its samples, would be
// the finding trap e describes: f cites e's record as evidence.
func (e Expect) sampledBy(f model.Finding) bool {
	for _, smp := range f.Samples {
		g := f
		g.Location = smp.Pos
		if e.Matches(g) {
			return true
		}
	}
	return false
}

// FormatFinding prints a reported finding the way an oracle entry reads.
func FormatFinding(f model.Finding) string {
	at := f.Location.File
	if f.Location.Line > 0 {
		at += ":" + strconv.Itoa(f.Location.Line)
	}
	return fmt.Sprintf("%s %s [%s] at %s: %s", f.Check, f.Subject, f.Severity, at, f.Message)
}
