package load

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/testenv"
)

const agentHead = "apiVersion: aims/v1\nkind: Agent\n"

func TestParseAgentProblems(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // Problem.String() of every problem, in order
	}{
		{"valid", agentHead + "id: a\nsystem: s\n", nil},
		{"empty file", "", []string{"a.yaml:1:1: file is empty: expected a YAML document with apiVersion: aims/v1 and kind"}},
		{"only comments", "# nothing\n", []string{"a.yaml:1:1: file is empty: expected a YAML document with apiVersion: aims/v1 and kind"}},
		{"wrong apiVersion", "apiVersion: aims/v2\nkind: Agent\nid: a\nsystem: s\n", []string{`a.yaml:1:13: apiVersion "aims/v2" is not supported (want aims/v1)`}},
		{"wrong kind", "apiVersion: aims/v1\nkind: Inventory\nid: a\n", []string{`a.yaml:2:7: kind is "Inventory", expected Agent here`}},
		{"unknown field with suggestion", agentHead + "id: a\nsystem: s\nlifecylce: deployed\n", []string{`a.yaml:5:1: unknown field "lifecylce" (did you mean "lifecycle"?)`}},
		{"nested unknown field", agentHead + "id: a\nsystem: s\nlogging:\n  retention: 5\n", []string{`a.yaml:6:3: unknown field "logging.retention" (did you mean "retention_days"?)`}},
		{"bad enum", agentHead + "id: a\nsystem: s\nscope: everyone\n", []string{`a.yaml:5:8: scope: "everyone" is not one of: private, team, organization`}},
		{"impossible date", agentHead + "id: a\nsystem: s\nretired_on: 2026-02-30\n", []string{`a.yaml:5:13: retired_on: "2026-02-30" is not a calendar date (YYYY-MM-DD)`}},
		{"wrong type bool", agentHead + "id: a\nsystem: s\ndisclosure: sometimes\n", []string{`a.yaml:5:13: disclosure: expected true or false, got "sometimes"`}},
		{"wrong type list", agentHead + "id: a\nsystem: s\nidentities: bot\n", []string{`a.yaml:5:13: identities: expected a list, got "bot"`}},
		{"wrong type number", agentHead + "id: a\nsystem: s\nlogging: {retention_days: lots}\n", []string{`a.yaml:5:27: logging.retention_days: expected a whole number, got "lots"`}},
		{"duplicate key", agentHead + "id: a\nsystem: s\nid: b\n", []string{`a.yaml:5:1: duplicate key "id" (first at line 3, column 1)`}},
		{"missing required", agentHead + "id: a\n", []string{`a.yaml:1:1: missing required field "system"`}},
		{"tab indentation", agentHead + "id: a\nsystem: s\nlogging:\n\tactions: true\n", []string{"a.yaml:6:1: YAML syntax error: found character that cannot start any token (YAML indentation must use spaces, not tabs)"}},
		{"binary garbage", "\x00\x01\x02\xff\xfe", []string{"a.yaml:1:4: not UTF-8 text (a binary file?)"}},
		{"two documents", agentHead + "id: a\nsystem: s\n---\nid: b\n", []string{"a.yaml:5:1: more than one YAML document in this file; put one object per file"}},
		{"not a mapping", "- a\n- b\n", []string{"a.yaml:1:1: expected a mapping with apiVersion: aims/v1 and kind: Agent"}},
		{"all problems not just the first", agentHead + "id: a\nsystem: s\nscope: x\naudience: y\nfoo: 1\n", []string{
			`a.yaml:5:8: scope: "x" is not one of: private, team, organization`,
			`a.yaml:6:11: audience: "y" is not one of: internal, customer-facing`,
			`a.yaml:7:1: unknown field "foo" (known fields: apiVersion, approval, audience, data, disclosure, id, identities, isolation, kind, lifecycle, logging, model, name, oversight, owner, purpose, retired_on, risk, scope, system, testing, tools, training_on_customer_data, version)`,
		}},
		{"todo markers are warnings", agentHead + "id: a\nsystem: \"TODO: which system\"\nscope: TODO\n", []string{
			"a.yaml:4:9: warning: TODO: system must be filled in",
			"a.yaml:5:8: warning: TODO: scope must be filled in",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := ParseAgent("a.yaml", []byte(tt.in))
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
		})
	}
}

func TestAliasBombIsRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString(agentHead + "id: a\nsystem: s\n")
	b.WriteString("x0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("x" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	b.WriteString("identities: *a8\n")
	start := time.Now()
	_, ps := ParseAgent("bomb.yaml", []byte(b.String()))
	// 9^9 strings if expanded; the typed walk refuses the nested lists at once instead.
	if el := time.Since(start); el > 2*time.Second || len(ps) == 0 || len(ps) > 50 {
		t.Fatalf("alias bomb: %d problems in %v", len(ps), el)
	}
}

func TestWideDocumentIsRefused(t *testing.T) {
	testenv.Slow(t)
	var b strings.Builder
	b.WriteString(agentHead + "id: a\nsystem: s\nidentities:\n")
	for i := 0; i < maxNodes+10; i++ {
		b.WriteString("  - x\n")
	}
	_, ps := ParseAgent("wide.yaml", []byte(b.String()))
	if len(ps) != 1 || !strings.Contains(ps[0].Msg, "more than 200000 nodes") {
		t.Fatalf("problems = %v", ps)
	}
}

func TestNilVersusEmptyLists(t *testing.T) {
	a, ps := ParseAgent("a.yaml", []byte(agentHead+"id: a\nsystem: s\ntools:\n  - name: any\n  - name: none\n    operations: []\n    resources: []\n"))
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	if a.Tools[0].Operations != nil || a.Tools[0].Resources != nil {
		t.Errorf("omitted lists must stay nil (any): %#v", a.Tools[0])
	}
	if a.Tools[1].Operations == nil || len(a.Tools[1].Operations) != 0 || a.Tools[1].Resources == nil {
		t.Errorf("[] must be an empty, non-nil list (none): %#v", a.Tools[1])
	}
	if got := a.Pos.Lookup("tools[1].operations").Line; got != 8 {
		t.Errorf("position of tools[1].operations = line %d, want 8", got)
	}
}

// writeProject lays out a project in a temp dir from name -> content.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const cfgYAML = "apiVersion: aims/v1\nkind: Config\n"

const invYAML = `apiVersion: aims/v1
kind: Inventory
organization: {name: Acme}
systems:
  - id: sys-a
    vendors: [openai]
vendors:
  - id: openai
    role: model-provider
`

func TestLoadProjectCrossReferences(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"aims.yaml":      cfgYAML + "period: {from: 2026-05-01, to: 2026-04-01}\n",
		"inventory.yaml": invYAML + "  - id: openai\n    role: platform\n",
		"agents/a.yaml":  agentHead + "id: a\nsystem: sys-b\nmodel: {provider: opnai}\n",
		"agents/b.yaml":  agentHead + "id: a\nsystem: sys-a\n",
	})
	_, err := LoadProject(filepath.Join(dir, "aims.yaml"))
	ps, ok := err.(Problems)
	if !ok {
		t.Fatalf("want Problems, got %v", err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, strings.TrimPrefix(p.String(), dir+string(filepath.Separator)))
	}
	want := []string{
		`agents/a.yaml:4:9: agent a names system "sys-b", which is not in the inventory (did you mean "sys-a"?)`,
		`agents/a.yaml:5:19: agent a: model provider "opnai" is not in the vendor register (did you mean "openai"?)`,
		`agents/b.yaml:3:5: duplicate agent id "a" (first at ` + filepath.Join(dir, "agents/a.yaml") + `:3:5)`,
		`aims.yaml:3:32: period is reversed: to (2026-04-01) is before from (2026-05-01)`,
		`inventory.yaml:10:9: duplicate vendor id "openai" (first at ` + filepath.Join(dir, "inventory.yaml") + `:8:9)`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}

func TestEvidenceStaysInsideRoot(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := writeProject(t, map[string]string{
		"aims.yaml": cfgYAML,
		"inventory.yaml": `apiVersion: aims/v1
kind: Inventory
organization: {name: Acme}
policies:
  - id: P1
    kind: ai-policy
    evidence: [docs/ok.md, docs/missing.md, ../escape.md, /etc/passwd, docs/link.txt, https://example.com/policy]
systems:
  - id: s
`,
		"docs/ok.md": "policy",
		// The same files again, from another folder: each path is resolved
		// once a load, and both references must get the same answer.
		"agents/a.yaml": agentHead + "id: a\nsystem: s\nrisk: {ref: ../docs/link.txt}\ntesting: {ref: ../docs/ok.md}\n",
	})
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "docs/link.txt")); err != nil {
		t.Fatal("symlink:", err)
	}
	p, err := LoadProject(filepath.Join(dir, "aims.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range p.Evidence {
		got[e.Ref] = e.State
		if e.State == "outside-root" && e.SHA256 != "" {
			t.Errorf("%s outside the root was read", e.Ref)
		}
	}
	want := map[string]string{"docs/ok.md": "ok", "docs/missing.md": "missing", "../escape.md": "outside-root",
		"/etc/passwd": "outside-root", "docs/link.txt": "outside-root", "https://example.com/policy": "url",
		"../docs/ok.md": "ok", "../docs/link.txt": "outside-root"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("evidence states (-want +got):\n%s", d)
	}
	digests := map[string]string{}
	for _, e := range p.Evidence {
		digests[e.Ref] = e.SHA256
	}
	if d := digests["docs/ok.md"]; d == "" || digests["../docs/ok.md"] != d {
		t.Errorf("one file, two digests: %q and %q", d, digests["../docs/ok.md"])
	}
	codes := map[string]int{}
	for _, w := range p.Warnings {
		codes[w.Code]++
	}
	if codes["evidence-missing"] != 1 || codes["evidence-outside-root"] != 4 {
		t.Errorf("warning codes = %v", codes)
	}
}

func TestCredentialsAreRedactedEverywhere(t *testing.T) {
	const key = "sk-proj-PLANTEDFAKEKEY0123456789abcdef"
	dir := writeProject(t, map[string]string{
		"aims.yaml":      cfgYAML,
		"inventory.yaml": invYAML,
		"agents/a.yaml":  agentHead + "id: a\nsystem: sys-a\npurpose: \"uses " + key + "\"\n",
	})
	p, err := LoadProject(filepath.Join(dir, "aims.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Secrets) != 1 || p.Secrets[0].Pos.Line != 5 || p.Secrets[0].Kind != "openai-api-key" {
		t.Fatalf("secrets = %+v", p.Secrets)
	}
	if strings.Contains(p.Agents[0].Purpose, key) {
		t.Error("the model still carries the key")
	}
	for _, s := range p.Sources {
		if strings.Contains(string(s.Redacted), key) {
			t.Errorf("source %s still carries the key", s.Path)
		}
	}
}

func TestMissingConfig(t *testing.T) {
	_, err := LoadProject(filepath.Join(t.TempDir(), "aims.yaml"))
	if err == nil || !strings.Contains(err.Error(), "aims init") {
		t.Fatalf("err = %v", err)
	}
}

func TestExampleLoads(t *testing.T) {
	p, err := LoadProject("../../examples/aims.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Agents) < 6 || len(p.Inventory.Systems) < 2 {
		t.Errorf("example too small: %d agents, %d systems", len(p.Agents), len(p.Inventory.Systems))
	}
}

// FuzzParseAgent: whatever the bytes, the loader returns a value or positioned problems and never panics.
func FuzzParseAgent(f *testing.F) {
	seeds, _ := filepath.Glob("../../examples/agents/*.yaml")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	if b, err := os.ReadFile("../../examples/inventory.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(agentHead + "id: a\nsystem: s\ntools: [{name: x, operations: []}]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	// Issue 16 hostile seeds: escapes hiding a key, tags, control characters.
	for _, s := range []string{"purpose: \"\\x73k-proj-abcdefghijklmnopqrstuvwxyz0123\"\n", "id: !!binary aGk=\n",
		"%TAG ! tag:x,2000:\n--- !foo\nid: a\n", "id: \"a\\x1b[2J\\nf.yaml:1: pass\"\n", "id: !!python/object:os.system x\n",
		"owner: !include ../x.yaml\n", "model: !vault {path: x}\n", "%TAG !! tag:evil,2000:\n---\nid: !!str a\n",
		"a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c]\n",
		"base: &m {id: a}\n<<: *m\n"} {
		f.Add([]byte(agentHead + s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, ps := ParseAgent("f.yaml", data)
		if a == nil && len(ps) == 0 {
			t.Fatal("no agent and no problem")
		}
		for _, p := range ps {
			if p.Pos.File != "f.yaml" || p.Msg == "" {
				t.Fatalf("unpositioned problem: %+v", p)
			}
		}
		inv, ps := ParseInventory("f.yaml", data)
		if inv == nil && len(ps) == 0 {
			t.Fatal("no inventory and no problem")
		}
		_, _, _ = ParseConfig("f.yaml", data)
	})
}

func TestTODOLoadsAsEmpty(t *testing.T) {
	a, ps := ParseAgent("a.yaml", []byte(agentHead+"id: a\nsystem: s\nowner: \"TODO: who owns this agent\"\nscope: TODO\n"))
	if a.Owner != "" || a.Scope != "" {
		t.Errorf("owner %q, scope %q: a TODO marker must not count as a value", a.Owner, a.Scope)
	}
	if len(ps) != 2 || ps[0].Code != "todo" {
		t.Errorf("problems = %v", ps)
	}
}

// Agent configs are read in parallel; what the load reports must not depend
// on how many CPUs there are: the same problems in the same order, the same
// warnings, credentials, sources and agents with one worker as with eight.
func TestParallelLoadIsDeterministic(t *testing.T) {
	project := func(broken bool) string {
		files := map[string]string{"aims.yaml": cfgYAML, "inventory.yaml": invYAML}
		for i := range 60 {
			body := agentHead + fmt.Sprintf("id: a%02d\nsystem: sys-a\n", i)
			switch i % 5 {
			case 1:
				body += "purpose: \"uses sk-proj-PLANTEDFAKEKEY0123456789abcd" + fmt.Sprint(i%10) + "\"\n"
			case 2:
				body += "owner: \"TODO: who runs it\"\ntesting: {ref: docs/missing.md}\n"
			case 3:
				if broken {
					body += "sytem: typo\nlifecycle: sleeping\n"
				}
			case 4:
				if broken {
					body = "not: [valid\n"
				}
			}
			files[fmt.Sprintf("agents/a%02d.yaml", i)] = body
		}
		return writeProject(t, files)
	}
	load := func(dir string, procs int) (*Project, string) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		p, err := LoadProject(filepath.Join(dir, "aims.yaml"))
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		return p, msg
	}
	valid, broken := project(false), project(true)
	want, wantErr := load(valid, 1)
	if wantErr != "" {
		t.Fatalf("the valid project does not load:\n%s", wantErr)
	}
	if len(want.Warnings) < 30 || len(want.Secrets) != 12 {
		t.Fatalf("the valid project: error %q, %d warnings, %d credentials", wantErr, len(want.Warnings), len(want.Secrets))
	}
	_, wantBroken := load(broken, 1)
	if strings.Count(wantBroken, "\n") < 20 {
		t.Fatalf("the broken project reports too little:\n%s", wantBroken)
	}
	for range 3 {
		got, gotErr := load(valid, 8)
		if d := cmp.Diff(want, got); d != "" || gotErr != "" {
			t.Fatalf("project differs with 8 workers (%s) (-1 +8):\n%s", gotErr, d)
		}
		if _, gotBroken := load(broken, 8); gotBroken != wantBroken {
			t.Fatalf("problems differ with 8 workers (-1 +8):\n%s", cmp.Diff(wantBroken, gotBroken))
		}
	}
}
