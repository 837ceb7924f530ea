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

type kagentModel struct{ provider, model, file string }

// kagentServer is an MCP server resource: how to describe it, the file it
// came from, and the tools its status says it serves (status.discoveredTools).
type kagentServer struct {
	desc, file string
	tools      []string
}

type kagentDoc struct {
	apiVersion, kind, name, namespace string
	file                              string
	n                                 node
}

// kagentFields are the fields of the kagent resources read, per apiVersion,
// as kagent's Go API has them (kagent-dev/kagent go/api/v1alpha1, v1alpha2,
// v1alpha3 at commit 5229184, 2026-08-22). v1alpha1 keeps the declarative
// fields flat under spec; v1alpha2 and v1alpha3 hold them under
// spec.declarative, and their CRDs have no flat spec.tools or
// spec.modelConfig: under those versions such a field is unknown (the API
// server prunes it), so it is reported, not read.
var kagentFields = map[string]fieldPatterns{
	"kagent.dev/v1alpha1": {
		"apiVersion", "kind", "metadata.**", "status.**",
		"spec.description", "spec.systemMessage", "spec.modelConfig", "spec.stream", "spec.memory.**", "spec.deployment.**", "spec.a2aConfig.**",
		"spec.tools[].type", "spec.tools[].mcpServer.**", "spec.tools[].agent.**", "spec.tools[].builtin.**",
	},
	"kagent.dev/v1alpha2": kagentDeclarativeFields,
	"kagent.dev/v1alpha3": kagentDeclarativeFields,
}

// kagentDeclarativeFields: v1alpha2 and v1alpha3 AgentSpec (the union of
// the two: v1alpha3 moved deployment settings into byo and declarative).
var kagentDeclarativeFields = fieldPatterns{
	"apiVersion", "kind", "metadata.**", "status.**",
	"spec.type", "spec.description", "spec.version", "spec.iconUrl", "spec.documentationUrl", "spec.provider.**",
	"spec.skills.**", "spec.sandbox.**", "spec.substrate.**", "spec.allowedNamespaces.**", "spec.byo.**",
	"spec.declarative.runtime", "spec.declarative.systemMessage", "spec.declarative.systemMessageFrom.**",
	"spec.declarative.promptTemplate.**", "spec.declarative.modelConfig", "spec.declarative.stream",
	"spec.declarative.a2aConfig.**", "spec.declarative.deployment.**", "spec.declarative.memory.**",
	"spec.declarative.shareTools", "spec.declarative.context.**", "spec.declarative.imageRegistry", "spec.declarative.env.**",
	"spec.declarative.tools[].type", "spec.declarative.tools[].isolateSessions", "spec.declarative.tools[].headersFrom.**",
	"spec.declarative.tools[].mcpServer.kind", "spec.declarative.tools[].mcpServer.apiGroup", "spec.declarative.tools[].mcpServer.name",
	"spec.declarative.tools[].mcpServer.namespace", "spec.declarative.tools[].mcpServer.toolNames", "spec.declarative.tools[].mcpServer.requireApproval",
	"spec.declarative.tools[].mcpServer.allowedHeaders", "spec.declarative.tools[].agent.kind", "spec.declarative.tools[].agent.apiGroup",
	"spec.declarative.tools[].agent.name", "spec.declarative.tools[].agent.namespace",
}

// importKagent reads kagent custom resources from every file given
// (multi-document YAML or kubectl Lists): every Agent or SandboxAgent
// becomes an aims agent; the ModelConfig and MCP server resources of any of
// the files resolve its model and annotate and complete its grants, as
// kubectl apply of them all would. Other resources are skipped.
func importKagent(files []File) ([]*Agent, error) {
	var all []kagentDoc
	for _, f := range files {
		docs, err := yamlDocs(f, kagentWant)
		if err != nil {
			return nil, err
		}
		var walk func(n node) error
		walk = func(n node) error {
			if !n.isMap() {
				return n.errf("not %s: a document is not a mapping", kagentWant)
			}
			d := kagentDoc{n: n, file: base(f.Name)}
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
	}

	models := map[string]kagentModel{}
	servers := map[string]kagentServer{}
	var agents []kagentDoc
	// skipped are kagent resources of kinds that define agents or their
	// runtimes but that aims does not import (v1alpha3 AgentHarness,
	// AgentTemplate, Harness): named, so none goes without a word.
	var skipped []string
	for _, d := range all {
		if !strings.HasPrefix(d.apiVersion, "kagent.dev/") {
			continue
		}
		known := slices.Contains(kagentVersions, d.apiVersion)
		key := d.namespace + "/" + d.name
		switch d.kind {
		case "Agent", "SandboxAgent":
			if !known {
				return nil, d.n.get("apiVersion").errf("%s %s: apiVersion %s is not supported (want %s)", d.kind, d.name, d.apiVersion, strings.Join(kagentVersions, " or "))
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
			if _, dup := models[key]; dup {
				return nil, d.n.get("metadata").errf("ModelConfig %s is given twice", key)
			}
			models[key] = kagentModel{provider: oneLine(p), model: oneLine(m), file: d.file}
		case "RemoteMCPServer", "MCPServer", "ToolServer":
			srv := kagentServer{desc: d.kind + " " + d.name, file: d.file}
			if u, _ := d.n.get("spec").get("url").str(""); u != "" {
				srv.desc += " at " + u
			} else if u, _ := d.n.get("spec").get("config").get("streamableHttp").get("url").str(""); u != "" {
				srv.desc += " at " + u
			}
			// The controller lists what the server serves in its status.
			tools, err := d.n.get("status").get("discoveredTools").list("status.discoveredTools")
			if err != nil {
				return nil, err
			}
			for i, t := range tools {
				name, err := t.get("name").str(fmt.Sprintf("status.discoveredTools[%d].name", i))
				if err != nil {
					return nil, err
				}
				if name = oneLine(name); name != "" {
					srv.tools = append(srv.tools, name)
				}
			}
			if _, dup := servers[key]; dup {
				return nil, d.n.get("metadata").errf("%s %s is given twice", d.kind, key)
			}
			servers[key] = srv
		case "AgentHarness", "AgentTemplate", "Harness":
			line := 0
			if d.n.ok() {
				line = d.n.n.Line
			}
			skipped = append(skipped, fmt.Sprintf("%s %s (%s:%d)", d.kind, d.name, d.file, line))
		}
	}
	if len(agents) == 0 {
		names := make([]string, len(files))
		for i, f := range files {
			names[i] = f.Name
		}
		msg := fmt.Sprintf("not %s: no document of kind Agent or SandboxAgent in %s", kagentWant, strings.Join(names, ", "))
		if len(skipped) > 0 {
			msg += "; not imported: " + strings.Join(skipped, ", ")
		}
		return nil, errAt(files[0].Name, 0, 0, "%s", msg)
	}
	var out []*Agent
	for _, d := range agents {
		a, err := kagentAgent(d, models, servers)
		if err != nil {
			return nil, err
		}
		if len(skipped) > 0 {
			a.note("also in the files, not imported (aims reads kagent Agent and SandboxAgent): %s", strings.Join(skipped, ", "))
		}
		out = append(out, a)
	}
	return out, nil
}

// kagentRuntimeName is how kagent's runtime names a resource: "-" as "_",
// and a namespaced reference NS/NAME as NS__NS__NAME
// (go/core/internal/utils ConvertToPythonIdentifier). It is the ADK agent
// name and OTel service.name of the agent's pod, its A2A card name, and the
// tool name under which another agent calls it.
func kagentRuntimeName(ref string) string {
	return strings.ReplaceAll(strings.ReplaceAll(ref, "-", "_"), "/", "__NS__")
}

func kagentAgent(d kagentDoc, models map[string]kagentModel, servers map[string]kagentServer) (*Agent, error) {
	a := newAgent(d.file)
	if strings.TrimSpace(d.name) == "" {
		return nil, d.n.get("metadata").errf("Agent: metadata.name is missing")
	}
	a.Agent.ID = d.name
	a.Agent.Name = d.name
	a.identity(d.name)
	if rt := kagentRuntimeName(d.name); rt != d.name {
		// go/adk/cmd/main.go: service.name and the ADK agent name.
		a.identity(rt)
		a.note("kagent's runtime logs the agent as %s (service.name and agent name: %q as %q)", rt, "-", "_")
	}
	if d.namespace != "" {
		// kagent-core KAgentConfig.app_name: the agent's ADK app name, under
		// which kagent's own session and task records name it, and the name
		// of the A2A tool through which another agent calls it (whose
		// invoke_agent span, in the caller's pod, names this agent).
		a.identity(kagentRuntimeName(d.namespace + "/" + d.name))
	}
	for _, u := range yamlUnknownFields(d.n, kagentFields[d.apiVersion], "") {
		a.unknown(u)
	}
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
			byo := spec.get("byo")
			img, _ := byo.get("image").str("")
			if img == "" {
				img, _ = byo.get("deployment").get("image").str("")
			}
			if img = oneLine(img); img != "" {
				a.note("BYO image %s", img)
			}
			kagentSpecNotes(a, spec, byo)
			a.Agent.Model.Provider = providerTODO("the provider of the model the image uses", "")
			a.Agent.Model.Name = "TODO: the model the BYO image uses (not in the resource)"
			a.Agent.Isolation = "TODO: container|process|shared (kagent runs each agent in its own pod: container)"
			return a, nil
		}
		body = spec.get("declarative")
		a.Agent.Isolation = "TODO: container|process|shared (kagent runs each agent in its own pod: container)"
		if !body.ok() {
			// The CRD's rule: declarative must be given for type Declarative
			// (the default). Fields written flat, as v1alpha1 had them, are
			// not part of this version: listed under "Not read".
			var flat []string
			for _, k := range []string{"tools", "modelConfig", "systemMessage", "a2aConfig", "memory", "deployment", "stream"} {
				if spec.get(k).ok() {
					flat = append(flat, "spec."+k)
				}
			}
			msg := fmt.Sprintf("spec.declarative is missing: kagent's %s API rejects this resource (declarative must be specified if type is Declarative), so the agent has no model or tools here", d.apiVersion)
			if len(flat) > 0 {
				msg += fmt.Sprintf("; %s are v1alpha1 fields, not read under %s: move them under spec.declarative (or use apiVersion kagent.dev/v1alpha1)", strings.Join(flat, ", "), d.apiVersion)
			}
			a.note("%s", msg)
		}
	}
	kagentSpecNotes(a, spec, body)
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
			a.Sources = append(a.Sources, m.file)
		} else {
			a.Agent.Model.Provider = providerTODO("the provider of ModelConfig "+mc, "")
			a.Agent.Model.Name = "TODO: spec.model of ModelConfig " + mc
			a.note("ModelConfig %s is not in the files given: give its file too, or set model.name from it", mc)
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

func kagentTool(a *Agent, t node, i int, ns string, servers map[string]kagentServer) error {
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
		sns, err := ms.get("namespace").str(what + ".mcpServer.namespace")
		if err != nil {
			return err
		}
		if sns == "" {
			sns = ns
		}
		srv, found := servers[sns+"/"+server]
		desc := srv.desc
		if !found {
			if kind == "" {
				kind = "MCP server"
			}
			desc = kind + " " + server
		} else {
			a.Sources = append(a.Sources, srv.file)
		}
		names, err := ms.get("toolNames").strs(what + ".mcpServer.toolNames")
		if err != nil {
			return err
		}
		approve, err := ms.get("requireApproval").strs(what + ".mcpServer.requireApproval")
		if err != nil {
			return err
		}
		switch {
		case len(names) == 0 && len(srv.tools) > 0:
			// Every tool of the server: the ones its status lists.
			for _, n := range srv.tools {
				a.addGrant(model.Grant{Name: n}, "tool of "+desc+" (toolNames is empty: every tool; from status.discoveredTools)")
			}
			a.note("toolNames of %s is empty: every tool of the server is allowed; the grants are the tools its status lists", server)
		case len(names) == 0:
			a.addGrant(model.Grant{Name: server}, "every tool of "+desc+" (toolNames is empty)")
			a.note("toolNames of %s is empty: every tool of the server is allowed, and the runtime logs each by its own name: list the tools the agent needs (or give the server's resource with its status)", server)
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
		tns, err := ag.get("namespace").str(what + ".agent.namespace")
		if err != nil {
			return err
		}
		if i := strings.LastIndex(name, "/"); i >= 0 {
			if tns == "" {
				tns = name[:i] // v1alpha1 ref: NAMESPACE/NAME
			}
			name = name[i+1:]
		}
		if Slug(name) == "" {
			return ag.errf("%s: an Agent tool names no agent", what)
		}
		if tns == "" {
			tns = ns
		}
		// compiler.go: the sub-agent is a remote A2A tool named after its
		// namespaced reference, which the runtime logs as the tool called.
		g := delegation(name)
		c := "delegation to kagent Agent " + name
		if tns != "" {
			g.Name = kagentRuntimeName(tns + "/" + name)
			c += " in namespace " + tns
		} else {
			g.Name = "*__NS__" + kagentRuntimeName(name)
			c += " (namespace not in the file: any)"
		}
		if hf := t.get("headersFrom"); hf.ok() && !hf.isNull() {
			c += "; headers from Secrets/ConfigMaps (not copied)"
		}
		a.addGrant(g, c)
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

// kagentSpecNotes records what the resource says beyond model and tools:
// the A2A skills it offers (a2aConfig.skills: what callers may ask, not
// tools it calls), the skills it loads, its sandbox's network allow-list,
// memory, and the environment it takes from Secrets (names only).
func kagentSpecNotes(a *Agent, spec, body node) {
	a2a := body.get("a2aConfig")
	if !a2a.ok() {
		a2a = spec.get("a2aConfig")
	}
	if skills, err := a2a.get("skills").list(""); err == nil {
		for _, sk := range skills {
			id, _ := sk.get("id").str("")
			name, _ := sk.get("name").str("")
			desc, _ := sk.get("description").str("")
			if id = oneLine(id); id == "" {
				id = oneLine(name)
			}
			if id == "" {
				continue
			}
			o := "A2A skill " + id
			if n := oneLine(name); n != "" && n != id {
				o += " (" + n + ")"
			}
			if d := oneLine(desc); d != "" {
				o += ": " + d
			}
			a.offer(o)
		}
	}
	if sk := spec.get("skills"); sk.isMap() {
		var from []string
		if refs, err := sk.get("refs").strs(""); err == nil {
			from = append(from, refs...)
		}
		for _, k := range []string{"gitRefs", "s3Refs"} {
			items, _ := sk.get(k).list("")
			for _, it := range items {
				for _, f := range []string{"url", "uri"} {
					if u, _ := it.get(f).str(""); oneLine(u) != "" {
						from = append(from, oneLine(u))
					}
				}
			}
		}
		if len(from) > 0 {
			a.note("skills loaded into the agent (their tools and instructions are not in this resource): %s", strings.Join(from, ", "))
		}
	}
	if doms, err := spec.get("sandbox").get("network").get("allowedDomains").strs(""); err == nil && len(doms) > 0 {
		a.note("sandbox network egress allowed to: %s", strings.Join(doms, ", "))
	}
	if m := body.get("memory"); m.ok() && !m.isNull() {
		a.note("memory is enabled: the agent keeps what it learns across sessions")
	}
	for _, holder := range []node{body, spec.get("byo"), spec.get("byo").get("deployment"), body.get("deployment")} {
		env, _ := holder.get("env").list("")
		for _, e := range env {
			name, _ := e.get("name").str("")
			if ref := e.get("valueFrom").get("secretKeyRef"); ref.ok() && oneLine(name) != "" {
				sec, _ := ref.get("name").str("")
				a.note("env %s comes from Secret %s (credential: not copied)", oneLine(name), oneLine(sec))
			}
		}
	}
}
