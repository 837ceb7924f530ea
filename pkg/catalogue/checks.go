package catalogue

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/suggest"
)

var (
	checkKinds = []string{CheckKindCEL, CheckKindGo}
	detectors  = []string{DetectorLogs, DetectorEngine, DetectorDiff}
	// findingSubjects are the subject kinds a finding can have (Go checks).
	findingSubjects = []string{model.SubjectOrganization, model.SubjectSystem, model.SubjectAgent, model.SubjectVendor,
		model.SubjectPolicy, model.SubjectControl, model.SubjectLogFile}
)

// validateCheck checks one declared check and returns the kind of subject it
// judges ("" when it cannot be compiled). A Go check has no CEL: the catalogue only names it, its control(s),
// severity and remediation, and the detector that emits it.
func validateCheck(set *Set, ctl *Control, ck *Check) (string, model.Problems) {
	var probs model.Problems
	at := func(key string) model.Pos { return posOr(ck.FieldPos, key, ck.Pos) }
	if ck.Title == "" {
		probs = append(probs, problem(ck.Pos, "check %s: title is required", ck.ID))
	}
	if !slices.Contains(model.Severities, ck.Severity) {
		probs = append(probs, problem(at("severity"), "check %s: severity %q must be one of %s", ck.ID, ck.Severity, strings.Join(model.Severities, ", ")))
	}
	if ck.Kind == "" {
		ck.Kind = CheckKindCEL
	}
	if !slices.Contains(checkKinds, ck.Kind) {
		probs = append(probs, problem(at("kind"), "check %s: kind %q must be one of %s", ck.ID, ck.Kind, strings.Join(checkKinds, ", ")))
		return "", probs
	}
	if ck.IsGo() {
		// A Go check names the kind of subject its findings have, if one.
		if ck.Subject != "" && !slices.Contains(findingSubjects, ck.Subject) {
			probs = append(probs, problem(at("subject"), "check %s: subject %q must be one of %s", ck.ID, ck.Subject, strings.Join(findingSubjects, ", ")))
		}
		if !slices.Contains(detectors, ck.Detector) {
			probs = append(probs, problem(at("detector"), "check %s: a go check names its detector, one of %s (found %q)", ck.ID, strings.Join(detectors, ", "), ck.Detector))
		}
		for _, f := range []struct{ key, v string }{{"rule", ck.Rule}, {"when", ck.When}, {"message", ck.Message}, {"path_from", ck.PathFrom}} {
			if f.v != "" {
				probs = append(probs, problem(at(f.key), "check %s: a go check has no %s (its detector decides)", ck.ID, f.key))
			}
		}
		if ck.SeverityFrom != "" && ck.SeverityFrom != SeverityFromDetector {
			probs = append(probs, problem(at("severity_from"), "check %s: severity_from of a go check can only be %q", ck.ID, SeverityFromDetector))
		}
		seen := map[string]bool{ctl.ID: true}
		for _, id := range ck.Controls {
			other, ok := set.byID[id]
			switch {
			case !ok:
				hint := ""
				if near := suggest.Closest(id, controlIDs(set.controls)); near != "" {
					hint = fmt.Sprintf(" (did you mean %s?)", near)
				}
				probs = append(probs, problem(at("controls"), "check %s names unknown control %s%s", ck.ID, id, hint))
			case seen[id]:
				probs = append(probs, problem(at("controls"), "check %s lists control %s twice", ck.ID, id))
			default:
				seen[id] = true
				set.also[other.ID] = append(set.also[other.ID], ck)
			}
		}
		return ck.Subject, probs
	}
	subject := ck.Subject
	if subject == "" {
		subject = ctl.AppliesTo
	}
	if subject == "" {
		subject = model.SubjectOrganization
	}
	if ck.Detector != "" || len(ck.Controls) > 0 || ck.PerControl {
		probs = append(probs, problem(at("detector"), "check %s: detector, controls and per_control belong to go checks (kind: go)", ck.ID))
	}
	if !slices.Contains(appliesTo, subject) {
		probs = append(probs, problem(at("subject"), "check %s: subject %q must be one of %s", ck.ID, subject, strings.Join(appliesTo, ", ")))
		return "", probs
	}
	return subject, probs
}

// applyOverrides applies every Checks document's overrides to the declared
// checks, in file order; one check may be overridden once.
func applyOverrides(set *Set, docs []*parsed) model.Problems {
	var probs model.Problems
	done := map[string]model.Pos{}
	for _, d := range docs {
		if d.checks == nil {
			continue
		}
		for _, o := range d.checks.Overrides {
			at := func(key string) model.Pos { return posOr(o.FieldPos, key, o.Pos) }
			ck, ok := set.checks[o.Check]
			switch {
			case o.Check == "":
				probs = append(probs, problem(o.Pos, "an override names no check"))
				continue
			case !ok:
				hint := ""
				if near := suggest.Closest(o.Check, set.checkIDs()); near != "" {
					hint = fmt.Sprintf(" (did you mean %s?)", near)
				}
				probs = append(probs, problem(at("check"), "override of unknown check %s%s (aims controls show CONTROL lists the checks)", o.Check, hint))
				continue
			}
			if prev, dup := done[o.Check]; dup {
				probs = append(probs, problem(at("check"), "check %s is overridden twice (first at %s)", o.Check, prev))
				continue
			}
			done[o.Check] = o.Pos
			bad := false
			if o.Severity != "" && !slices.Contains(model.Severities, o.Severity) {
				probs = append(probs, problem(at("severity"), "override of %s: severity %q must be one of %s", o.Check, o.Severity, strings.Join(model.Severities, ", ")))
				bad = true
			}
			if o.Severity == "" && strings.TrimSpace(o.Remediation) == "" && !o.Disable {
				probs = append(probs, problem(o.Pos, "override of %s changes nothing: give severity, remediation or disable", o.Check))
				bad = true
			}
			if o.Disable && strings.TrimSpace(o.Reason) == "" {
				probs = append(probs, problem(at("disable"), "override of %s disables it without a reason; an auditor asks why a check does not run", o.Check))
				bad = true
			}
			if bad {
				continue
			}
			if o.Severity != "" {
				ck.Severity, ck.SeverityFrom = o.Severity, ""
			}
			if r := strings.TrimSpace(o.Remediation); r != "" {
				ck.Remediation = r
			}
			cp := o
			ck.Override = &cp
		}
	}
	return probs
}

// overridePositions records where an override and its keys are.
func (s *strict) overridePositions(n *yaml.Node, o *Override) {
	o.Pos = s.pos(n)
	o.FieldPos = model.Positions{}
	for _, f := range []string{"check", "severity", "remediation", "disable", "reason"} {
		if v := mapValue(n, f); v != nil {
			o.FieldPos[f] = s.pos(v)
		}
	}
}

func (s *Set) checkIDs() []string {
	out := make([]string, 0, len(s.checks))
	for id := range s.checks {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Check returns the declared check with this ID, CEL or Go, with any user
// override already applied.
func (s *Set) Check(id string) (*Check, bool) {
	c, ok := s.checks[id]
	return c, ok
}

// ChecksFor returns every check that tests the control: its CEL rules in
// catalogue order, then the Go checks that report against it (its own and
// those that list it under controls) by ID. Checks that judge every
// control's attestation (per_control) are listed here only under their own
// control; PerControlChecks names them.
func (s *Set) ChecksFor(controlID string) []*Check {
	var cel, gos []*Check
	if c, ok := s.byID[controlID]; ok {
		for i := range c.Checks {
			ck := &c.Checks[i]
			switch {
			case s.checks[ck.ID] != ck: // a duplicate, reported when loading
			case ck.IsGo():
				gos = append(gos, ck)
			default:
				cel = append(cel, ck)
			}
		}
	}
	gos = append(gos, s.also[controlID]...)
	sort.SliceStable(gos, func(i, j int) bool { return gos[i].ID < gos[j].ID })
	return append(cel, gos...)
}

// PerControlChecks returns the Go checks that may report against any
// control (they judge its attestation or evidence), by ID.
func (s *Set) PerControlChecks() []*Check {
	var out []*Check
	for _, c := range s.checks {
		if c.PerControl {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// GoChecks returns the IDs of the Go checks whose detector is det, sorted.
func (s *Set) GoChecks(det string) []string {
	var out []string
	for id, c := range s.checks {
		if c.IsGo() && c.Detector == det {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// ReportsTo reports whether a finding of the check may carry this control:
// its own control or one it lists.
func (c *Check) ReportsTo(control string) bool {
	return c.Control == control || c.PerControl || slices.Contains(c.Controls, control)
}

// Apply makes a Go detector's observation a finding as the catalogue
// declares its check: the declared severity (unless the detector picks it
// per finding and no override says otherwise); the remediation of a user
// override, else the detector's own, else the check's, else the control's.
// It reports false when a user catalogue disabled the check: the finding is
// then dropped. A check the loaded catalogues do not declare (a run without
// builtin) keeps what the detector said. CEL findings are made from their
// declaration already and pass through unchanged.
func (s *Set) Apply(f *model.Finding) bool {
	if ck, ok := s.checks[f.Check]; ok && ck.IsGo() {
		if ck.Disabled() {
			return false
		}
		overridden := ck.Override != nil
		if ck.SeverityFrom != SeverityFromDetector || (overridden && ck.Override.Severity != "") {
			f.Severity = ck.Severity
		}
		if (overridden && ck.Override.Remediation != "") || f.Remediation == "" {
			f.Remediation = strings.TrimSpace(ck.Remediation)
		}
	}
	if c, ok := s.byID[f.Control]; ok && f.Remediation == "" {
		f.Remediation = strings.TrimSpace(c.Remediation)
	}
	return true
}

// ApplyAll applies the declarations to every finding and returns those kept,
// in order, in a new slice.
func (s *Set) ApplyAll(fs []model.Finding) []model.Finding {
	out := make([]model.Finding, 0, len(fs))
	for _, f := range fs {
		if s.Apply(&f) {
			out = append(out, f)
		}
	}
	return out
}
