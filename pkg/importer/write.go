package importer

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/model"
)

// The documents written mirror model.Agent field for field, in its order
// (TestOutputFollowsModelOrder holds them together), but leave out what is
// empty: the model's own YAML tags have no omitempty, so encoding a
// model.Agent would write false and 0 for every boolean and number the
// source never had, and aims would read them as facts.
type agentDoc struct {
	APIVersion string        `yaml:"apiVersion"`
	Kind       string        `yaml:"kind"`
	ID         string        `yaml:"id"`
	Name       string        `yaml:"name,omitempty"`
	System     string        `yaml:"system"`
	Owner      string        `yaml:"owner,omitempty"`
	Purpose    string        `yaml:"purpose,omitempty"`
	Lifecycle  string        `yaml:"lifecycle,omitempty"`
	Version    string        `yaml:"version,omitempty"`
	Scope      string        `yaml:"scope,omitempty"`
	Audience   string        `yaml:"audience,omitempty"`
	Identities []string      `yaml:"identities,omitempty"`
	Model      *modelDoc     `yaml:"model,omitempty"`
	Isolation  string        `yaml:"isolation,omitempty"`
	Tools      []grantDoc    `yaml:"tools,omitempty"`
	Data       []dataDoc     `yaml:"data,omitempty"`
	Logging    *loggingDoc   `yaml:"logging,omitempty"`
	Oversight  *oversightDoc `yaml:"oversight,omitempty"`
}

type modelDoc struct {
	Provider string   `yaml:"provider,omitempty"`
	Name     string   `yaml:"name,omitempty"`
	Allowed  []string `yaml:"allowed,omitempty"`
}

// grantDoc keeps the nil-vs-empty meaning of model.Grant: a nil pointer
// (any) is left out, a pointer to an empty list (none) is written as [].
type grantDoc struct {
	Name       string    `yaml:"name"`
	Operations *[]string `yaml:"operations,omitempty"`
	Resources  *[]string `yaml:"resources,omitempty"`
}

type dataDoc struct {
	Source        string   `yaml:"source"`
	Categories    []string `yaml:"categories,omitempty"`
	Access        string   `yaml:"access,omitempty"`
	Justification string   `yaml:"justification,omitempty"`
}

type loggingDoc struct {
	Export string `yaml:"export,omitempty"`
}

type oversightDoc struct {
	HumanReview []string `yaml:"human_review,omitempty"`
	Reviewers   []string `yaml:"reviewers,omitempty"`
}

func listPtr(l []string) *[]string {
	if l == nil {
		return nil
	}
	c := slices.Clone(l)
	if c == nil {
		c = []string{}
	}
	return &c
}

func toDoc(a *model.Agent) agentDoc {
	d := agentDoc{
		APIVersion: a.APIVersion, Kind: a.Kind, ID: a.ID, Name: a.Name, System: a.System,
		Owner: a.Owner, Purpose: a.Purpose, Lifecycle: a.Lifecycle, Version: a.Version,
		Scope: a.Scope, Audience: a.Audience, Identities: a.Identities, Isolation: a.Isolation,
	}
	if a.Model.Provider != "" || a.Model.Name != "" || len(a.Model.Allowed) > 0 {
		d.Model = &modelDoc{Provider: a.Model.Provider, Name: a.Model.Name, Allowed: a.Model.Allowed}
	}
	for _, g := range a.Tools {
		d.Tools = append(d.Tools, grantDoc{Name: g.Name, Operations: listPtr(g.Operations), Resources: listPtr(g.Resources)})
	}
	for _, x := range a.Data {
		d.Data = append(d.Data, dataDoc{Source: x.Source, Categories: x.Categories, Access: x.Access, Justification: x.Justification})
	}
	if a.Logging.Export != "" {
		d.Logging = &loggingDoc{Export: a.Logging.Export}
	}
	if len(a.Oversight.HumanReview) > 0 || len(a.Oversight.Reviewers) > 0 {
		d.Oversight = &oversightDoc{HumanReview: a.Oversight.HumanReview, Reviewers: a.Oversight.Reviewers}
	}
	return d
}

// Render writes one imported agent as an aims Agent YAML document: a comment
// header (where it came from, notes, the fields to add by hand), then the
// agent with two-space indentation in the model's field order. The same
// agent always renders to the same bytes.
func Render(ia *Agent, format string) ([]byte, error) {
	var node yaml.Node
	if err := node.Encode(toDoc(&ia.Agent)); err != nil {
		return nil, fmt.Errorf("agent %s: %w", ia.Agent.ID, err)
	}
	annotate(&node, ia.Comments)

	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Imported by `aims import %s` from %s.\n", format, strings.Join(ia.Sources, ", "))
	if len(ia.Notes) > 0 {
		buf.WriteString("# Notes:\n")
		for _, n := range ia.Notes {
			fmt.Fprintf(&buf, "#   - %s\n", oneLine(n))
		}
	}
	section := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		buf.WriteString("# " + title + "\n")
		for _, it := range items {
			fmt.Fprintf(&buf, "#   - %s\n", oneLine(it))
		}
	}
	section("Offers (what the agent provides to its callers; not tools it calls, so not grants):", ia.Offers)
	section("Output review (a person reviews these results before they are accepted; not tool-call approvals, so not in oversight.human_review):", ia.OutputReview)
	section(fmt.Sprintf("Not read (%d source field(s) unknown to this importer: check none grants tools or permissions):", len(ia.Unknown)), ia.Unknown)
	buf.WriteString("# TODO: fill in every value that starts with \"TODO\" (aims validate lists them), then add\n")
	buf.WriteString("# these fields, which the source cannot have and which take no TODO marker:\n")
	for _, l := range ia.Later {
		fmt.Fprintf(&buf, "#   - %s\n", l)
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		return nil, fmt.Errorf("agent %s: %w", ia.Agent.ID, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("agent %s: %w", ia.Agent.ID, err)
	}
	return buf.Bytes(), nil
}

// annotate puts each grant's comment on the line of its name.
func annotate(doc *yaml.Node, comments map[string]string) {
	if len(comments) == 0 {
		return
	}
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	tools := mapValue(root, "tools")
	if tools == nil || tools.Kind != yaml.SequenceNode {
		return
	}
	for _, item := range tools.Content {
		name := mapValue(item, "name")
		if name == nil {
			continue
		}
		if c := comments[name.Value]; c != "" {
			name.LineComment = "# " + oneLine(c)
		}
	}
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// TODOs lists the dotted paths of the fields of a that hold a TODO marker,
// in the model's field order: what `aims validate` will report.
func TODOs(a *model.Agent) []string {
	var node yaml.Node
	if err := node.Encode(toDoc(a)); err != nil {
		return nil
	}
	var out []string
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := n.Content[i].Value
				if path != "" {
					p = path + "." + p
				}
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", path, i))
			}
		case yaml.ScalarNode:
			if IsTODO(n.Value) {
				out = append(out, path)
			}
		}
	}
	walk(&node, "")
	return out
}

// IsTODO reports whether a value is a TODO marker: "TODO", or "TODO:" or
// "TODO " followed by a hint (the convention aims validate reports).
func IsTODO(s string) bool {
	return s == "TODO" || strings.HasPrefix(s, "TODO:") || strings.HasPrefix(s, "TODO ")
}
