package auditlog

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aims-cli/aims/pkg/grant"
	"github.com/aims-cli/aims/pkg/model"
)

// Check IDs of the log findings.
const (
	CheckShadowAgent      = "logs.shadow-agent"
	CheckToolOutOfScope   = "logs.tool-out-of-scope"
	CheckOpOutOfScope     = "logs.operation-out-of-scope"
	CheckResourceOutScope = "logs.resource-out-of-scope"
	CheckModelNotAllowed  = "logs.model-not-allowed"
	CheckAfterRetirement  = "logs.activity-after-retirement"
	CheckBeforeApproval   = "logs.activity-before-approval"
	CheckReviewMissing    = "logs.human-review-missing"
	CheckRejectedToolRan  = "logs.rejected-tool-ran"
	CheckReviewUnknown    = "logs.human-review-undetermined"
	// CheckRejectedUnknown: a human rejected a call and the logs cannot
	// tell whether it ran (its record has no outcome that says so, or its
	// calls were beyond the matching bound).
	CheckRejectedUnknown    = "logs.rejected-call-outcome-unknown"
	CheckMissingInput       = "logs.missing-input"
	CheckMissingOutput      = "logs.missing-output"
	CheckCoverageGap        = "logs.coverage-gap"
	CheckUnusedGrant        = "logs.unused-grant"
	CheckUndeclaredData     = "logs.undeclared-data-category"
	CheckCoverageIncomplete = "logs.coverage-incomplete"
)

// Checks lists every check ID the log analysis emits. Each is declared in the
// catalogue (controls/iso42001/checks/detectors.yaml, detector log-analysis);
// a test in pkg/engine fails when the two lists differ.
var Checks = []string{
	CheckShadowAgent, CheckToolOutOfScope, CheckOpOutOfScope, CheckResourceOutScope, CheckModelNotAllowed,
	CheckAfterRetirement, CheckBeforeApproval, CheckReviewMissing, CheckRejectedToolRan, CheckReviewUnknown,
	CheckMissingInput, CheckMissingOutput, CheckCoverageGap, CheckUnusedGrant, CheckUndeclaredData,
	CheckCoverageIncomplete, CheckRejectedUnknown,
}

// summarize turns the merged aggregate into the summary with its findings.
func summarize(g *agg, files []*inputFile, stats []model.LogFile, an *analysis) *model.LogSummary {
	s := &model.LogSummary{Files: stats, Agents: []model.AgentActivity{}, Shadow: []model.ShadowAgent{}, Findings: []model.Finding{}}
	loc := func(p pos) model.Pos {
		if p.isZero() || int(p.file) >= len(files) {
			return model.Pos{}
		}
		return model.Pos{File: files[p.file].display, Line: int(p.line)}
	}
	// A finding's records are the first an.cites records behind it; its
	// samples the first model.MaxSamples of them (issue 11), so both come
	// from the one list smp returns.
	add := func(f model.Finding) {
		if len(f.Samples) > 0 {
			f.Records = f.Samples
			f.Samples = slices.Clip(f.Samples[:min(len(f.Samples), model.MaxSamples)])
		}
		s.Findings = append(s.Findings, f)
	}
	smp := func(c countPos) []model.Sample {
		var out []model.Sample
		for _, p := range c.smp {
			if l := loc(p); !p.isZero() && l.File != "" {
				out = append(out, model.Sample{Pos: l})
			}
		}
		return out
	}

	for i := range s.Files {
		lf := &s.Files[i]
		if fa := g.files[int32(i)]; fa != nil {
			lf.Events = fa.events
			lf.Skipped = fa.skipped
			lf.Ignored = fa.ignored
			lf.AutoApprovals = fa.auto
			lf.UnnamedMCPCalls = fa.unnamedMCP
			for _, reason := range sortedKeys(fa.ignoredBy) {
				lf.IgnoredReasons = append(lf.IgnoredReasons, model.NameCount{Name: reason, Count: fa.ignoredBy[reason]})
			}
			for _, e := range fa.errs {
				lf.Errors = append(lf.Errors, model.RecordError{Location: model.Pos{File: lf.Path, Line: int(e.line), Col: e.col}, Reason: e.reason})
			}
		}
		lf.Records = lf.Events + lf.Skipped + lf.Ignored
		s.Events += lf.Events
		s.Skipped += lf.Skipped
		s.Ignored += lf.Ignored
		switch {
		case lf.Unreadable != "":
			add(model.Finding{Control: "A.6.2.8", Check: CheckCoverageIncomplete, Severity: model.SeverityMedium,
				SubjectKind: model.SubjectLogFile, Subject: lf.Path,
				Location: model.Pos{File: lf.Path}, Count: 1,
				Message:     fmt.Sprintf("log coverage incomplete: %s could not be read (%s)", lf.Path, lf.Unreadable),
				Remediation: "Fix or re-export the file, or declare its format, so that every log in scope is read."})
		case lf.Skipped > 0:
			first := model.Pos{File: lf.Path}
			if len(lf.Errors) > 0 {
				first = lf.Errors[0].Location
			}
			add(model.Finding{Control: "A.6.2.8", Check: CheckCoverageIncomplete, Severity: model.SeverityMedium,
				SubjectKind: model.SubjectLogFile, Subject: lf.Path,
				Location: first, Count: int(lf.Skipped),
				Message:     fmt.Sprintf("log coverage incomplete: %d of %d records of %s could not be read", lf.Skipped, lf.Skipped+lf.Events, lf.Path),
				Remediation: "Repair the export (truncated or malformed records) so that no event is lost."})
		}
	}
	s.OutsidePeriod = g.outside
	g.summarizeChanges(s, loc)
	if an.noInventory {
		s.Notes = append(s.Notes, "no inventory was loaded: every identity in the logs is listed as an agent and scope is not judged")
	}
	if g.contentIncomplete {
		s.Notes = append(s.Notes, fmt.Sprintf("content matching across sources is incomplete: more than %d call IDs with content, or %d events without, per worker; the rest were judged on their own record", maxContentIDs, maxPending))
	}
	if g.overflowCall > 0 || g.overflowRev > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("human-review matching is incomplete: %d calls and %d reviews exceeded the bound of %d pending per worker", g.overflowCall, g.overflowRev, maxPending))
	}
	s.Notes = append(s.Notes, g.otlpOver.notes()...)
	if n := g.shadowRest.len(); n > 0 {
		what, more := "identities that match no inventory agent", ""
		if an.noInventory {
			what = "identities"
		}
		if n >= maxShadowRest {
			more = "at least "
		}
		s.Notes = append(s.Notes, fmt.Sprintf("%s%d more %s (%d events) are not listed: at most %d are kept, those with the smallest hash of the identity, the same whatever the order of the records", more, n, what, g.shadowRestEvents, maxShadow))
	}

	for i, info := range an.agents {
		a := info.a
		aa := g.agents[i]
		act := model.AgentActivity{Agent: a.ID, Tools: []model.ToolUse{}, Models: []model.NameCount{}, UnusedGrants: []string{}}
		if aa == nil {
			s.Agents = append(s.Agents, act)
			continue
		}
		fillActivity(&act, aa, true)
		subj := func(f model.Finding) model.Finding {
			f.SubjectKind, f.Subject = model.SubjectAgent, a.ID
			return f
		}
		name := a.ID
		if aa.retired.n > 0 {
			add(subj(model.Finding{Control: "A.6.2.6", Check: CheckAfterRetirement, Severity: model.SeverityHigh, Location: loc(aa.retired.pos), Samples: smp(aa.retired), First: aa.retired.first.UTC(), Last: aa.retired.last.UTC(), Count: int(aa.retired.n),
				Message:     fmt.Sprintf("agent %s was active after its retirement on %s", name, a.RetiredOn),
				Remediation: "Revoke the retired agent's credentials and roles, or correct its retirement date if it is still in service."}))
		}
		if aa.early.n > 0 {
			add(subj(model.Finding{Control: "A.6.2.5", Check: CheckBeforeApproval, Severity: model.SeverityHigh, Location: loc(aa.early.pos), Samples: smp(aa.early), First: aa.early.first.UTC(), Last: aa.early.last.UTC(), Count: int(aa.early.n),
				Message:     fmt.Sprintf("agent %s was active before its deployment approval on %s", name, a.Approval.ApprovedOn),
				Remediation: "Deploy agents only after approval; record the real approval date."}))
		}
		for _, tn := range sortedKeys(aa.tools) {
			t := aa.tools[tn]
			if len(t.grants) == 0 {
				// Not granted at all: one finding for the tool, whatever the operations.
				var c countPos
				var denied int64
				for _, o := range t.ops {
					c.merge(o.outOfScope, an.cites)
					denied += o.denied
				}
				if c.n > 0 {
					msg := fmt.Sprintf("agent %s used tool %s, which it is not granted%s", name, tn, deniedNote(denied, c.n))
					if tn == unnamedMCPTool {
						// Only reached when no grant may be an MCP server (claude_mcp.go).
						msg = fmt.Sprintf("agent %s called an MCP server the logs do not name (%s: Claude Code without OTEL_LOG_TOOL_DETAILS=1), and none of its grants is an MCP server%s", name, tn, deniedNote(denied, c.n))
					}
					add(subj(model.Finding{Control: "A.9.4", Check: CheckToolOutOfScope, Severity: model.SeverityHigh, Target: targetOf(tn), Tool: toolOf(tn), Location: loc(c.pos), Samples: smp(c), First: c.first.UTC(), Last: c.last.UTC(), Count: int(c.n),
						Message:     msg,
						Remediation: "Remove the tool from the agent's runtime, or grant it in the agent config after a risk review."}))
				}
			}
			for _, on := range sortedKeys(t.ops) {
				o := t.ops[on]
				if o.outOfScope.n > 0 && len(t.grants) > 0 {
					add(subj(model.Finding{Control: "A.9.4", Check: CheckOpOutOfScope, Severity: model.SeverityHigh, Target: targetOf(tn), Tool: toolOf(tn), Operation: on, Location: loc(o.outOfScope.pos), Samples: smp(o.outOfScope), First: o.outOfScope.first.UTC(), Last: o.outOfScope.last.UTC(), Count: int(o.outOfScope.n),
						Message:     fmt.Sprintf("agent %s used operation %s of tool %s, which its grant does not allow%s", name, on, tn, deniedNote(o.denied, o.outOfScope.n)),
						Remediation: "Restrict the tool's permissions to the granted operations, or extend the grant after a risk review."}))
				}
				if o.rejectedRan.n > 0 {
					add(subj(model.Finding{Control: "A.9.2", Check: CheckRejectedToolRan, Severity: model.SeverityCritical, Target: targetOf(tn), Tool: toolOf(tn), Operation: on, Location: loc(o.rejectedRan.pos), Samples: smp(o.rejectedRan), First: o.rejectedRan.first.UTC(), Last: o.rejectedRan.last.UTC(), Count: int(o.rejectedRan.n),
						Message:     fmt.Sprintf("agent %s ran %s although a human rejected it%s", name, opLabel(tn, on), rejectionAt(o.rejectedBy, loc)),
						Remediation: "Make the human decision blocking: the tool must not run after a reject."}))
				}
				if o.rejectedUnknown.n > 0 {
					add(subj(rejectedUnknown(name, tn, on, o.rejectedUnknown, loc, smp, "its call record does not say whether it ran")))
				}
				if c := aa.rejUnk[[2]string{tn, on}]; c != nil && c.n > 0 {
					add(subj(rejectedUnknown(name, tn, on, *c, loc, smp, "no logged call answers the rejection while calls of this tool were not all kept for matching")))
				}
				if o.unreviewed.n > 0 {
					add(subj(model.Finding{Control: "A.9.2", Check: CheckReviewMissing, Severity: model.SeverityHigh, Target: targetOf(tn), Tool: toolOf(tn), Operation: on, Location: loc(o.unreviewed.pos), Samples: smp(o.unreviewed), First: o.unreviewed.first.UTC(), Last: o.unreviewed.last.UTC(), Count: int(o.unreviewed.n),
						Message:     fmt.Sprintf("agent %s ran %s, which needs a human review, with no review event for the same request", name, opLabel(tn, on)),
						Remediation: "Route the operation through a human approval step and log the decision with the request ID."}))
				}
				if o.undetermined > 0 {
					add(subj(model.Finding{Control: "A.9.2", Check: CheckReviewUnknown, Severity: model.SeverityLow, Target: targetOf(tn), Tool: toolOf(tn), Operation: on, Count: int(o.undetermined),
						Message: fmt.Sprintf("agent %s: the human review of %d calls of %s could not be checked (matching bound of %d reached)", name, o.undetermined, opLabel(tn, on), maxPending)}))
				}
			}
			if t.resOut.n > 0 {
				add(subj(model.Finding{Control: "A.9.4", Check: CheckResourceOutScope, Severity: model.SeverityHigh, Target: targetOf(tn), Tool: toolOf(tn), Resource: t.resEx, Location: loc(t.resOut.pos), Samples: smp(t.resOut), First: t.resOut.first.UTC(), Last: t.resOut.last.UTC(), Count: int(t.resOut.n),
					Message:     fmt.Sprintf("agent %s used tool %s on resources outside its grant, first %s", name, tn, t.resEx),
					Remediation: "Restrict the tool's credentials to the granted resources, or extend the grant after a risk review."}))
			}
		}
		for _, f := range restFindings(name, aa, loc, smp) {
			add(subj(f))
		}
		for _, mn := range sortedKeys(aa.models) {
			m := aa.models[mn]
			if m.allowed {
				continue
			}
			msg := fmt.Sprintf("agent %s used model %s, which is not in model.allowed%s", name, mn, deniedNote(m.denied, m.count))
			if m.denied >= m.count {
				msg = fmt.Sprintf("agent %s tried model %s, which is not in model.allowed; denied, but still an attempt outside its scope", name, mn)
			}
			add(subj(model.Finding{Control: "A.9.4", Check: CheckModelNotAllowed, Severity: model.SeverityMedium, Model: mn, Location: loc(m.pos), Count: int(m.count),
				Message: msg, Remediation: "Pin the agent to its allowed models (IAM policy, gateway allow-list), or extend the agent's allowed models after review."}))
		}
		if r := aa.modelRest; r != nil && r.out.n > 0 {
			add(subj(model.Finding{Control: "A.9.4", Check: CheckModelNotAllowed, Severity: model.SeverityMedium, Location: loc(r.out.pos), Samples: smp(r.out), First: r.out.first.UTC(), Last: r.out.last.UTC(), Count: int(r.out.n),
				Message:     fmt.Sprintf("agent %s used %s more models that are not in model.allowed (beyond the %d models listed)%s", name, atLeast(r.outNames), maxModels, deniedNote(r.outDenied, r.out.n)),
				Remediation: "Pin the agent to its allowed models (IAM policy, gateway allow-list), or extend model.allowed after review."}))
		}
		if aa.missingIn.n > 0 {
			add(subj(model.Finding{Control: "A.6.2.8", Check: CheckMissingInput, Severity: model.SeverityMedium, Location: loc(aa.missingIn.pos), Samples: smp(aa.missingIn), First: aa.missingIn.first.UTC(), Last: aa.missingIn.last.UTC(), Count: int(aa.missingIn.n),
				Message:     fmt.Sprintf("agent %s: events carry no input although its agent file says inputs are logged, and no other source logged it for the same call: %s", name, missSources(aa, false, stats, loc)),
				Remediation: "Turn on input capture in the agent platform, or correct the agent's declaration that inputs are logged."}))
		}
		if aa.missingOut.n > 0 {
			add(subj(model.Finding{Control: "A.6.2.8", Check: CheckMissingOutput, Severity: model.SeverityMedium, Location: loc(aa.missingOut.pos), Samples: smp(aa.missingOut), First: aa.missingOut.first.UTC(), Last: aa.missingOut.last.UTC(), Count: int(aa.missingOut.n),
				Message:     fmt.Sprintf("agent %s: events carry no output although its agent file says outputs are logged, and no other source logged it for the same call: %s", name, missSources(aa, true, stats, loc)),
				Remediation: "Turn on output capture in the agent platform, or correct the agent's declaration that outputs are logged."}))
		}
		for _, cn := range sortedKeys(aa.cats) {
			c := aa.cats[cn]
			if c.declared || c.c.n == 0 {
				continue
			}
			add(subj(model.Finding{Control: "A.7.4", Check: CheckUndeclaredData, Severity: model.SeverityMedium, Location: loc(c.c.pos), Samples: smp(c.c), First: c.c.first.UTC(), Last: c.c.last.UTC(), Count: int(c.c.n),
				Message:     fmt.Sprintf("agent %s handled data of category %s, which its data access does not declare", name, cn),
				Remediation: "Declare the data source and category in the agent's data list, or stop the agent from reaching it."}))
		}
		if r := aa.catRest; r != nil && r.undeclared.n > 0 {
			c := r.undeclared
			add(subj(model.Finding{Control: "A.7.4", Check: CheckUndeclaredData, Severity: model.SeverityMedium, Location: loc(c.pos), Samples: smp(c), First: c.first.UTC(), Last: c.last.UTC(), Count: int(c.n),
				Message:     fmt.Sprintf("agent %s handled data of %s more categories, which its data access does not declare (beyond the %d categories listed)", name, atLeast(r.undeclNames), maxCats),
				Remediation: "Declare the data source and category in the agent's data list, or stop the agent from reaching it."}))
		}
		s.Notes = append(s.Notes, restNotes(name, aa)...)
		cov := an.judgeCoverage(info, aa.hours, an.delegates[i], g.deleg[int32(i)])
		gaps := cov.gaps
		act.Gaps, act.Coverage, act.CadenceHours = len(gaps), cov.note, cov.cadence
		if len(gaps) > 0 {
			longest := gaps[0]
			for _, gp := range gaps {
				if gp.hours() > longest.hours() {
					longest = gp
				}
			}
			add(subj(model.Finding{Control: "A.6.2.8", Check: CheckCoverageGap, Severity: model.SeverityMedium, Location: agentPos(a, "logging"), Count: len(gaps),
				First: gaps[0].from, Last: gaps[len(gaps)-1].to,
				Message: fmt.Sprintf("agent %s has %d log gap(s) longer than %dh (the %dh threshold, or twice its usual interval of %dh) while deployed and active before and after; first %s, longest %dh from %s",
					name, len(gaps), cov.limit, an.th.LogGapHours, cov.cadence, gaps[0], longest.hours(), longest.from.Format(time.RFC3339)),
				Remediation: "Check the log pipeline for lost exports in those hours; keep logging continuous."}))
		}
		// Least privilege: only judged for agents that were active in the period.
		// While calls of an unnamed MCP server exist, a grant that may be
		// that server cannot be told unused (nor its operations).
		act.UnnamedMCPCalls = aa.unnamedMCP
		var mcpUnjudged, builtinUnjudged []string
		requested := requestedGrants(a, aa)
		var onlyRequested []string
		use := aa.usedGrants()
		for gi, gr := range a.Tools {
			unjudged := aa.unnamedMCP > 0 && mayBeMCPServer(&a.Tools[gi])
			// An ADK model built-in (google_search ...) has no tool call:
			// used when a logged model response shows it, else unknown.
			builtin, used := adkBuiltinUse(gr.Name, aa.builtins)
			if builtin && !used {
				builtinUnjudged = append(builtinUnjudged, gr.Name)
				act.GrantsNotJudged = append(act.GrantsNotJudged, gr.Name)
				continue
			}
			used = used || use[gi].used
			if !used && an.nestedUse(g, i, gr) {
				// Ran the agent it delegates to by nesting its run: no
				// tool call, and no operations to judge.
				continue
			}
			if !used && requested[gi] {
				// The model asked for the tool but no call of it is logged:
				// in use, its operations unknown (a request names none).
				onlyRequested = append(onlyRequested, gr.Name)
				continue
			}
			if used {
				ops := unusedOps(&a.Tools[gi], use[gi])
				if unjudged && len(ops) > 0 {
					mcpUnjudged = append(mcpUnjudged, gr.Name)
					act.GrantsNotJudged = append(act.GrantsNotJudged, gr.Name)
					continue
				}
				for _, op := range ops {
					act.UnusedOperations = append(act.UnusedOperations, model.ToolOperation{Tool: gr.Name, Operation: gr.Operations[op]})
					add(subj(model.Finding{Control: "A.9.4", Check: CheckUnusedGrant, Severity: model.SeverityLow,
						Location: agentPos(a, fmt.Sprintf("tools[%d].operations[%d]", gi, op)), Tool: gr.Name, Operation: gr.Operations[op],
						Message:     fmt.Sprintf("agent %s is granted operation %s of tool %s but never used it in the period", name, gr.Operations[op], gr.Name),
						Remediation: "Remove the operation from the grant if the agent does not need it (least privilege)."}))
				}
				continue
			}
			if unjudged {
				mcpUnjudged = append(mcpUnjudged, gr.Name)
				act.GrantsNotJudged = append(act.GrantsNotJudged, gr.Name)
				continue
			}
			act.UnusedGrants = append(act.UnusedGrants, gr.Name)
			add(subj(model.Finding{Control: "A.9.4", Check: CheckUnusedGrant, Severity: model.SeverityLow, Location: agentPos(a, fmt.Sprintf("tools[%d]", gi)), Count: 0,
				Tool:        gr.Name,
				Message:     fmt.Sprintf("agent %s is granted tool %s but never used it in the period", name, gr.Name),
				Remediation: "Remove grants the agent does not need (least privilege)."}))
		}
		if len(onlyRequested) > 0 {
			s.Notes = append(s.Notes, fmt.Sprintf("agent %s: grant(s) %s are used only as the model's tool-call requests (gen_ai.output.messages): the logs have no record of the calls themselves (an instrumentation that traces no such tool, as OpenLLMetry's CrewAI instrumentation traces no crewai_tools tool), so they are not unused, and which operations they used cannot be told",
				name, strings.Join(onlyRequested, ", ")))
		}
		if len(mcpUnjudged) > 0 {
			s.Notes = append(s.Notes, fmt.Sprintf("agent %s: %d MCP call(s) name no server or tool (Claude Code logs them as %s unless OTEL_LOG_TOOL_DETAILS=1): whether grants %s (or all their operations) were used cannot be told",
				name, aa.unnamedMCP, unnamedMCPTool, strings.Join(mcpUnjudged, ", ")))
		}
		if len(builtinUnjudged) > 0 {
			s.Notes = append(s.Notes, fmt.Sprintf("agent %s: %s run inside the model (ADK built-in tools: no execute_tool span), and no logged model response (gcp.vertex.agent.llm_response) shows their use (grounding_metadata, url_context_metadata): whether they were used cannot be told",
				name, strings.Join(builtinUnjudged, ", ")))
		}
		for _, t := range act.Tools {
			if !t.Granted && !t.NotJudged {
				act.OutOfScope += t.Count
			}
		}
		act.OutOfScope += sumRes(aa)
		if r := aa.rest; r != nil {
			act.OutOfScope += r.toolOut.n + r.opOut.n + r.resOut.n
			act.UnreviewedOps += r.o.unreviewed.n
			act.RejectedRan += r.o.rejectedRan.n
		}
		act.MissingInputs, act.MissingOutputs = aa.missingIn.n, aa.missingOut.n
		for _, t := range aa.tools {
			for _, o := range t.ops {
				act.UnreviewedOps += o.unreviewed.n
				if o.rejectedRan.n > 0 {
					act.RejectedRan += o.rejectedRan.n
				}
			}
		}
		for _, m := range sortedKeys(aa.models) {
			if !aa.models[m].allowed {
				act.DisallowedModels = append(act.DisallowedModels, m)
			}
		}
		// A set, not a scan of the list: an agent with 100,000 distinct
		// ungranted tools took a minute here (quadratic; issue 16).
		outOfScope := map[string]bool{}
		for _, t := range act.Tools {
			if !t.Granted && !t.NotJudged && !outOfScope[t.Tool] {
				outOfScope[t.Tool] = true
				act.OutOfScopeTools = append(act.OutOfScopeTools, t.Tool)
			}
		}
		s.Agents = append(s.Agents, act)
	}

	for _, id := range sortedKeys(g.shadow) {
		aa := g.shadow[id]
		if an.noInventory {
			act := model.AgentActivity{Agent: id, Tools: []model.ToolUse{}, Models: []model.NameCount{}, UnusedGrants: []string{}}
			fillActivity(&act, aa, false)
			cov := an.judgeCoverage(nil, aa.hours, false, nil)
			act.Gaps, act.Coverage, act.CadenceHours = len(cov.gaps), cov.note, cov.cadence
			s.Agents = append(s.Agents, act)
			s.Notes = append(s.Notes, restNotes(id, aa)...)
			continue
		}
		if g.reviewAlias(aa) {
			s.Notes = append(s.Notes, fmt.Sprintf("identity %s names only human reviews (%d), which decided inventory agents' calls by their tool call or request ID: a review tool's name for those agents, not a shadow agent", id, aa.events))
			continue
		}
		sh := shadowAgent(id, aa, files, stats, loc)
		s.Shadow = append(s.Shadow, sh)
		s.Notes = append(s.Notes, restNotes(id, aa)...)
		add(model.Finding{Control: "A.4.2", Check: CheckShadowAgent, Severity: model.SeverityHigh, SubjectKind: model.SubjectAgent, Subject: id,
			Location: loc(aa.firstPos), Count: int(aa.events), First: aa.first.UTC(), Last: aa.last.UTC(), Samples: shadowSamples(aa, loc, smp),
			Message: fmt.Sprintf("identity %s is active in the logs but matches no agent in the inventory (%s to %s)%s",
				id, aa.first.UTC().Format(time.RFC3339), aa.last.UTC().Format(time.RFC3339), shadowDid(sh)),
			Remediation: "Register the agent in the inventory (with this identity), or shut it down."})
	}
	sort.SliceStable(s.Findings, func(i, j int) bool { return s.Findings[i].Less(s.Findings[j]) })
	return s
}

// rejectedUnknown is high, not critical: the logs do not show the rejected
// call running, but they cannot show that the block held either, and a
// human decision whose effect cannot be verified is no evidence of oversight.
func rejectedUnknown(agent, tool, op string, c countPos, loc func(pos) model.Pos, smp func(countPos) []model.Sample, why string) model.Finding {
	return model.Finding{Control: "A.9.2", Check: CheckRejectedUnknown, Severity: model.SeverityHigh, Target: targetOf(tool), Tool: toolOf(tool), Operation: op,
		Location: loc(c.pos), Count: int(c.n), Samples: smp(c), First: c.first.UTC(), Last: c.last.UTC(),
		Message:     fmt.Sprintf("agent %s: a human rejected %s and the logs cannot tell whether it ran (%s)", agent, opLabel(tool, op), why),
		Remediation: "Log every tool call with its outcome (success, error, denied) and the tool call or request ID of the decision, so that a blocked call can be shown blocked."}
}

// targetOf and toolOf split a logged tool name into the gateway target or
// MCP server and the tool part (grant.Split), for the finding's fields.
func targetOf(tool string) string { t, _ := grant.Split(tool); return t }

func toolOf(tool string) string { _, b := grant.Split(tool); return b }

// missSources names each source of missing content: its format, the field
// it lacks, how many events, and the first of them.
func missSources(aa *agentAgg, out bool, stats []model.LogFile, loc func(pos) model.Pos) string {
	type src struct {
		format, field string
	}
	by := map[src]*countPos{}
	var order []src
	for k, c := range aa.miss {
		if k.out != out {
			continue
		}
		format := ""
		if int(k.file) < len(stats) {
			format = stats[k.file].Format
		}
		sk := src{format, contentField(format, k.action, out, k.fields)}
		d := by[sk]
		if d == nil {
			d = &countPos{}
			by[sk] = d
			order = append(order, sk)
		}
		d.merge(*c, 0) // only the count and the first place are named
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if pa, pb := by[a].pos, by[b].pos; pa != pb {
			return pa.less(pb)
		}
		// One OTLP line holds many spans: sources first met on the same
		// line are told apart by name, not by map order.
		if a.format != b.format {
			return a.format < b.format
		}
		return a.field < b.field
	})
	var parts []string
	for _, sk := range order {
		c := by[sk]
		parts = append(parts, fmt.Sprintf("%d from %s without %s (first %s)", c.n, sk.format, sk.field, loc(c.pos)))
	}
	return strings.Join(parts, "; ")
}

// shadowDid says in a few words what a shadow agent did.
func shadowDid(sh model.ShadowAgent) string {
	var parts []string
	if len(sh.Tools) > 0 {
		var ts []string
		for i, t := range sh.Tools {
			if i == 5 {
				ts = append(ts, fmt.Sprintf("%d more", len(sh.Tools)-5))
				break
			}
			ts = append(ts, fmt.Sprintf("%s (%d)", opLabel(t.Tool, t.Operation), t.Count))
		}
		parts = append(parts, "tools "+strings.Join(ts, ", "))
	}
	if len(sh.Resources) > 0 {
		r := "resources " + strings.Join(sh.Resources, ", ")
		if sh.MoreResources {
			r += " and more"
		}
		parts = append(parts, r)
	}
	if len(sh.Sources) > 0 {
		var fs []string
		for i, src := range sh.Sources {
			if i == 3 {
				fs = append(fs, fmt.Sprintf("%d more files", len(sh.Sources)-3))
				break
			}
			fs = append(fs, fmt.Sprintf("%s (%s)", src.File, src.Format))
		}
		if sh.OtherSourceEvents > 0 && len(sh.Sources) <= 3 {
			fs = append(fs, "other files")
		}
		parts = append(parts, "seen in "+strings.Join(fs, ", "))
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, "; ")
}

// shadowAgent is what a shadow identity did, for the register.
func shadowAgent(id string, aa *agentAgg, files []*inputFile, stats []model.LogFile, loc func(pos) model.Pos) model.ShadowAgent {
	sh := model.ShadowAgent{Identity: id, Events: aa.events, FirstSeen: aa.first, LastSeen: aa.last, Source: loc(aa.firstPos),
		Errors: aa.errors, Denials: aa.denials}
	var act model.AgentActivity
	fillActivity(&act, aa, false)
	sh.Tools = act.Tools
	sh.MoreTools, sh.MoreToolCalls = act.MoreTools, act.MoreToolCalls
	if len(act.Models) > 0 {
		sh.Models = act.Models
	}
	if si := aa.shadow; si != nil {
		for _, r := range si.res {
			sh.Resources = append(sh.Resources, r.name)
		}
		sh.MoreResources = si.resMore
		idx := make([]int32, 0, len(si.files))
		for f := range si.files {
			idx = append(idx, f)
		}
		sort.Slice(idx, func(i, j int) bool { return idx[i] < idx[j] })
		for _, f := range idx {
			src := model.ShadowSource{Events: si.files[f]}
			if int(f) < len(files) {
				src.File = files[f].display
			}
			if int(f) < len(stats) {
				src.Format = stats[f].Format
			}
			sh.Sources = append(sh.Sources, src)
		}
		sh.OtherSourceEvents = si.filesMore
	}
	return sh
}

// fillActivity copies an agent's counts; judged says whether its tool use
// was judged against an inventory agent's grants (not for an identity that
// matches none, or when no inventory was loaded: no output may then claim
// a tool was granted).
func fillActivity(act *model.AgentActivity, aa *agentAgg, judged bool) {
	act.Events = aa.events
	act.FirstSeen, act.LastSeen = aa.first.UTC(), aa.last.UTC()
	for _, tn := range sortedKeys(aa.tools) {
		t := aa.tools[tn]
		for _, on := range sortedKeys(t.ops) {
			o := t.ops[on]
			act.Tools = append(act.Tools, model.ToolUse{Tool: tn, Operation: on, Count: o.count, Errors: o.errors, Denied: o.denied,
				Granted: judged && o.granted && !t.notJudged, NotJudged: !judged || t.notJudged})
		}
	}
	for _, mn := range sortedKeys(aa.models) {
		act.Models = append(act.Models, model.NameCount{Name: mn, Count: aa.models[mn].count})
	}
	if r := aa.rest; r != nil {
		act.MoreTools, act.MoreToolCalls = r.names.len(), r.count
	}
	if r := aa.modelRest; r != nil {
		act.MoreModels, act.MoreModelCalls = r.names.len(), r.count
	}
	act.Errors, act.Denials = aa.errors, aa.denials
	act.HumanReviews, act.Rejections = aa.reviews, aa.rejections
	act.Actors = aa.actors.len()
	act.ActorsTruncated = aa.actorsOver
}

func sumRes(aa *agentAgg) int64 {
	var n int64
	for _, t := range aa.tools {
		n += t.resOut.n
	}
	return n
}

// deniedNote says how many of the attempts were denied: a denied attempt is
// still an attempt outside the scope.
func deniedNote(denied, total int64) string {
	switch {
	case denied == 0:
		return ""
	case denied >= total:
		return " (every attempt was denied)"
	}
	return fmt.Sprintf(" (%d of the attempts were denied)", denied)
}

func opLabel(tool, op string) string {
	if op == "" {
		return tool
	}
	return tool + ":" + op
}

func agentPos(a *model.Agent, path string) model.Pos {
	if a.Pos != nil {
		if p := a.Pos.Lookup(path); !p.IsZero() {
			return p
		}
	}
	if a.File != "" {
		return model.Pos{File: a.File}
	}
	return model.Pos{}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// gap is a run of empty hour buckets between two active ones.
type gap struct{ from, to time.Time }

func (g gap) hours() int { return int(g.to.Sub(g.from) / time.Hour) }

func (g gap) String() string {
	return fmt.Sprintf("%s to %s", g.from.UTC().Format(time.RFC3339), g.to.UTC().Format(time.RFC3339))
}

var _ = strings.ToLower

// rejectionAt names the rejection record beside the call that ran, for the
// auditor who samples both.
func rejectionAt(p pos, loc func(pos) model.Pos) string {
	if p.isZero() {
		return ""
	}
	// Not in parentheses: writers add the event count in parentheses.
	return fmt.Sprintf(", as %s records", loc(p))
}

// shadowSamples cites a shadow identity's first records (up to
// model.MaxSamples), so that an auditor can sample more than the first.
func shadowSamples(aa *agentAgg, loc func(pos) model.Pos, smp func(countPos) []model.Sample) []model.Sample {
	if aa.shadow != nil {
		if s := smp(aa.shadow.seen); len(s) > 0 {
			return s
		}
	}
	return []model.Sample{{Pos: loc(aa.firstPos)}}
}

// requestedGrants marks the grants of a that the agent's model asked to run
// (aa.requested), by grant.Requested.
func requestedGrants(a *model.Agent, aa *agentAgg) map[int]bool {
	if len(aa.requested) == 0 {
		return nil
	}
	out := map[int]bool{}
	for r := range aa.requested {
		for _, gi := range grant.Requested(a.Tools, r) {
			out[gi] = true
		}
	}
	return out
}
