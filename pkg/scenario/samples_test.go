package scenario

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/model"
)

// TestCitedRecords opens every log record a finding cites (its location and
// samples, file:line) and checks the line is there and is the record the
// finding describes: it names the finding's tool, target and model, and for
// an agent the agent or one of its identities. An auditor samples exactly
// these records; a citation that points at the wrong line is a false finding.
func TestCitedRecords(t *testing.T) {
	for _, dir := range scenarios(t) {
		name := filepath.Base(dir)
		o, err := ReadOracle(filepath.Join(dir, "expected.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		names := agentNames(t, dir)
		for _, cmd := range []string{"assess", "logs"} {
			t.Run(name+"/"+cmd, func(t *testing.T) {
				got, _ := findings(t, dir, o.Now, cmd)
				for _, f := range got {
					cited := append([]model.Sample{{Pos: f.Location}}, f.Samples...)
					for _, s := range cited {
						if s.File == "" || s.Line == 0 || !strings.HasPrefix(s.File, "logs/") {
							continue
						}
						rec, err := recordAt(filepath.Join(dir, s.File), s.Line)
						if err != nil {
							t.Errorf("%s: cites %s:%d: %v", FormatFinding(f), s.File, s.Line, err)
							continue
						}
						for _, want := range []string{f.Tool, f.Target, f.Model} {
							if want != "" && !strings.Contains(rec, want) {
								t.Errorf("%s: cited record %s:%d does not name %q", FormatFinding(f), s.File, s.Line, want)
							}
						}
						if f.SubjectKind == model.SubjectAgent && f.Subject != "" && !mentionsAny(rec, append([]string{f.Subject}, names[f.Subject]...)) {
							t.Errorf("%s: cited record %s:%d names neither agent %s nor its identities %v", FormatFinding(f), s.File, s.Line, f.Subject, names[f.Subject])
						}
					}
				}
			})
		}
	}
}

func mentionsAny(rec string, names []string) bool {
	for _, n := range names {
		if n != "" && strings.Contains(rec, n) {
			return true
		}
	}
	return false
}

// agentNames maps each agent ID of the scenario to its identities.
func agentNames(t *testing.T, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "agents", "*.yaml"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var a struct {
			ID         string   `yaml:"id"`
			Identities []string `yaml:"identities"`
		}
		if err := yaml.Unmarshal(data, &a); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[a.ID] = a.Identities
	}
	return out
}

// recordAt returns the record that starts at line n (1-based) of path: the
// line itself, or, when it opens a JSON object that spans lines (a
// CloudTrail record), every line up to the one that closes it.
func recordAt(path string, n int) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	lines := bytes.Split(data, []byte("\n"))
	if n > len(lines) || (n == len(lines) && len(lines[n-1]) == 0) {
		return "", os.ErrNotExist
	}
	var b strings.Builder
	depth, inStr, esc := 0, false, false
	for i := n - 1; i < len(lines); i++ {
		b.Write(lines[i])
		b.WriteByte('\n')
		for _, c := range lines[i] {
			switch {
			case esc:
				esc = false
			case inStr && c == '\\':
				esc = true
			case c == '"':
				inStr = !inStr
			case !inStr && (c == '{' || c == '['):
				depth++
			case !inStr && (c == '}' || c == ']'):
				depth--
			}
		}
		if depth <= 0 {
			break
		}
	}
	return b.String(), nil
}
