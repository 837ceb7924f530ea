package load

import (
	"fmt"
	"reflect"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/model"
)

// header checks apiVersion and kind before the body is decoded, so that a
// file of the wrong kind gets one clear message instead of many unknown fields.
func header(file string, root *yaml.Node, kind string) Problems {
	if root.Kind != yaml.MappingNode {
		return Problems{{Pos: model.Pos{File: file, Line: root.Line, Col: root.Column}, Severity: Error,
			Msg: fmt.Sprintf("expected a mapping with apiVersion: %s and kind: %s", model.APIVersion, kind)}}
	}
	var ps Problems
	var gotAPI, gotKind *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "apiVersion":
			gotAPI = root.Content[i+1]
		case "kind":
			gotKind = root.Content[i+1]
		}
	}
	at := func(n *yaml.Node) model.Pos { return model.Pos{File: file, Line: n.Line, Col: n.Column} }
	switch {
	case gotAPI == nil:
		ps = append(ps, Problem{Pos: at(root), Severity: Error, Msg: fmt.Sprintf("missing apiVersion (want %s)", model.APIVersion)})
	case gotAPI.Value != model.APIVersion:
		ps = append(ps, Problem{Pos: at(gotAPI), Severity: Error, Msg: fmt.Sprintf("apiVersion %q is not supported (want %s)", gotAPI.Value, model.APIVersion)})
	}
	switch {
	case gotKind == nil:
		ps = append(ps, Problem{Pos: at(root), Severity: Error, Msg: fmt.Sprintf("missing kind (want %s)", kind)})
	case gotKind.Value != kind:
		ps = append(ps, Problem{Pos: at(gotKind), Severity: Error, Msg: fmt.Sprintf("kind is %q, expected %s here", gotKind.Value, kind)})
	}
	return ps
}

// parseInto decodes one document of kind into out (a pointer to a struct) and
// returns the key positions and every problem (errors and TODO warnings).
func parseInto(file string, data []byte, kind string, out any) (model.Positions, Problems) {
	root, ps := parseDocument(file, data)
	if root == nil {
		return nil, ps
	}
	if hp := header(file, root, kind); len(hp) > 0 {
		return nil, hp
	}
	d := &decoder{file: file, pos: model.Positions{"": {File: file, Line: root.Line, Col: root.Column}}, budget: maxNodes}
	d.decode(root, reflect.ValueOf(out).Elem(), "", nil)
	return d.pos, d.problems
}

// ParseAgent reads one agent config. The agent is nil only when the file
// could not be parsed at all; otherwise it is returned with its problems.
func ParseAgent(file string, data []byte) (*model.Agent, Problems) {
	var a model.Agent
	pos, ps := parseInto(file, data, model.KindAgent, &a)
	if pos == nil {
		return nil, ps
	}
	a.File, a.Pos = file, pos
	return &a, ps
}

// ParseInventory reads inventory.yaml.
func ParseInventory(file string, data []byte) (*model.Inventory, Problems) {
	var inv model.Inventory
	pos, ps := parseInto(file, data, model.KindInventory, &inv)
	if pos == nil {
		return nil, ps
	}
	inv.File, inv.Pos = file, pos
	// Roles and policy kinds are keys the checks look for (ai-owner,
	// ai-policy): "AI Owner" or "incident_communication" is the same key
	// written another way, not a missing role or policy.
	for i := range inv.Organization.Roles {
		inv.Organization.Roles[i].Role = model.CanonicalKey(inv.Organization.Roles[i].Role)
	}
	for i := range inv.Policies {
		inv.Policies[i].Kind = model.CanonicalKey(inv.Policies[i].Kind)
	}
	return &inv, ps
}

// ParseConfig reads aims.yaml.
func ParseConfig(file string, data []byte) (*model.Config, model.Positions, Problems) {
	var c model.Config
	pos, ps := parseInto(file, data, model.KindConfig, &c)
	if pos == nil {
		return nil, nil, ps
	}
	c.File = file
	return &c, pos, ps
}

// Kind returns the apiVersion and kind a YAML file declares, for callers that
// take files of several kinds (validate FILE...). Empty strings when unreadable.
func Kind(data []byte) (apiVersion, kind string) {
	var h struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
	}
	if err := yaml.Unmarshal(data, &h); err != nil {
		return "", ""
	}
	return h.APIVersion, h.Kind
}
