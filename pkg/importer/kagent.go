package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

const kagentWant = "a kagent resource file (apiVersion kagent.dev/v1alpha1, v1alpha2 or v1alpha3, kind Agent or SandboxAgent)"

// v1alpha3 (SandboxAgent) is kagent's only active API since 2026-08; its spec
// has the v1alpha2 shape (type, declarative, byo).
var kagentVersions = []string{"kagent.dev/v1alpha1", "kagent.dev/v1alpha2", "kagent.dev/v1alpha3"}

type kagentModel struct{ provider, model string }

type kagentDoc struct {
	apiVersion, kind, name, namespace string
	n                                 node
}

// importKagent reads one file of kagent custom resources (multi-document
// YAML or a kubectl List): every Agent becomes an aims agent; ModelConfig
// and MCP server resources of the same file resolve the agent's model and
// annotate its grants. Other resources are skipped.
func importKagent(f File) ([]*Agent, error) {
	docs, err := yamlDocs(f, kagentWant)
	if err != nil {
		return nil, err
	}
	var all []kagentDoc
	var walk func(n node) error
	walk = func(n node) error {
		if !n.isMap() {
			return n.errf("not %s: a document is not a mapping", kagentWant)
		}
		d := kagentDoc{n: n}
		var err error
		if d.apiVersion, err = n.get("apiVersion").str("apiVersion"); err != nil {
			return err
		}
		if d.kind, err = n.get("kind").str("kind"); err != nil {
			return err
		}
		if d.kind == "List" || strings.HasSuffix(d.kind, "List") && n.get("items").ok() {
			items, err := n.get("items").list("items")
			if err != nil {
				return err
			}
			for _, it := range items {
				if err := walk(it); err != nil {
					return err
				}
			}
			return nil
		}
		md := n.get("metadata")
		if d.name, err = md.get("name").str("metadata.name"); err != nil {
			return err
		}
		if d.namespace, err = md.get("namespace").str("metadata.namespace"); err != nil {
			return err
		}
		all = append(all, d)
		return nil
	}
	for _, doc := range docs {
		if err := walk(node{file: f.Name, n: doc}); err != nil {
			return nil, err
		}
	}

	models := map[string]kagentModel{}
	servers := map[string]string{}
	var agents []kagentDoc
	for _, d := range all {
		if !strings.HasPrefix(d.apiVersion, "kagent.dev/") {
			continue
		}
		known := slices.Contains(kagentVersions, d.apiVersion)
		switch d.kind {
		case "Agent", "SandboxAgent":
			if !known {
				return nil, d.n.get("apiVersion").errf("Agent %s: apiVersion %s is not supported (want %s)", d.name, d.apiVersion, strings.Join(kagentVersions, " or "))
			}
			agents = append(agents, d)
		case "ModelConfig":
			spec := d.n.get("spec")
			p, err := spec.get("provider").str("spec.provider")
			if err != nil {
				return nil, err
			}
			m, err := spec.get("model").str("spec.model")
			if err != nil {
				return nil, err
			}
			models[d.namespace+"/"+d.name] = kagentModel{provider: oneLine(p), model: oneLine(m)}
		case "RemoteMCPServer", "MCPServer", "ToolServer":
			desc := d.kind + " " + d.name
			if u, _ := d.n.get("spec").get("url").str(""); u != "" {
				desc += " at " + u
			} else if u, _ := d.n.get("spec").get("config").get("streamableHttp").get("url").str(""); u != "" {
				desc += " at " + u
			}
			servers[d.namespace+"/"+d.name] = desc
		}
	}
	if len(agents) == 0 {
		return nil, errAt(f.Name, 0, 0, "not %s: no document of kind Agent or SandboxAgent", kagentWant)
	}
	var out []*Agent
	for _, d := range agents {
		a, err := kagentAgent(f, d, models, servers)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func kagentAgent(f File, d kagentDoc, models map[string]kagentModel, servers map[string]string) (*Agent, error) {
	a := newAgent(base(f.Name))
	if strings.TrimSpace(d.name) == "" {
		return nil, d.n.get("metadata").errf("Agent: metadata.name is missing")
	}
	a.Agent.ID = d.name
	a.Agent.Name = d.name
	a.identity(d.name)
	ns := d.namespace
	if ns != "" {
		a.note("namespace %s", ns)
	}
	spec := d.n.get("spec")
	desc, err := spec.get("description").str("spec.description")
	if err != nil {
		return nil, err
	}
	a.Agent.Purpose = oneLine(desc)
	if v, err := spec.get("version").str("spec.version"); err != nil {
		return nil, err
	} else {
		a.Agent.Version = oneLine(v)
	}
	if err := kagentOwner(a, d); err != nil {
		return nil, err
	}

	body := spec // v1alpha1 keeps everything flat under spec
	if d.apiVersion != "kagent.dev/v1alpha1" {
		typ, err := spec.get("type").str("spec.type")
		if err != nil {
			return nil, err
		}
		if typ == "BYO" || !spec.get("declarative").ok() && spec.get("byo").ok() {
			a.note("BYO agent: its model and tools are inside its own image, not in this resource")
			a.Agent.Model.Provider = providerTODO("the provider of the model the image uses", "")
			a.Agent.Model.Name = "TODO: the model the BYO image uses (not in the resource)"
			a.Agent.Isolation = "TODO: container|process|shared (kagent runs each agent in its own pod: container)"
			return a, nil
		}
		body = spec.get("declarative")
		a.Agent.Isolation = "TODO: container|process|shared (kagent runs each agent in its own pod: container)"
	}
	if body.get("systemMessage").ok() || body.get("systemMessageFrom").ok() {
		a.note("systemMessage (the agent's instructions) is not mapped")
	}

	mc, err := body.get("modelConfig").str("modelConfig")
	if err != nil {
		return nil, err
	}
	mc = strings.TrimSpace(mc)
	if mc == "" && d.apiVersion != "kagent.dev/v1alpha1" {
		mc = "default-model-config"
	}
	if mc != "" {
		key := mc
		if !strings.Contains(mc, "/") {
			key = ns + "/" + mc
		}
		if m, ok := models[key]; ok {
			a.Agent.Model.Provider = providerTODO(m.provider, "")
			a.Agent.Model.Name = m.model
		} else {
			a.Agent.Model.Provider = providerTODO("the provider of ModelConfig "+mc, "")
			a.note("ModelConfig %s is not in %s: set model.name from it", mc, base(f.Name))
		}
	}

	tools, err := body.get("tools").list("tools")
	if err != nil {
		return nil, err
	}
	for i, t := range tools {
		if err := kagentTool(a, t, i, ns, servers); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// kagentOwner takes the owner from an annotation or label whose name ends in
// "owner" (kagent has no owner field), and the system hint from the
// app.kubernetes.io/part-of label.
func kagentOwner(a *Agent, d kagentDoc) error {
	md := d.n.get("metadata")
	for _, section := range []string{"annotations", "labels"} {
		m := md.get(section)
		if !m.ok() || m.isNull() {
			continue
		}
		if !m.isMap() {
			return m.errf("metadata.%s: want a mapping", section)
		}
		entries := m.entries()
		slices.SortFunc(entries, func(x, y kv) int { return strings.Compare(x.key, y.key) })
		for _, e := range entries {
			v, err := e.val.str("metadata." + section + "." + e.key)
			if err != nil {
				return err
			}
			v = oneLine(v)
			name := e.key
			if i := strings.LastIndex(name, "/"); i >= 0 {
				name = name[i+1:]
			}
			name = strings.ToLower(name)
			switch {
			case v == "":
			case (name == "owner" || strings.HasSuffix(name, "-owner") || strings.HasSuffix(name, ".owner")) && a.Agent.Owner == "":
				a.Agent.Owner = v
				a.note("owner from %s %s", strings.TrimSuffix(section, "s"), e.key)
			case e.key == "app.kubernetes.io/part-of" && a.Agent.System == "":
				a.Agent.System = fmt.Sprintf("%s (label app.kubernetes.io/part-of: %s)", todoSystem, v)
			}
		}
	}
	return nil
}

func kagentTool(a *Agent, t node, i int, ns string, servers map[string]string) error {
	what := fmt.Sprintf("tools[%d]", i)
	typ, err := t.get("type").str(what + ".type")
	if err != nil {
		return err
	}
	switch {
	case typ == "McpServer" || typ == "" && t.get("mcpServer").ok():
		ms := t.get("mcpServer")
		server, err := ms.get("name").str(what + ".mcpServer.name")
		if err != nil {
			return err
		}
		if server == "" { // v1alpha1
			if server, err = ms.get("toolServer").str(what + ".mcpServer.toolServer"); err != nil {
				return err
			}
		}
		kind, err := ms.get("kind").str(what + ".mcpServer.kind")
		if err != nil {
			return err
		}
		desc := servers[ns+"/"+server]
		if desc == "" {
			if kind == "" {
				kind = "MCP server"
			}
			desc = kind + " " + server
		}
		names, err := ms.get("toolNames").strs(what + ".mcpServer.toolNames")
		if err != nil {
			return err
		}
		approve, err := ms.get("requireApproval").strs(what + ".mcpServer.requireApproval")
		if err != nil {
			return err
		}
		if len(names) == 0 {
			a.addGrant(model.Grant{Name: server}, "every tool of "+desc+" (toolNames is empty)")
			a.note("toolNames of %s is empty: every tool of the server is allowed; list the tools the agent needs", server)
		}
		for _, n := range names {
			a.addGrant(model.Grant{Name: n}, "tool of "+desc)
		}
		for _, r := range approve {
			a.review(r)
			if !slices.Contains(names, r) && len(names) > 0 {
				a.note("requireApproval names %s, which is not in toolNames of %s", r, server)
			}
		}
	case typ == "Agent" || typ == "" && t.get("agent").ok():
		ag := t.get("agent")
		name, err := ag.get("name").str(what + ".agent.name")
		if err != nil {
			return err
		}
		if name == "" { // v1alpha1
			if name, err = ag.get("ref").str(what + ".agent.ref"); err != nil {
				return err
			}
		}
		if i := strings.LastIndex(name, "/"); i >= 0 {
			name = name[i+1:]
		}
		if Slug(name) == "" {
			return ag.errf("%s: an Agent tool names no agent", what)
		}
		tns, err := ag.get("namespace").str(what + ".agent.namespace")
		if err != nil {
			return err
		}
		c := "delegation to kagent Agent " + name
		if tns != "" && tns != ns {
			c += " in namespace " + tns
		}
		a.addGrant(delegation(name), c)
	case typ == "Builtin" || t.get("builtin").ok():
		name, err := t.get("builtin").get("name").str(what + ".builtin.name")
		if err != nil {
			return err
		}
		a.addGrant(model.Grant{Name: name}, "kagent built-in tool")
	default:
		a.note("%s of type %q is not mapped", what, typ)
	}
	return nil
}
