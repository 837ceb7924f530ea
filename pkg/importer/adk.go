package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

const adkWant = "a Google ADK agent config (YAML with name, model, instruction, tools, sub_agents)"

var adkKeys = []string{"agent_class", "name", "description", "model", "model_code", "instruction", "tools", "sub_agents",
	"disallow_transfer_to_parent", "disallow_transfer_to_peers"}

// adkFields are the fields of ADK's agent config YAML (google/adk-python
// agents/base_agent_config.py, llm_agent_config.py, loop_agent_config.py,
// common_configs.py AgentRefConfig and CodeConfig, 1.x; the LlmAgentConfig
// forbids any other): a field outside them is reported with its position.
// A tool's args depend on the tool, so they are all known.
var adkFields = fieldPatterns{
	"agent_class", "name", "description", "sub_agents[].config_path", "sub_agents[].code",
	"before_agent_callbacks[].**", "after_agent_callbacks[].**",
	"model", "model_code.**", "instruction", "global_instruction", "static_instruction.**", "disallow_transfer_to_parent", "disallow_transfer_to_peers",
	"input_schema.**", "output_schema.**", "output_key", "accumulate_output_key", "include_contents",
	"tools[].name", "tools[].args.**", "before_model_callbacks[].**", "after_model_callbacks[].**",
	"before_tool_callbacks[].**", "after_tool_callbacks[].**", "generate_content_config.**", "max_iterations",
}

type adk struct {
	readFile func(string) ([]byte, error)
	agents   []*Agent
	byName   map[string]*Agent
	// firstOf maps a file read (cleaned path) to the name of its first agent,
	// so that a second reference to it, or a cycle, links without rereading.
	firstOf map[string]string
	// llm marks the LlmAgents: only they take a model from their parent.
	llm map[*Agent]bool
	// class is each agent's agent_class as written.
	class map[*Agent]string
	// noParent and noPeers hold the disallow_transfer_to_* flags.
	noParent, noPeers map[*Agent]bool
	// parent is the agent whose sub_agents first named an agent.
	parent map[*Agent]*Agent
}

// importADK reads ADK agent configs. Each document is one agent; sub_agents
// given by config_path are read relative to the file that names them (but
// never outside the directory of the file given on the command line), and
// become agents of their own plus a delegation grant of the parent.
func importADK(files []File, readFile func(string) ([]byte, error)) ([]*Agent, error) {
	st := &adk{readFile: readFile, byName: map[string]*Agent{}, firstOf: map[string]string{}, llm: map[*Agent]bool{}, class: map[*Agent]string{},
		noParent: map[*Agent]bool{}, noPeers: map[*Agent]bool{}, parent: map[*Agent]*Agent{}}
	for _, f := range files {
		p := filepath.Clean(f.Name)
		if _, done := st.firstOf[p]; done {
			continue // already read as a sub-agent of an earlier file
		}
		if _, err := st.file(f, filepath.Dir(p)); err != nil {
			return nil, err
		}
	}
	st.inheritModels()
	return st.agents, nil
}

// inheritModels gives an LlmAgent without model the model of its nearest
// LlmAgent ancestor, as LlmAgent.canonical_model walks parent_agent past
// workflow agents (SequentialAgent, ParallelAgent, LoopAgent have no model).
// It runs once the whole tree is read: a parent learns its own model from
// its parent only after its sub-agents were linked.
func (st *adk) inheritModels() {
	var resolve func(a *Agent, depth int) (model.Model, string)
	resolve = func(a *Agent, depth int) (model.Model, string) {
		if a.Agent.Model.Name != "" || depth > maxSubAgents {
			return a.Agent.Model, a.Agent.Name
		}
		for p := st.parent[a]; p != nil; p = st.parent[p] {
			if st.llm[p] {
				return resolve(p, depth+1)
			}
		}
		return a.Agent.Model, ""
	}
	for _, a := range st.agents {
		if !st.llm[a] || a.Agent.Model.Name != "" {
			continue
		}
		if m, from := resolve(a, 0); m.Name != "" {
			a.Agent.Model = m
			rel := "ancestor"
			if p := st.parent[a]; p != nil && p.Agent.Name == from {
				rel = "parent"
			}
			a.note("no model: runs on the model of its %s %s", rel, from)
		}
	}
}

type adkPending struct {
	a       *Agent
	subs    []node
	wrapped []adkWrapped
}

// file reads the agents of one file and returns the name of its first.
func (st *adk) file(f File, root string) (string, error) {
	docs, err := yamlDocs(f, adkWant)
	if err != nil {
		return "", err
	}
	var pending []adkPending
	for _, doc := range docs {
		n := node{file: f.Name, n: doc}
		if !n.isMap() {
			return "", n.errf("not %s: the document is not a mapping", adkWant)
		}
		a, subs, wrapped, err := adkAgent(f, n)
		if err != nil {
			return "", err
		}
		st.agents = append(st.agents, a)
		class, _ := n.get("agent_class").str("agent_class")
		if class = oneLine(class); class == "" || class == "LlmAgent" {
			st.llm[a] = true
		}
		st.class[a] = class
		st.noParent[a], _ = n.get("disallow_transfer_to_parent").boolean("disallow_transfer_to_parent")
		st.noPeers[a], _ = n.get("disallow_transfer_to_peers").boolean("disallow_transfer_to_peers")
		if st.byName[a.Agent.Name] == nil {
			st.byName[a.Agent.Name] = a
		}
		pending = append(pending, adkPending{a: a, subs: subs, wrapped: wrapped})
	}
	first := pending[0].a.Agent.Name
	st.firstOf[filepath.Clean(f.Name)] = first
	for _, p := range pending {
		var children []*Agent
		var names []string
		for i, sub := range p.subs {
			c, name, err := st.subAgent(f, root, p.a, sub, i)
			if err != nil {
				return "", err
			}
			if c != nil {
				children = append(children, c)
			}
			if name != "" && !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
		// A workflow agent (SequentialAgent, ParallelAgent, LoopAgent) runs
		// its sub-agents itself: no transfer_to_agent call, and its children
		// may not transfer to it or to each other (agent_transfer.py,
		// _get_transfer_targets: only under an LlmAgent parent). ADK logs
		// each run as an invoke_agent span nested in the parent's.
		if !st.llm[p.a] && len(names) > 0 {
			p.a.addGrant(model.Grant{Name: risk.SubAgents, Resources: names},
				"delegation: "+st.class[p.a]+" runs these sub-agents itself, with no tool call; ADK logs each run as an invoke_agent span nested in this agent's")
		}
		// An LlmAgent sub-agent may transfer back to its parent and to its
		// peers unless told not to (agent_transfer.py, _get_transfer_targets).
		for _, c := range children {
			if !st.llm[c] || !st.llm[p.a] {
				continue
			}
			if !st.noParent[c] {
				adkTransfer(c, p.a.Agent.Name, "back to the parent agent")
			}
			if !st.noPeers[c] {
				for _, peer := range children {
					if peer != c {
						adkTransfer(c, peer.Agent.Name, "to a peer agent")
					}
				}
			}
		}
		for _, w := range p.wrapped {
			parent := p.a
			err := st.linked(f, root, parent, w.n, w.what, func(name, c string, _ bool) {
				parent.addGrant(model.Grant{Name: name}, "AgentTool: calls the agent "+name+" as a tool; "+c)
			})
			if err != nil {
				return "", err
			}
		}
	}
	return first, nil
}

// subAgent reads one sub_agents entry. ADK delegates to a sub-agent through
// its transfer_to_agent tool (google/adk-python, flows/llm_flows/agent_transfer.py),
// so the parent is granted that tool on the sub-agent; an LlmAgent with no
// model runs on its parent's (LlmAgent.canonical_model).
func (st *adk) subAgent(f File, root string, parent *Agent, sub node, i int) (*Agent, string, error) {
	var child *Agent
	var linked string
	err := st.linked(f, root, parent, sub, fmt.Sprintf("sub_agents[%d]", i), func(name, c string, fresh bool) {
		linked = name
		if st.llm[parent] {
			adkTransfer(parent, name, c)
		}
		// Only a sub-agent first read here has this parent (a cycle back to an
		// agent read before does not make it a child).
		if a := st.byName[name]; fresh && a != nil && a != parent {
			child = a
			if st.parent[a] == nil {
				st.parent[a] = parent
			}
		}
	})
	return child, linked, err
}

// adkTransfer grants transfer_to_agent with the target as its resource: the
// call ADK logs (execute_tool transfer_to_agent, args agent_name).
func adkTransfer(parent *Agent, target, c string) {
	const tool = "transfer_to_agent"
	for i := range parent.Agent.Tools {
		if g := &parent.Agent.Tools[i]; g.Name == tool {
			if !slices.Contains(g.Resources, target) {
				g.Resources = append(g.Resources, target)
			}
			parent.comment(tool, c)
			return
		}
	}
	parent.addGrant(model.Grant{Name: tool, Resources: []string{target}}, "delegation: "+c)
}

// linked reads an agent referenced by config_path (or code) and hands its name to link.
func (st *adk) linked(f File, root string, parent *Agent, sub node, what string, link func(name, comment string, fresh bool)) error {
	if !sub.isMap() {
		return sub.errf("%s: want a mapping with config_path or code", what)
	}
	if code, err := sub.get("code").str(what + ".code"); err != nil {
		return err
	} else if code = oneLine(code); code != "" {
		name := code[strings.LastIndex(code, ".")+1:]
		link(name, "agent defined in code: "+code, false)
		parent.note("agent %s is defined in code: import or write its config separately", code)
		return nil
	}
	cp, err := sub.get("config_path").str(what + ".config_path")
	if err != nil {
		return err
	}
	cp = strings.TrimSpace(cp)
	if cp == "" {
		return sub.errf("%s: want config_path or code", what)
	}
	stem := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(filepath.FromSlash(cp)), ".yaml"), ".yml")
	path := filepath.Clean(filepath.Join(filepath.Dir(f.Name), filepath.FromSlash(cp)))
	if filepath.IsAbs(cp) || !within(root, path) {
		link(stem, "agent "+cp+" (not read)", false)
		parent.note("sub-agent %s is outside %s: not read; import it separately", cp, root)
		return nil
	}
	if name, done := st.firstOf[path]; done {
		link(name, "agent "+cp, false)
		return nil
	}
	if len(st.firstOf) >= maxSubAgents {
		return sub.errf("%s: more than %d agent config files; refusing to follow more", what, maxSubAgents)
	}
	data, err := st.readFile(path)
	if err != nil {
		missing := errors.Is(err, fs.ErrNotExist)
		switch {
		case missing && st.byName[stem] != nil:
			// Samples and some repositories keep the sub-agent as another
			// document of the same file, named like the file ADK expects.
			link(stem, "agent "+cp, false)
			parent.note("sub-agent file %s not found; linked to the agent %s read before", cp, stem)
		case missing:
			link(stem, "agent "+cp+" (not found)", false)
			parent.note("sub-agent file %s not found: import it when it exists", cp)
		default:
			link(stem, "agent "+cp+" (not read)", false)
			parent.note("sub-agent file %s could not be read: %v", cp, err)
		}
		return nil
	}
	if len(data) > MaxFileBytes {
		return sub.errf("%s: %s is %d bytes; inputs over %d bytes are refused", what, cp, len(data), MaxFileBytes)
	}
	st.firstOf[path] = stem // a cycle back to this file links by its stem
	name, err := st.file(File{Name: path, Data: data}, root)
	if err != nil {
		return err
	}
	link(name, "agent "+cp, true)
	return nil
}

// within reports whether path (cleaned) is root or below it.
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

type adkWrapped struct {
	n    node
	what string
}

func adkAgent(f File, n node) (*Agent, []node, []adkWrapped, error) {
	a := newAgent(base(f.Name))
	name, err := n.get("name").str("name")
	if err != nil {
		return nil, nil, nil, err
	}
	if name = oneLine(name); name == "" {
		return nil, nil, nil, n.errf("not %s: name is missing", adkWant)
	}
	a.Agent.ID, a.Agent.Name = name, name
	a.identity(name)
	desc, err := n.get("description").str("description")
	if err != nil {
		return nil, nil, nil, err
	}
	a.Agent.Purpose = oneLine(desc)
	class, err := n.get("agent_class").str("agent_class")
	if err != nil {
		return nil, nil, nil, err
	}
	if class != "" && class != "LlmAgent" {
		a.note("agent_class %s", oneLine(class))
	}

	m, err := n.get("model").str("model")
	if err != nil {
		return nil, nil, nil, err
	}
	if m = oneLine(m); m != "" {
		a.Agent.Model.Name = m
		switch provider, rest, ok := strings.Cut(m, "/"); {
		case ok && provider != "" && rest != "":
			a.Agent.Model.Provider = providerTODO(provider, "")
			a.Agent.Model.Name = rest
		case strings.HasPrefix(m, "gemini"):
			a.Agent.Model.Provider = providerTODO("Google", "a Gemini model")
		}
	} else if mc := n.get("model_code"); mc.ok() && !mc.isNull() {
		code, err := mc.get("name").str("model_code.name")
		if err != nil {
			return nil, nil, nil, err
		}
		a.note("the model is built in code by %s: set model.name", oneLine(code))
	}
	if n.get("instruction").ok() {
		a.note("instruction (the agent's prompt) is not mapped")
	}

	tools, err := n.get("tools").list("tools")
	if err != nil {
		return nil, nil, nil, err
	}
	var wrapped []adkWrapped
	for i, t := range tools {
		what := fmt.Sprintf("tools[%d]", i)
		var tn string
		if t.isMap() {
			if tn, err = t.get("name").str(what + ".name"); err != nil {
				return nil, nil, nil, err
			}
		} else if tn, err = t.str(what); err != nil {
			return nil, nil, nil, err
		}
		if tn = oneLine(tn); tn == "" {
			return nil, nil, nil, t.errf("%s: name is missing", what)
		}
		args := t.get("args")
		switch tn {
		case "AgentTool", "google.adk.tools.agent_tool.AgentTool", "google.adk.tools.AgentTool":
			// AgentTool's name is the wrapped agent's name (agent_tool.py).
			wrapped = append(wrapped, adkWrapped{n: args.get("agent"), what: what + ".args.agent"})
			continue
		case "LongRunningFunctionTool", "google.adk.tools.LongRunningFunctionTool", "google.adk.tools.long_running_tool.LongRunningFunctionTool":
			fn, err := args.get("func").str(what + ".args.func")
			if err != nil {
				return nil, nil, nil, err
			}
			if fn = oneLine(fn); fn == "" {
				return nil, nil, nil, t.errf("%s: LongRunningFunctionTool without args.func", what)
			}
			name := fn[strings.LastIndex(fn, ".")+1:]
			a.addGrant(model.Grant{Name: name}, "long-running Python tool "+fn+" (ADK pauses until the result, e.g. a person's approval, arrives)")
			if !slices.Contains(a.Agent.Oversight.HumanReview, name) {
				a.Agent.Oversight.HumanReview = append(a.Agent.Oversight.HumanReview, name)
			}
			a.note("%s is a LongRunningFunctionTool: listed under oversight.human_review as an approval step; check that a person answers it", name)
			continue
		case "MCPToolset", "McpToolset", "google.adk.tools.mcp_tool.MCPToolset", "google.adk.tools.mcp_tool.McpToolset", "google.adk.tools.mcp_tool.mcp_toolset.MCPToolset":
			if err := adkMCP(a, t, what); err != nil {
				return nil, nil, nil, err
			}
			continue
		}
		kind := "ADK built-in tool"
		if strings.Contains(tn, ".") {
			// ADK names a FunctionTool after the function (func.__name__), so
			// that is what execute_tool spans carry, not the import path.
			kind = "Python tool " + tn
			tn = tn[strings.LastIndex(tn, ".")+1:]
		}
		filter, err := args.get("tool_filter").strs(what + ".args.tool_filter")
		if err != nil {
			return nil, nil, nil, err
		}
		prefix, err := args.get("tool_name_prefix").str(what + ".args.tool_name_prefix")
		if err != nil {
			return nil, nil, nil, err
		}
		if len(filter) == 0 {
			if why, ok := auditlog.ADKModelBuiltin(tn); ok && kind == "ADK built-in tool" {
				kind += "; " + why + ": no execute_tool span"
				a.note("%s %s: ADK logs no tool call for it; log analysis reads its use from the model responses ADK logs with content capture on (grounding metadata) and otherwise does not judge it", tn, why)
			}
			a.addGrant(model.Grant{Name: tn}, kind)
			continue
		}
		for _, x := range filter {
			a.addGrant(model.Grant{Name: adkPrefixed(prefix, x)}, "tool of "+tn)
		}
	}

	for _, k := range []string{"disallow_transfer_to_parent", "disallow_transfer_to_peers"} {
		b, err := n.get(k).boolean(k)
		if err != nil {
			return nil, nil, nil, err
		}
		if b {
			a.note("%s: true", k)
		}
	}
	adkSafety(a, n.get("generate_content_config"))
	for _, u := range yamlUnknownFields(n, adkFields, "") {
		a.unknown(u)
	}
	var other []string
	for _, e := range n.entries() {
		if !adkFields.known(e.key) {
			continue // listed under "Not read" with its position
		}
		if e.key == "generate_content_config" {
			continue // adkSafety
		}
		if strings.HasSuffix(e.key, "_callbacks") {
			names, err := adkNames(e.val, e.key)
			if err != nil {
				return nil, nil, nil, err
			}
			if e.key == "before_tool_callbacks" && len(names) > 0 {
				a.note("before_tool_callbacks (%s) may ask a human for approval; if so, list the tools under oversight.human_review", strings.Join(names, ", "))
			} else if len(names) > 0 {
				a.note("%s: %s", e.key, strings.Join(names, ", "))
			}
			continue
		}
		if !slices.Contains(adkKeys, e.key) {
			other = append(other, e.key)
		}
	}
	if len(other) > 0 {
		slices.Sort(other)
		a.note("not mapped: %s", strings.Join(other, ", "))
	}
	subs, err := n.get("sub_agents").list("sub_agents")
	if err != nil {
		return nil, nil, nil, err
	}
	return a, subs, wrapped, nil
}

// adkNames reads a list of code references ({name: ...} or plain strings).
func adkNames(n node, what string) ([]string, error) {
	items, err := n.list(what)
	if err != nil {
		return nil, err
	}
	var out []string
	for i, it := range items {
		var s string
		if it.isMap() {
			s, err = it.get("name").str(fmt.Sprintf("%s[%d].name", what, i))
		} else {
			s, err = it.str(fmt.Sprintf("%s[%d]", what, i))
		}
		if err != nil {
			return nil, err
		}
		if s = oneLine(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// adkMCP grants an MCPToolset: each tool of its tool_filter, else the server
// (named after the command or URL host, which the config does not name
// otherwise). The transport is kept in the comment; env and header values
// are credentials and are not copied.
func adkMCP(a *Agent, t node, what string) error {
	args := t.get("args")
	filter, err := args.get("tool_filter").strs(what + ".args.tool_filter")
	if err != nil {
		return err
	}
	prefix, err := args.get("tool_name_prefix").str(what + ".args.tool_name_prefix")
	if err != nil {
		return err
	}
	prefix = oneLine(prefix)
	// auth_scheme and auth_credential (McpToolsetConfig) say how ADK
	// authenticates to the server; the credential holds the secret itself.
	if sch := args.get("auth_scheme"); sch.ok() && !sch.isNull() {
		typ, _ := sch.get("type").str("")
		if typ = oneLine(typ); typ == "" {
			typ, _ = sch.get("type_").str("")
		}
		a.note("MCPToolset %s authenticates with auth_scheme %s", what, oneLine(typ))
	}
	if cred := args.get("auth_credential"); cred.ok() && !cred.isNull() {
		typ, _ := cred.get("auth_type").str("")
		a.note("MCPToolset %s: auth_credential (%s) is a credential: not copied", what, oneLine(typ))
	}
	var transport, server string
	for _, k := range []string{"stdio_server_params", "stdio_connection_params", "sse_connection_params", "streamable_http_connection_params", "connection_params"} {
		p := args.get(k)
		if !p.ok() || !p.isMap() {
			continue
		}
		if sp := p.get("server_params"); sp.ok() && sp.isMap() {
			p = sp
		}
		cmd, err := p.get("command").str(what + ".args." + k + ".command")
		if err != nil {
			return err
		}
		u, err := p.get("url").str(what + ".args." + k + ".url")
		if err != nil {
			return err
		}
		switch {
		case cmd != "":
			cargs, err := p.get("args").strs(what + ".args." + k + ".args")
			if err != nil {
				return err
			}
			line := []string{oneLine(cmd)}
			prev := ""
			for _, x := range cargs {
				v, red := redactArg(prev, oneLine(x))
				if red {
					a.note("credential in the args of MCPToolset %s: not copied", what)
				}
				line = append(line, v)
				prev = x
			}
			transport = "stdio: " + strings.Join(line, " ")
			server = base(cmd)
			if len(cargs) > 0 {
				server = base(cargs[len(cargs)-1])
			}
		case u != "":
			ru, red := redactURL(oneLine(u))
			if red {
				a.note("credential in the url of MCPToolset %s: not copied", what)
			}
			transport = strings.TrimSuffix(strings.TrimSuffix(k, "_params"), "_connection") + ": " + ru
			if pu, err := url.Parse(u); err == nil && pu.Host != "" {
				server = pu.Hostname()
			}
		}
		for _, sec := range []string{"env", "headers"} {
			if m := p.get(sec); m.ok() && m.isMap() {
				var keys []string
				for _, e := range m.entries() {
					keys = append(keys, oneLine(e.key))
				}
				if len(keys) > 0 {
					slices.Sort(keys)
					transport += "; " + sec + " " + strings.Join(keys, ", ") + " (values not copied)"
					a.note("MCPToolset %s: %s %s may carry credentials: not copied", what, sec, strings.Join(keys, ", "))
				}
			}
		}
		break
	}
	if transport == "" {
		transport = "transport not given"
		a.note("MCPToolset %s names no connection params: the server is unknown", what)
	}
	if len(filter) > 0 {
		// tool_filter names the server's own tool names; ADK logs them with
		// the prefix (BaseToolset._apply_tool_name_prefix: PREFIX_TOOL).
		for _, x := range filter {
			a.addGrant(model.Grant{Name: adkPrefixed(prefix, x)}, "tool of the MCP server ("+transport+")")
		}
		return nil
	}
	if prefix != "" {
		// Every tool of the server, as ADK logs them: the prefix names the
		// server, so the grant covers its tools and no others.
		a.addGrant(model.Grant{Name: adkPrefixed(prefix, "*")}, "every tool of the MCP server ("+transport+"), as ADK names them with tool_name_prefix "+prefix)
		return nil
	}
	if server == "" {
		server = "mcp-server"
	}
	a.addGrant(model.Grant{Name: server}, "MCP server ("+transport+"); ADK logs each MCP tool by its own name: list the tools (tool_filter) to match the logs")
	a.note("MCPToolset %s has no tool_filter: the grant names the server %s, not the tools ADK will log", what, server)
	return nil
}

// adkPrefixed is a toolset tool's name as ADK gives it to the model and logs
// it: "PREFIX_TOOL" when the toolset has a tool_name_prefix.
func adkPrefixed(prefix, tool string) string {
	if prefix = oneLine(prefix); prefix == "" {
		return tool
	}
	return prefix + "_" + tool
}

// adkSafety notes the model's safety filters that generate_content_config
// changes (google.genai types.SafetySetting: category, threshold): a
// threshold of OFF or BLOCK_NONE turns that filter off, which an assessor
// must see; the other settings of the config are named, not mapped.
func adkSafety(a *Agent, gc node) {
	if !gc.ok() || !gc.isMap() {
		return
	}
	var other []string
	for _, e := range gc.entries() {
		if e.key != "safety_settings" {
			other = append(other, e.key)
			continue
		}
		items, _ := e.val.list("")
		for _, it := range items {
			cat, _ := it.get("category").str("")
			th, _ := it.get("threshold").str("")
			cat, th = oneLine(cat), oneLine(th)
			switch strings.ToUpper(th) {
			case "OFF", "BLOCK_NONE":
				a.note("the model's safety filter %s is turned off (threshold %s): it does not block that content", cat, th)
			case "":
			default:
				a.note("the model's safety filter %s blocks at %s", cat, th)
			}
		}
	}
	if len(other) > 0 {
		slices.Sort(other)
		a.note("generate_content_config sets %s: not mapped", strings.Join(other, ", "))
	}
}
