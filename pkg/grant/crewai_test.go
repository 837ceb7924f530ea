package grant

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestRequested: a model's tool-call request names a tool as the model was
// offered it. CrewAI offers every tool under sanitize_tool_name of its name
// attribute (crewAIInc/crewAI f4731f5, utilities/string_utils.py; the agent
// executor matches the model's function name to sanitize_tool_name(tool.name),
// agents/crew_agent_executor.py), while `aims import crewai` grants the name
// attribute itself, as OpenLIT and OpenInference log BaseTool.run.
func TestRequested(t *testing.T) {
	grants := []model.Grant{
		{Name: "Read a file's content"},
		{Name: "policy_lookup"},
		{Name: "Search the internet with Serper"},
		{Name: "JiraTarget", Operations: []string{"searchIssues"}},
		{Name: "APP*"},
	}
	for _, c := range []struct {
		name string
		want []int
	}{
		{"read_a_files_content", []int{0}},
		{"policy_lookup", []int{1}},
		{"search_the_internet_with_serper", []int{2}},
		{"JiraTarget___searchIssues", []int{3}},
		{"APP_send", []int{4}},
		{"app", nil}, // a glob is matched as a glob only
		{"read_a_file_s_content", nil},
		{"flag_claim", nil},
	} {
		if d := cmp.Diff(c.want, Requested(grants, c.name)); d != "" {
			t.Errorf("Requested(%q) (-want +got):\n%s", c.name, d)
		}
	}
}
