package diff_test

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/golden"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/report"
)

// The diff's writers are pkg/report's; these goldens stay beside the
// fixtures they are rendered from.

func write(t *testing.T, format string, r *diff.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, format, report.SubjectDiff, r, report.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFiveAgentGolden(t *testing.T) {
	for format, file := range map[string]string{"markdown": "five.md", "table": "five.txt", "json": "five.json", "junit": "five.junit"} {
		t.Run(format, func(t *testing.T) {
			got := write(t, format, diff.CompareForTest(diff.FiveAgentsForTest()))
			golden.Assert(t, filepath.Join("testdata", file), got)
			// Same inputs, same bytes.
			if again := write(t, format, diff.CompareForTest(diff.FiveAgentsForTest())); !bytes.Equal(got, again) {
				t.Errorf("%s is not deterministic", format)
			}
		})
	}
}

func TestRiskReducedTable(t *testing.T) {
	before := diff.TriageForTest()
	before.Tools = append(before.Tools, model.Grant{Name: "slack", Operations: []string{"post_message"}})
	r := diff.CompareForTest(diff.SideForTest("a", diff.InventoryForTest(""), before), diff.SideForTest("b", diff.InventoryForTest(""), diff.TriageForTest()))
	out := string(write(t, "table", r))
	if !strings.Contains(out, "risk reduced") || !strings.Contains(out, "grant removed slack") {
		t.Errorf("table lacks 'risk reduced' / the grant:\n%s", out)
	}
}

func TestMarkdownFitsAComment(t *testing.T) {
	var base, head []*model.Agent
	for i := range 400 {
		b, h := diff.TriageForTest(), diff.TriageForTest()
		b.ID = strings.Repeat("x", 20) + string(rune('a'+i%26)) + strconv.Itoa(i)
		h.ID = b.ID
		h.Tools[0].Operations = append(h.Tools[0].Operations, "create_issue", "delete_issue", "comment")
		base, head = append(base, b), append(head, h)
	}
	r := diff.CompareForTest(diff.SideForTest("a", diff.InventoryForTest(""), base...), diff.SideForTest("b", diff.InventoryForTest(""), head...))
	out := string(write(t, "markdown", r))
	if len(out) > report.MaxCommentBytes || !strings.Contains(out, "more changed agents are left out") {
		t.Errorf("markdown is %d bytes (limit %d)", len(out), report.MaxCommentBytes)
	}
	if !strings.HasPrefix(out, "### aims diff") || !strings.Contains(out, "400 agents changed") {
		t.Errorf("summary lost:\n%.300s", out)
	}
}

// Text from a config reaches a pull-request comment: an owner's @mention
// must not notify anyone and raw HTML must not render.
func TestMarkdownIsInert(t *testing.T) {
	before, after := diff.TriageForTest(), diff.TriageForTest()
	after.Owner = "@security-team <img src=x>"
	r := diff.CompareForTest(diff.SideForTest("a", diff.InventoryForTest(""), before), diff.SideForTest("b", diff.InventoryForTest(""), after))
	out := string(write(t, "markdown", r))
	if strings.Contains(out, "@security-team") || strings.Contains(out, "<img") {
		t.Errorf("mention or HTML reached the comment:\n%s", out)
	}
}
