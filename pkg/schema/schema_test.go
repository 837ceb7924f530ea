package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	jsv "github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

func compile(t *testing.T, name string) *jsv.Schema {
	t.Helper()
	b, err := Generate(name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsv.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsv.NewCompiler()
	url := BaseURL + name + ".json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("schema %s does not compile: %v", name, err)
	}
	return s
}

// plain turns a YAML node into JSON-like values by tag, keeping dates as strings
// (yaml's own decoding into `any` would make them time.Time).
func plain(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		return plain(n.Content[0])
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = plain(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			out = append(out, plain(c))
		}
		return out
	case yaml.AliasNode:
		return plain(n.Alias)
	}
	switch n.Tag {
	case "!!int":
		i, _ := strconv.ParseInt(n.Value, 0, 64)
		return json.Number(strconv.FormatInt(i, 10))
	case "!!float":
		return json.Number(n.Value)
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}

func yamlFile(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(b, &n); err != nil {
		t.Fatal(err)
	}
	return plain(&n)
}

func TestExampleValidatesAgainstSchemas(t *testing.T) {
	agents, _ := filepath.Glob("../../examples/agents/*.yaml")
	if len(agents) == 0 {
		t.Fatal("no example agents")
	}
	s := compile(t, "agent")
	for _, a := range agents {
		if err := s.Validate(yamlFile(t, a)); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
	if err := compile(t, "inventory").Validate(yamlFile(t, "../../examples/inventory.yaml")); err != nil {
		t.Errorf("inventory: %v", err)
	}
	if err := compile(t, "config").Validate(yamlFile(t, "../../examples/aims.yaml")); err != nil {
		t.Errorf("config: %v", err)
	}
}

func TestSchemaRejectsWhatTheLoaderRejects(t *testing.T) {
	s := compile(t, "agent")
	for name, doc := range map[string]string{
		"unknown field": "apiVersion: aims/v1\nkind: Agent\nid: a\nsystem: s\nfoo: 1\n",
		"bad enum":      "apiVersion: aims/v1\nkind: Agent\nid: a\nsystem: s\nscope: everyone\n",
		"missing id":    "apiVersion: aims/v1\nkind: Agent\nsystem: s\n",
		"bad date":      "apiVersion: aims/v1\nkind: Agent\nid: a\nsystem: s\nretired_on: soon\n",
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(plain(&n)); err == nil {
			t.Errorf("%s: schema accepted %q", name, doc)
		}
	}
}

func TestEventSchemaAcceptsExampleLog(t *testing.T) {
	s := compile(t, "event")
	b, err := os.ReadFile("../../examples/logs/agent-activity.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	valid := 0
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		v, err := jsv.UnmarshalJSON(strings.NewReader(line))
		if err != nil {
			continue // the example carries one truncated record on purpose
		}
		if err := s.Validate(v); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		valid++
	}
	if valid < 100 {
		t.Errorf("only %d events validated", valid)
	}
}

func TestUnknownSchema(t *testing.T) {
	if _, err := Generate("nope"); err == nil || !strings.Contains(err.Error(), "inventory, agent, config, event") {
		t.Errorf("err = %v", err)
	}
}

// dpa is true, false or a path/URL in the schema as in the loader (issue 11 §3).
func TestInventorySchemaDPA(t *testing.T) {
	s := compile(t, "inventory")
	for _, tc := range []struct {
		dpa string
		ok  bool
	}{
		{"true", true}, {"false", true}, {"docs/dpa.pdf", true}, {"https://example.com/dpa", true},
		{"1", false}, {"[docs/dpa.pdf]", false}, {"{ref: x}", false}, {`""`, false},
	} {
		doc := "apiVersion: aims/v1\nkind: Inventory\norganization: {name: A}\nvendors:\n  - {id: v, role: platform, dpa: " + tc.dpa + "}\n"
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(plain(&n)); (err == nil) != tc.ok {
			t.Errorf("dpa: %s: valid %v, want %v (%v)", tc.dpa, err == nil, tc.ok, err)
		}
	}
}
