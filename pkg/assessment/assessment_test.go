package assessment

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
)

var testNow = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// writeProject writes a small project into a temporary directory and returns
// the path of its aims.yaml. extra files (path -> content) override or add.
func writeProject(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"aims.yaml": `apiVersion: aims/v1
kind: Config
inventory: inventory.yaml
agents: agents
catalogues: [builtin]
`,
		"inventory.yaml": `apiVersion: aims/v1
kind: Inventory
organization:
  name: Test Org
  roles:
    - {role: ai-owner, name: Ann}
    - {role: risk-owner, name: Bob}
systems:
  - id: support
    name: Support
    owner: Ann
    purpose: answer tickets
    lifecycle: deployed
`,
		"agents/triage.yaml": `apiVersion: aims/v1
kind: Agent
id: triage
system: support
owner: Ann
lifecycle: deployed
tools:
  - name: zendesk
    operations: [read]
logging:
  actions: true
  retention_days: 30
`,
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "aims.yaml")
}

func TestRunInputErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		cfg   func(string) string
		stage string
		want  string
	}{
		{name: "missing config", cfg: func(string) string { return "/nonexistent/aims.yaml" }, stage: StageLoad, want: "aims.yaml"},
		{name: "unknown field", files: map[string]string{"agents/triage.yaml": "apiVersion: aims/v1\nkind: Agent\nid: triage\nsystem: support\nbogus: 1\n"},
			stage: StageLoad, want: "triage.yaml:5"},
		{name: "bad catalogue", files: map[string]string{"aims.yaml": "apiVersion: aims/v1\nkind: Config\ninventory: inventory.yaml\nagents: agents\ncatalogues: [builtin, mine.yaml]\n",
			"mine.yaml": "apiVersion: aims/v1\nkind: Catalogue\nid: mine\ngroups: [{id: G, controls: [{id: A.2.2, title: dup}]}]\nbogus: true\n"},
			stage: StageCatalogue, want: "mine.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeProject(t, tt.files)
			if tt.cfg != nil {
				path = tt.cfg(path)
			}
			_, err := Run(context.Background(), Options{ConfigPath: path, Now: testNow})
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v (%T), want an InputError", err, err)
			}
			if ie.Stage != tt.stage || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("stage %q, error %q; want stage %q and %q in it", ie.Stage, err, tt.stage, tt.want)
			}
			if !ie.BadInput() {
				t.Error("an input error does not say it is bad input (exit 2)")
			}
		})
	}
	// load.Problems stay reachable for file:line:col printing.
	_, err := Run(context.Background(), Options{ConfigPath: writeProject(t, tests[1].files), Now: testNow})
	var ps load.Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Errorf("load problems are not reachable through the error: %v", err)
	}
}

func TestRun(t *testing.T) {
	var progress bytes.Buffer
	out, err := Run(context.Background(), Options{ConfigPath: writeProject(t, nil), Now: testNow, Progress: &progress,
		Frameworks: []string{"eu-ai-act"}})
	if err != nil {
		t.Fatal(err)
	}
	if out.Project == nil || out.Catalogues == nil || out.Result == nil {
		t.Fatalf("incomplete output: %+v", out)
	}
	if len(out.Result.Frameworks) != 1 || out.Result.Frameworks[0].Framework != "eu-ai-act" {
		t.Errorf("frameworks: %+v", out.Result.Frameworks)
	}
	if out.Result.Logs != nil {
		t.Error("logs were assessed although none were configured")
	}
	if !strings.Contains(progress.String(), "assessing 1 agents") {
		t.Errorf("progress: %q", progress.String())
	}
	if _, err := Run(context.Background(), Options{ConfigPath: writeProject(t, nil), Now: testNow, Frameworks: []string{"gdpr"}}); cmdutil.ExitCode(err) != cmdutil.ExitInput {
		t.Errorf("unknown framework: got %v, want an input error", err)
	}
}

func TestLogSources(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &model.Config{Dir: "/p", Logs: []model.LogSource{
		{Path: "logs/a.jsonl", Format: "jsonl"},
		{Path: "/abs/b.csv", Format: "csv", Mapping: map[string]string{"time": "ts"}},
		{Path: "logs/*.json.gz"},
	}}
	want := []LogSource{
		{Path: filepath.Join("/p", "logs/a.jsonl"), Format: "jsonl"},
		{Path: "/abs/b.csv", Format: "csv", Mapping: map[string]string{"time": "ts"}},
		{Path: filepath.Join("/p", "logs/*.json.gz"), Format: "auto"},
		{Path: filepath.Join(cwd, "extra.jsonl"), Format: "auto"},
	}
	if d := cmp.Diff(want, LogSources(cfg, []string{"extra.jsonl"}, false)); d != "" {
		t.Errorf("sources (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want[3:], LogSources(cfg, []string{"extra.jsonl"}, true)); d != "" {
		t.Errorf("--no-logs keeps the command line's (-want +got):\n%s", d)
	}
	// A relative project root (--config examples/aims.yaml) still gives paths
	// that do not depend on a second base.
	rel := LogSources(&model.Config{Dir: "examples", Logs: []model.LogSource{{Path: "logs/x.jsonl"}}}, nil, false)
	if want := filepath.Join(cwd, "examples", "logs", "x.jsonl"); rel[0].Path != want {
		t.Errorf("relative root: %q, want %q", rel[0].Path, want)
	}
}

func TestRunWithLogs(t *testing.T) {
	log := `{"time":"2026-11-02T10:00:00Z","agent":"triage","action":"tool.call","tool":"zendesk","operation":"read","outcome":"ok"}
{"time":"2026-11-02T10:05:00Z","agent":"triage","action":"tool.call","tool":"github","operation":"push","outcome":"ok"}
{"time":"2026-11-02T10:06:00Z","agent":"ghost","action":"tool.call","tool":"zendesk","operation":"read","outcome":"ok"}
not json
`
	config := writeProject(t, map[string]string{
		"aims.yaml":    "apiVersion: aims/v1\nkind: Config\ninventory: inventory.yaml\nagents: agents\nlogs:\n  - path: logs/a.jsonl\n    format: jsonl\n",
		"logs/a.jsonl": log,
	})
	var progress bytes.Buffer
	out, err := Run(context.Background(), Options{ConfigPath: config, Now: testNow, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	logs := out.Result.Logs
	if logs == nil {
		t.Fatal("configured logs were not analysed")
	}
	if logs.Events != 3 || logs.Skipped != 1 || len(logs.Shadow) != 1 || logs.Shadow[0].Identity != "ghost" {
		t.Errorf("events %d, skipped %d, shadow %+v", logs.Events, logs.Skipped, logs.Shadow)
	}
	if len(logs.Files) != 1 || logs.Files[0].Path != "logs/a.jsonl" {
		t.Errorf("files %+v, want logs/a.jsonl relative to the root", logs.Files)
	}
	if !strings.Contains(progress.String(), "reading logs 100%") {
		t.Errorf("progress %q", progress.String())
	}
	noLogs, err := Run(context.Background(), Options{ConfigPath: config, Now: testNow, NoLogs: true})
	if err != nil || noLogs.Result.Logs != nil {
		t.Errorf("--no-logs: %v, logs %v", err, noLogs.Result.Logs)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, Options{ConfigPath: writeProject(t, nil), Now: testNow, History: true})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}
