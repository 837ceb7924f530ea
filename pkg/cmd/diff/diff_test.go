package diff

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/gitlog/gittest"
	"github.com/aims-cli/aims/pkg/iostreams"
)

// now is the run's clock: the working-tree change date.
var now = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

const config = `apiVersion: aims/v1
kind: Config
inventory: inventory.yaml
agents: agents
`

// inventoryYAML has one system, assessed (risk and impact) on the given dates.
func inventoryYAML(assessed, impact string) string {
	return `apiVersion: aims/v1
kind: Inventory
organization:
  name: Example Ltd
systems:
  - id: support
    name: Customer support assistant
    owner: ops@example.com
    lifecycle: deployed
    data_categories: [customer-pii]
    risk:
      level: medium
      assessed_on: ` + assessed + `
    impact_assessment:
      done_on: ` + impact + `
    vendors: [openai]
vendors:
  - id: openai
    name: OpenAI
    role: model-provider
    answers:
      isolation: container
      inference_path: through-vendor
      trains_on_customer_data: false
`
}

// triage is a medium-tier agent: organisation-wide, reads customer PII,
// reads Jira, container-isolated, inference through the vendor (score 6).
// ops are its Jira operations; adding a write operation without review
// raises it to high (score 10).
func triage(ops string) string {
	return `apiVersion: aims/v1
kind: Agent
id: triage-bot
name: Ticket triage
system: support
owner: ops@example.com
lifecycle: deployed
scope: organization
audience: internal
isolation: container
model:
  provider: openai
  name: gpt-4.1
tools:
  - name: jira
    operations: [` + ops + `]
    resources: ["SUP-*"]
data:
  - source: zendesk
    categories: [customer-pii]
    access: read
logging: {actions: true, inputs: true, outputs: true, retention_days: 365}
`
}

// project writes the base project under compliance/ and commits it.
func project(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write("compliance/aims.yaml", config)
	r.Write("compliance/inventory.yaml", inventoryYAML("2026-03-01", "2026-03-01"))
	r.Write("compliance/agents/triage.yaml", triage("search, get_issue"))
	r.Write("README.md", "repository root above the project\n")
	r.Commit("2026-09-01T10:00:00Z", "initial compliance project")
	return r
}

// run runs `aims diff args...` against the project of r and returns the exit code, stdout and stderr.
func run(t *testing.T, r *gittest.Repo, args ...string) (int, string, string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IO: ios, Viper: cmdutil.NewViper(), Now: func() time.Time { return now }}
	cfg := filepath.Join(r.Dir, "compliance", "aims.yaml")
	f.ConfigPath = func() string { return cfg }
	cmd := NewCmdDiff(f, nil)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	if err != nil {
		errOut.WriteString(err.Error() + "\n")
		var pl cmdutil.ProblemLister
		if errors.As(err, &pl) {
			for _, p := range pl.ProblemLines() {
				errOut.WriteString(p + "\n")
			}
		}
	}
	return cmdutil.ExitCode(err), out.String(), errOut.String()
}

// (a) adding a write tool without a re-assessment fails the gate.
func TestWriteToolAddedFailsGate(t *testing.T) {
	r := project(t)
	r.Write("compliance/agents/triage.yaml", triage("search, get_issue, create_issue"))
	r.Commit("2026-11-20T10:00:00Z", "let triage create issues")

	code, out, errOut := run(t, r, "--base", "HEAD~1", "--fail-on", "high")
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"agent triage-bot: grant added jira:create_issue; computed risk medium -> high; no risk assessment on or after 2026-11-21",
		"compliance/agents/triage.yaml:16:",
		"risk widened",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "--fail-on high") {
		t.Errorf("stderr %q", errOut)
	}
	// With an explicit head the change date is the commit's.
	code, out, _ = run(t, r, "--base", "HEAD~1", "--head", "HEAD", "--fail-on", "high", "--format", "json")
	if code != 1 || !strings.Contains(out, "no risk assessment on or after 2026-11-20") {
		t.Errorf("exit %d\n%s", code, out)
	}
	var res struct {
		SchemaVersion string `json:"schemaVersion"`
		Findings      []struct {
			Severity string `json:"severity"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.SchemaVersion != "aims.diff/v1" || len(res.Findings) != 1 || res.Findings[0].Severity != "high" ||
		res.Findings[0].Location.File != "compliance/agents/triage.yaml" || res.Findings[0].Location.Line != 16 {
		t.Errorf("json %+v", res)
	}
	// Below the threshold the run passes; the default threshold is none.
	if code, _, _ := run(t, r, "--base", "HEAD~1", "--fail-on", "critical"); code != 0 {
		t.Errorf("--fail-on critical: exit %d, want 0", code)
	}
	if code, _, _ := run(t, r, "--base", "HEAD~1"); code != 0 {
		t.Errorf("no --fail-on: exit %d, want 0", code)
	}
}

// (b) the same change with a new risk assessment (and, at high, impact
// assessment) dated on or after the change passes.
func TestWriteToolWithReassessmentPasses(t *testing.T) {
	r := project(t)
	r.Write("compliance/agents/triage.yaml", triage("search, get_issue, create_issue"))
	r.Write("compliance/inventory.yaml", inventoryYAML("2026-11-20", "2026-11-20"))
	r.Commit("2026-11-20T10:00:00Z", "let triage create issues; re-assessed")
	code, out, errOut := run(t, r, "--base", "HEAD~1", "--head", "HEAD", "--fail-on", "low")
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "risk widened") || strings.Contains(out, "findings") {
		t.Errorf("output:\n%s", out)
	}

	// A fresh risk assessment passes the high gate; the stale impact assessment
	// of a high tier is still reported, at medium, and fails a stricter gate.
	r.Write("compliance/agents/triage.yaml", triage("search, get_issue, create_issue, comment"))
	r.Write("compliance/inventory.yaml", inventoryYAML("2026-11-22", "2026-11-20"))
	r.Commit("2026-11-22T10:00:00Z", "triage comments too")
	code, out, _ = run(t, r, "--base", "HEAD~1", "--head", "HEAD", "--fail-on", "high")
	if code != 0 || !strings.Contains(out, "no impact assessment on or after 2026-11-22") {
		t.Errorf("exit %d, want 0 with a medium impact-assessment finding:\n%s", code, out)
	}
	if code, _, _ = run(t, r, "--base", "HEAD~1", "--head", "HEAD", "--fail-on", "medium"); code != 1 {
		t.Errorf("--fail-on medium: exit %d, want 1", code)
	}
}

// (c) removing a grant never fails and says "risk reduced".
func TestGrantRemovedIsRiskReduced(t *testing.T) {
	r := project(t)
	r.Write("compliance/agents/triage.yaml", triage("search"))
	r.Commit("2026-11-20T10:00:00Z", "triage only searches")
	code, out, errOut := run(t, r, "--base", "HEAD~1", "--fail-on", "low", "--format", "markdown")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "risk reduced") || !strings.Contains(out, "grant removed jira:get\\_issue") {
		t.Errorf("markdown:\n%s", out)
	}
}

// (d) a git mv shows as a rename, not as a removal and an addition.
func TestRenamedFileIsARename(t *testing.T) {
	r := project(t)
	r.Git("", "mv", "compliance/agents/triage.yaml", "compliance/agents/ticket-triage.yaml")
	// The id changes too, so only git's rename detection can pair them.
	data, _ := os.ReadFile(filepath.Join(r.Dir, "compliance/agents/ticket-triage.yaml"))
	r.Write("compliance/agents/ticket-triage.yaml", strings.Replace(string(data), "id: triage-bot", "id: ticket-triage", 1))
	r.Commit("2026-11-20T10:00:00Z", "rename the triage agent")
	code, out, errOut := run(t, r, "--base", "HEAD~1", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var res struct {
		Agents []struct {
			ID, PreviousID, Status, BaseFile, HeadFile string
		} `json:"agents"`
	}
	if err := json.Unmarshal([]byte(strings.NewReplacer(`"previous_id"`, `"PreviousID"`, `"base_file"`, `"BaseFile"`, `"head_file"`, `"HeadFile"`).Replace(out)), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Agents) != 1 || res.Agents[0].Status != "renamed" || res.Agents[0].PreviousID != "triage-bot" ||
		res.Agents[0].BaseFile != "compliance/agents/triage.yaml" || res.Agents[0].HeadFile != "compliance/agents/ticket-triage.yaml" {
		t.Errorf("agents %+v\n%s", res.Agents, out)
	}
}

func TestBadInputOnASide(t *testing.T) {
	r := project(t)
	r.Write("compliance/agents/triage.yaml", triage("search")+"colour: blue\n")
	r.Commit("2026-11-20T10:00:00Z", "typo")
	code, _, errOut := run(t, r, "--base", "HEAD", "--head", "HEAD")
	if code != 2 || !strings.Contains(errOut, "base (HEAD): compliance/agents/triage.yaml:23:1:") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	code, _, errOut = run(t, r, "--base", "no-such-branch")
	if code != 2 || !strings.Contains(errOut, `unknown revision "no-such-branch"`) {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestNotARepository(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	r := &gittest.Repo{T: t, Dir: dir}
	r.Write("compliance/aims.yaml", config)
	code, _, errOut := run(t, r, "--base", "HEAD~1")
	if code != 2 || !strings.Contains(errOut, "needs a git repository") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestTwoDirectories(t *testing.T) {
	dir := t.TempDir()
	r := &gittest.Repo{T: t, Dir: dir}
	r.Write("old/aims.yaml", config)
	r.Write("old/inventory.yaml", inventoryYAML("2026-03-01", "2026-03-01"))
	r.Write("old/agents/triage.yaml", triage("search, get_issue"))
	r.Write("new/aims.yaml", config)
	r.Write("new/inventory.yaml", inventoryYAML("2026-03-01", "2026-03-01"))
	r.Write("new/agents/triage.yaml", triage("search, get_issue, create_issue"))
	r.Write("plain-a/triage.yaml", triage("search, get_issue"))
	r.Write("plain-b/triage.yaml", triage("search"))
	t.Chdir(dir)

	code, out, errOut := run(t, r, "old", "new", "--fail-on", "high", "--format", "sarif", "--output", "diff.sarif")
	if code != 1 || out != "" {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(dir, "diff.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"uri": "new/agents/triage.yaml"`)) || !bytes.Contains(data, []byte(`"version": "2.1.0"`)) {
		t.Errorf("sarif:\n%s", data)
	}
	code, out, _ = run(t, r, "plain-a", "plain-b", "--format", "junit")
	if code != 0 || !strings.Contains(out, "<testsuites") || !strings.Contains(out, "risk reduced") {
		t.Errorf("exit %d\n%s", code, out)
	}
	code, out, _ = run(t, r, "old", "new", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "id,control,check,severity") || !strings.Contains(out, "diff.reassessment-required") {
		t.Errorf("csv: exit %d\n%s", code, out)
	}
}

func TestUsage(t *testing.T) {
	r := &gittest.Repo{T: t, Dir: t.TempDir()}
	for _, args := range [][]string{{}, {"only-one"}, {"a", "b", "--base", "HEAD"}, {"--base", "HEAD", "--format", "pdf"}, {"--base", "HEAD", "--fail-on", "severe"}} {
		if code, _, _ := run(t, r, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// A user catalogue at the head changes the gate's checks as it changes
// assess's (issue 11 §4): the severity and remediation of an override, and a
// disabled check (with its reason) reports nothing and passes the gate.
func TestUserOverridesJudgeTheDiff(t *testing.T) {
	const overrides = `apiVersion: aims/v1
kind: Checks
catalogue: iso42001
overrides:
  - check: diff.reassessment-required
`
	tests := []struct {
		name, override string
		wantCode       int
		wantSeverity   string
		wantRemedy     string
	}{
		{"builtin", "", 1, "high", "re-assess the risk of system support"},
		{"severity and remediation", overrides + "    severity: low\n    remediation: File a change ticket with the risk team.\n", 0, "low", "File a change ticket with the risk team."},
		{"disabled", overrides + "    disable: true\n    reason: the risk team gates changes in its own tool\n", 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := project(t)
			if tt.override != "" {
				r.Write("compliance/aims.yaml", config+"catalogues: [builtin, overrides.yaml]\n")
				r.Write("compliance/overrides.yaml", tt.override)
				r.Commit("2026-11-19T10:00:00Z", "catalogue")
			}
			r.Write("compliance/agents/triage.yaml", triage("search, get_issue, create_issue"))
			r.Commit("2026-11-20T10:00:00Z", "let triage create issues")
			code, out, errOut := run(t, r, "--base", "HEAD~1", "--head", "HEAD", "--fail-on", "medium", "--format", "json")
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tt.wantCode, out, errOut)
			}
			var res struct {
				Findings []struct{ Check, Severity, Remediation string } `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatal(err)
			}
			if tt.wantSeverity == "" {
				if len(res.Findings) != 0 {
					t.Errorf("a disabled check reported %+v", res.Findings)
				}
				return
			}
			if len(res.Findings) != 1 || res.Findings[0].Check != "diff.reassessment-required" ||
				res.Findings[0].Severity != tt.wantSeverity || !strings.HasPrefix(res.Findings[0].Remediation, tt.wantRemedy) {
				t.Errorf("findings %+v, want one at %s with remediation %q", res.Findings, tt.wantSeverity, tt.wantRemedy)
			}
		})
	}
}
