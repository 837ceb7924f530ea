package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

const m365Want = "a Microsoft 365 Copilot declarative agent manifest (JSON with version, name, instructions, capabilities)"

type m365Manifest struct {
	Schema           string           `json:"$schema"`
	Version          string           `json:"version"`
	ID               string           `json:"id"`
	Name             string           `json:"name"`
	Description      string           `json:"description"`
	Instructions     string           `json:"instructions"`
	Capabilities     []map[string]any `json:"capabilities"`
	Actions          []m365Action     `json:"actions"`
	WorkerAgents     []m365Worker     `json:"worker_agents"`
	SensitivityLabel any              `json:"sensitivity_label"`
	Disclaimer       *struct {
		Text string `json:"text"`
	} `json:"disclaimer"`
}

type m365Action struct {
	ID   string `json:"id"`
	File string `json:"file"`
}

type m365Worker struct {
	ID string `json:"id"`
}

type m365Plugin struct {
	Functions []struct {
		Name         string `json:"name"`
		Capabilities struct {
			Confirmation *struct {
				Type string `json:"type"`
			} `json:"confirmation"`
		} `json:"capabilities"`
	} `json:"functions"`
}

// m365Knowledge are the capabilities that read organisational content: they
// become data sources as well as grants.
var m365Knowledge = []string{"OneDriveAndSharePoint", "GraphConnectors", "Dataverse", "TeamsMessages", "Email", "People", "Meetings", "EmbeddedKnowledge"}

var m365Capabilities = append([]string{"WebSearch", "GraphicArt", "CodeInterpreter", "ScenarioModels", "EmailActions", "MeetingActions"}, m365Knowledge...)

// importM365 reads one declarative agent manifest: capabilities become
// grants (scoped to their sites, connections ... as resources) and the
// knowledge capabilities also data sources; each action's API plugin
// functions become grants when the plugin file is next to the manifest.
func importM365(f File, readFile func(string) ([]byte, error)) ([]*Agent, error) {
	var m m365Manifest
	if err := decodeJSON(f, m365Want, &m); err != nil {
		return nil, err
	}
	if strings.TrimSpace(m.Name) == "" || m.Instructions == "" && m.Capabilities == nil && m.Actions == nil && !strings.Contains(m.Schema, "declarative-agent") {
		return nil, errAt(f.Name, 0, 0, "not a Microsoft 365 declarative agent manifest: no name and instructions, capabilities or actions")
	}
	if v := strings.TrimSpace(m.Version); v != "" && !strings.HasPrefix(v, "v1.") {
		return nil, errAt(f.Name, 0, 0, "declarative agent manifest version %q is not supported (want v1.x)", v)
	}
	a := newAgent(base(f.Name))
	a.Agent.ID = m.ID
	if Slug(m.ID) == "" {
		a.Agent.ID = m.Name
	}
	a.Agent.Name = oneLine(m.Name)
	a.Agent.Purpose = oneLine(m.Description)
	a.identity(m.Name)
	a.identity(m.ID)
	a.Agent.Owner = "TODO: who owns this agent (a hint: developer in the app manifest)"
	a.Agent.Model.Provider = providerTODO("Microsoft", "the model is Microsoft-hosted")
	if m.Version != "" {
		a.note("manifest schema %s (version is the schema's, not the agent's)", oneLine(m.Version))
	}
	if m.Instructions != "" {
		a.note("instructions (the agent's prompt) are not mapped")
	}
	if m.Disclaimer != nil && strings.TrimSpace(m.Disclaimer.Text) != "" {
		a.note("users see a disclaimer: %q; set disclosure if it tells them they talk to an AI", oneLine(m.Disclaimer.Text))
	}
	if m.SensitivityLabel != nil {
		a.note("the manifest sets a sensitivity_label")
	}

	for i, c := range m.Capabilities {
		name, _ := c["name"].(string)
		if name = oneLine(name); name == "" {
			return nil, errAt(f.Name, 0, 0, "capabilities[%d]: name is missing (%s)", i, m365Want)
		}
		scopes := m365Scopes(c)
		// A Teams Toolkit placeholder (${{NAME}}, filled from env/.env.* at
		// provisioning) is not a scope: it would match no real resource.
		var placeholders []string
		scopes = slices.DeleteFunc(scopes, func(s string) bool {
			if strings.Contains(s, "${{") {
				placeholders = append(placeholders, s)
				return true
			}
			return false
		})
		for _, ph := range placeholders {
			a.note("capability %s: scope %s is a Teams Toolkit placeholder filled at provisioning; set the real value", name, ph)
			a.Agent.Data = append(a.Agent.Data, model.DataAccess{Source: "TODO: the value of " + ph + " (Teams Toolkit fills it at provisioning)", Access: "read"})
		}
		g := model.Grant{Name: name}
		if len(scopes) > 0 {
			g.Resources = scopes
		}
		comment := "Microsoft 365 capability"
		if !slices.Contains(m365Capabilities, name) {
			comment = "Microsoft 365 capability (unknown to this importer)"
		}
		a.addGrant(g, comment)
		if !slices.Contains(m365Knowledge, name) {
			continue
		}
		if len(scopes) == 0 && len(placeholders) == 0 {
			a.Agent.Data = append(a.Agent.Data, model.DataAccess{Source: name + ": all content the user can access", Access: "read"})
			continue
		}
		for _, s := range scopes {
			a.Agent.Data = append(a.Agent.Data, model.DataAccess{Source: s, Access: "read"})
		}
	}

	dir := filepath.Dir(f.Name)
	for i, act := range m.Actions {
		id := oneLine(act.ID)
		if id == "" {
			id = fmt.Sprintf("action-%d", i+1)
		}
		if err := m365ReadAction(a, f, dir, id, act.File, readFile); err != nil {
			return nil, err
		}
	}
	for _, w := range m.WorkerAgents {
		if Slug(w.ID) != "" {
			a.addGrant(delegation(w.ID), "worker agent "+w.ID)
		}
	}
	return []*Agent{a}, nil
}

func m365ReadAction(a *Agent, f File, dir, id, file string, readFile func(string) ([]byte, error)) error {
	file = strings.TrimSpace(file)
	path := filepath.Clean(filepath.Join(dir, filepath.FromSlash(file)))
	if file == "" || filepath.IsAbs(file) || !within(dir, path) {
		a.addGrant(model.Grant{Name: id}, "action (API plugin "+file+", not read)")
		a.note("action %s: plugin file %q is not next to the manifest: not read; its functions are the tools", id, file)
		return nil
	}
	data, err := readFile(path)
	if err != nil {
		a.addGrant(model.Grant{Name: id}, "action (API plugin "+file+")")
		if errors.Is(err, fs.ErrNotExist) {
			a.note("action %s: plugin file %s not found; list its functions as grants instead of %s", id, file, id)
		} else {
			a.note("action %s: plugin file %s could not be read: %v", id, file, err)
		}
		return nil
	}
	if len(data) > MaxFileBytes {
		return errAt(path, 0, 0, "file is %d bytes; inputs over %d bytes are refused", len(data), MaxFileBytes)
	}
	var p m365Plugin
	if err := decodeJSON(File{Name: path, Data: data}, "an API plugin manifest (JSON with functions)", &p); err != nil {
		return err
	}
	a.Sources = append(a.Sources, base(path))
	if len(p.Functions) == 0 {
		a.addGrant(model.Grant{Name: id}, "action (API plugin "+file+", no functions)")
		return nil
	}
	for _, fn := range p.Functions {
		name := oneLine(fn.Name)
		if name == "" {
			continue
		}
		a.addGrant(model.Grant{Name: name}, "function of action "+id)
		if c := fn.Capabilities.Confirmation; c != nil && c.Type != "" && !strings.EqualFold(c.Type, "None") {
			a.review(name)
		}
	}
	return nil
}

// m365Scopes lists what a capability is limited to, one string per scope
// item: URLs as they are, other items as kind:id.
func m365Scopes(c map[string]any) []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		if k != "name" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []string
	add := func(s string) {
		if s = oneLine(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, k := range keys {
		switch v := c[k].(type) {
		case string:
			add(k + ":" + v)
		case []any:
			for _, item := range v {
				switch it := item.(type) {
				case string:
					add(k + ":" + it)
				case map[string]any:
					add(m365Item(k, it))
				}
			}
		}
	}
	return out
}

func m365Item(key string, it map[string]any) string {
	str := func(k string) string { s, _ := it[k].(string); return s }
	switch {
	case str("url") != "":
		return str("url")
	case str("connection_id") != "":
		return "connection:" + str("connection_id")
	case str("host_name") != "":
		return "dataverse:" + str("host_name")
	}
	var parts []string
	ks := make([]string, 0, len(it))
	for k := range it {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		switch v := it[k].(type) {
		case string:
			parts = append(parts, k+"="+v)
		case float64, bool:
			parts = append(parts, fmt.Sprintf("%s=%v", k, v))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return key + ":" + strings.Join(parts, ",")
}
