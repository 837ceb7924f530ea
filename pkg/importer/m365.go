package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
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
	Runtimes []struct {
		Type string `json:"type"`
		Auth struct {
			Type string `json:"type"`
		} `json:"auth"`
	} `json:"runtimes"`
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

// m365Writes are the capabilities that act rather than read, with the
// operations the declarative agent schema 1.8 names for them
// (MicrosoftDocs/m365copilot-docs docs/declarative-agent-manifest-1.8.md,
// "Email actions object": triage, supervised send, delete, inbox rules,
// auto-reply, folder management; "Meeting actions object": scheduling
// events, time-finding polls, time insights). The knowledge capabilities
// only read; the other known ones do one thing each (m365Ops).
var m365Writes = map[string][]string{
	"EmailActions":   {"triage", "send", "delete", "create_inbox_rule", "set_auto_reply", "create_folder"},
	"MeetingActions": {"create_event", "create_poll", "read_time_insights"},
}

// m365Ops are the operations of the capabilities that neither read
// knowledge nor write: Code Interpreter runs Python in Microsoft's sandbox,
// Graphic Art makes images, Scenario Models calls a task-specific model.
var m365Ops = map[string][]string{
	"CodeInterpreter": {"run_code"},
	"GraphicArt":      {"generate_image"},
	"ScenarioModels":  {"invoke_model"},
}

// m365Fields are the fields of the declarative agent manifest up to schema
// 1.8 (the same document): a field outside them is reported unknown. An
// action may inline its plugin manifest, so everything under actions[] is
// known (its functions are read).
var m365Fields = fieldPatterns{
	"$schema", "version", "id", "name", "description", "instructions", "conversation_starters[].**", "behavior_overrides.**",
	"disclaimer.text", "sensitivity_label.id", "editorial_answers.**", "worker_agents[].id", "user_overrides[].**", "actions[].**",
	"capabilities[].name", "capabilities[].sites[].url", "capabilities[].items_by_url[].url", "capabilities[].items_by_sharepoint_ids[].**",
	"capabilities[].connections[].**", "capabilities[].knowledge_sources[].host_name", "capabilities[].knowledge_sources[].skill",
	"capabilities[].knowledge_sources[].tables[].table_name", "capabilities[].urls[].url", "capabilities[].shared_mailbox",
	"capabilities[].group_mailboxes[]", "capabilities[].folders[].folder_id", "capabilities[].include_related_content",
	"capabilities[].models[].id", "capabilities[].items_by_id[].id", "capabilities[].items_by_id[].is_series", "capabilities[].files[].file",
}

// m365AppManifest is what the Microsoft 365 app manifest (manifest.json of
// the app package) says of a declarative agent: the files of its agents and
// its developer, the owner hint.
type m365AppManifest struct {
	Developer struct {
		Name       string `json:"name"`
		WebsiteURL string `json:"websiteUrl"`
	} `json:"developer"`
	CopilotAgents struct {
		DeclarativeAgents []struct {
			ID   string `json:"id"`
			File string `json:"file"`
		} `json:"declarativeAgents"`
	} `json:"copilotAgents"`
}

// importM365Files reads each input as a declarative agent manifest, or, if
// it is the app manifest (copilotAgents.declarativeAgents), the declarative
// agents it lists, from beside it.
func importM365Files(files []File, readFile func(string) ([]byte, error)) ([]*Agent, error) {
	var out []*Agent
	for _, f := range files {
		var app m365AppManifest
		if err := decodeJSON(f, m365Want, &app); err == nil && len(app.CopilotAgents.DeclarativeAgents) > 0 {
			dir := filepath.Dir(f.Name)
			for i, da := range app.CopilotAgents.DeclarativeAgents {
				file := strings.TrimSpace(da.File)
				path := filepath.Clean(filepath.Join(dir, filepath.FromSlash(file)))
				if file == "" || filepath.IsAbs(file) || !within(dir, path) {
					return nil, errAt(f.Name, 0, 0, "copilotAgents.declarativeAgents[%d].file %q is not a file in the app package", i, file)
				}
				data, err := readFile(path)
				if err != nil {
					return nil, errAt(path, 0, 0, "declarative agent %s of %s: %v", oneLine(da.ID), base(f.Name), err)
				}
				if len(data) > MaxFileBytes {
					return nil, errAt(path, 0, 0, "file is %d bytes; inputs over %d bytes are refused", len(data), MaxFileBytes)
				}
				as, err := importM365(File{Name: path, Data: data}, readFile)
				if err != nil {
					return nil, err
				}
				out = append(out, as...)
			}
			continue
		}
		as, err := importM365(f, readFile)
		if err != nil {
			return nil, err
		}
		out = append(out, as...)
	}
	return out, nil
}

// m365Placeholder reports a Teams Toolkit placeholder (${{NAME}}, filled
// from env/.env.* at provisioning).
func m365Placeholder(s string) bool { return strings.Contains(s, "${{") }

// m365Owner takes the owner hint from the app manifest beside the agent's
// manifest (manifest.json of the app package) when it lists this agent.
func m365Owner(a *Agent, f File, readFile func(string) ([]byte, error)) {
	p := filepath.Join(filepath.Dir(f.Name), "manifest.json")
	if filepath.Clean(p) == filepath.Clean(f.Name) {
		return
	}
	data, err := readFile(p)
	if err != nil || len(data) > MaxFileBytes {
		return
	}
	var app m365AppManifest
	if decodeJSON(File{Name: p, Data: data}, "a Microsoft 365 app manifest", &app) != nil {
		return
	}
	listed := false
	for _, da := range app.CopilotAgents.DeclarativeAgents {
		listed = listed || filepath.Base(filepath.FromSlash(strings.TrimSpace(da.File))) == base(f.Name)
	}
	dev := oneLine(app.Developer.Name)
	if !listed || dev == "" || m365Placeholder(dev) {
		return
	}
	a.Sources = append(a.Sources, base(p))
	a.Agent.Owner = fmt.Sprintf("TODO: who owns this agent (a hint: developer.name of manifest.json is %q)", dev)
	a.note("the app manifest's developer is %s%s: the publisher, not necessarily the owner", dev, func() string {
		if u := oneLine(app.Developer.WebsiteURL); u != "" {
			return " (" + u + ")"
		}
		return ""
	}())
}

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
	// Teams Toolkit's templates name the agent "NAME${{APP_NAME_SUFFIX}}"
	// (a suffix per environment, "local", "dev" ...): the id and name are
	// the part the manifest fixes, never the variable's name.
	a.Agent.ID = m365Fixed(m.ID)
	if Slug(a.Agent.ID) == "" {
		a.Agent.ID = m365Fixed(m.Name)
	}
	a.Agent.Name = oneLine(m365Fixed(m.Name))
	if a.Agent.Name == "" {
		a.Agent.Name = "TODO: the name Teams Toolkit fills in for " + m365PlaceholderNames(m.Name) + " at provisioning"
	}
	a.Agent.Purpose = oneLine(m.Description)
	for _, id := range []string{m.Name, m.ID} {
		if m365Placeholder(id) {
			a.note("%q holds a Teams Toolkit placeholder filled at provisioning: not an identity", oneLine(id))
			continue
		}
		a.identity(id)
	}
	for _, u := range jsonUnknownFields(f, m365Fields) {
		a.unknown(u)
	}
	a.Agent.Owner = "TODO: who owns this agent (a hint: developer in the app manifest)"
	m365Owner(a, f, readFile)
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
		var todos []string
		for _, ph := range placeholders {
			a.note("capability %s: scope %s is a Teams Toolkit placeholder filled at provisioning, not a scope: set the real value", name, ph)
			// The TODO names the variable, not the ${{...}} text, so that no
			// placeholder can pass for a scope.
			todo := "TODO: the value Teams Toolkit fills in for " + m365PlaceholderNames(ph) + " at provisioning"
			// A scope with more than the placeholder keeps the rest (the site
			// path, the table): it says which resource the value completes.
			if strings.TrimSpace(m365PlaceholderRE.ReplaceAllString(ph, "")) != "" {
				todo += ", in " + oneLine(m365PlaceholderRE.ReplaceAllString(ph, "<$1>"))
			}
			todos = append(todos, todo)
			a.Agent.Data = append(a.Agent.Data, model.DataAccess{Source: todo, Access: "read"})
		}
		g := model.Grant{Name: name}
		if len(scopes) > 0 || len(todos) > 0 {
			// A capability scoped only by placeholders is still scoped: its
			// resources are the TODOs, never "any".
			g.Resources = append(slices.Clone(scopes), todos...)
		}
		comment := "Microsoft 365 capability"
		switch {
		case m365Writes[name] != nil:
			g.Operations = slices.Clone(m365Writes[name])
			comment = "Microsoft 365 capability that acts (write operations)"
		case m365Ops[name] != nil:
			g.Operations = slices.Clone(m365Ops[name])
		case slices.Contains(m365Knowledge, name) || name == "WebSearch":
			g.Operations = []string{"read"}
			comment = "Microsoft 365 capability (reads)"
		default:
			comment = "Microsoft 365 capability (unknown to this importer: any operation)"
		}
		if name == "Dataverse" {
			for _, ks := range m365List(c["knowledge_sources"]) {
				if sk, _ := ks["skill"].(string); oneLine(sk) != "" {
					a.note("Dataverse %v: Copilot skill %s", ks["host_name"], oneLine(sk))
				}
			}
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
	for _, rt := range p.Runtimes {
		if at := oneLine(rt.Auth.Type); at != "" && !strings.EqualFold(at, "None") {
			// OAuthPluginVault / ApiKeyPluginVault: the reference_id points at a
			// registration in the Teams developer portal; it is not copied.
			a.note("action %s calls its API with %s authentication (the vault reference is not copied)", id, at)
		}
	}
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
					host, _ := it["host_name"].(string)
					tables := m365List(it["tables"])
					if host != "" && len(tables) > 0 {
						for _, t := range tables {
							if tn, _ := t["table_name"].(string); oneLine(tn) != "" {
								add("dataverse:" + host + "/" + tn)
							}
						}
						continue
					}
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
		// Dataverse tables: host/table, one per table (see m365Scopes).
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

// m365List returns the objects of a JSON array.
func m365List(v any) []map[string]any {
	items, _ := v.([]any)
	var out []map[string]any
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

var m365PlaceholderRE = regexp.MustCompile(`\$\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}`)

// m365Fixed is s without its Teams Toolkit placeholders: the part that is
// the same in every environment.
func m365Fixed(s string) string {
	return strings.TrimSpace(m365PlaceholderRE.ReplaceAllString(s, ""))
}

// m365PlaceholderNames names the variables of the placeholders in s.
func m365PlaceholderNames(s string) string {
	var names []string
	for _, m := range m365PlaceholderRE.FindAllStringSubmatch(s, -1) {
		names = append(names, m[1])
	}
	if len(names) == 0 {
		return "the placeholder"
	}
	return strings.Join(names, ", ")
}
