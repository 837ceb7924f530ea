package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

const crewWant = "a CrewAI agents.yaml (name: {role, goal, backstory, ...}), tasks.yaml (name: {description, expected_output, agent, ...}), crew.jsonc ({name, agents, tasks}) or agents/NAME.jsonc ({role, goal, backstory, ...})"

// crewAgentFields are the fields of a CrewAI Agent (crewAIInc/crewAI
// lib/crewai/src/crewai/agents/agent_builder/base_agent.py and
// agent/core.py, commit f4731f5, 2026-08-21), plus the JSON project's
// "settings" object and "type". A field outside them is unknown.
var crewAgentFields = fieldPatterns{
	"role", "goal", "backstory", "config.**", "cache", "verbose", "max_rpm", "allow_delegation", "tools", "max_iter",
	"tool_failure_policy", "llm", "llm.**", "max_tokens", "knowledge_sources", "knowledge_sources.**", "security_config.**",
	"callbacks", "knowledge_config.**", "apps", "mcps", "mcps.**", "memory", "memory.**", "skills", "skills.**",
	"max_execution_time", "step_callback", "step_callback.**", "use_system_prompt", "function_calling_llm", "function_calling_llm.**",
	"system_template", "prompt_template", "response_template", "allow_code_execution", "respect_context_window",
	"max_retry_limit", "multimodal", "inject_date", "date_format", "code_execution_mode", "planning_config.**", "planning",
	"reasoning", "max_reasoning_attempts", "embedder.**", "from_repository", "guardrail", "guardrail.**", "guardrail_max_retries",
	"type", "type.**", "tools[].**", "checkpoint.**",
}

// crewAgentRead are the agent fields the importer maps; the other known
// fields are named in one note.
var crewAgentRead = []string{"role", "goal", "backstory", "llm", "function_calling_llm", "tools", "allow_delegation",
	"knowledge_sources", "mcps", "apps", "allow_code_execution", "code_execution_mode", "multimodal", "guardrail", "settings", "type", "from_repository"}

// crewTaskFields: crewai/task.py at the same commit.
var crewTaskFields = fieldPatterns{
	"name", "prompt_context", "description", "expected_output", "config.**", "callback", "callback.**", "agent", "context",
	"async_execution", "output_json", "output_json.**", "output_pydantic", "output_pydantic.**", "response_model", "response_model.**",
	"output_file", "create_directory", "tools", "tools[].**", "input_files.**", "security_config.**", "human_input", "markdown",
	"converter_cls", "converter_cls.**", "guardrail", "guardrail.**", "guardrails", "guardrails[].**", "max_retries",
	"guardrail_max_retries", "tool_failure_policy", "allow_crewai_trigger_context", "type", "type.**", "condition", "condition.**",
}

// crewFields: crewai/crew.py at the same commit, plus the JSON project's
// "inputs".
var crewFields = fieldPatterns{
	"name", "cache", "tool_failure_policy", "tasks", "agents", "process", "verbose", "memory", "memory.**", "embedder.**",
	"manager_llm", "manager_llm.**", "manager_agent", "manager_agent.**", "function_calling_llm", "function_calling_llm.**",
	"config.**", "share_crew", "step_callback", "step_callback.**", "task_callback", "task_callback.**",
	"before_kickoff_callbacks", "before_kickoff_callbacks[].**", "after_kickoff_callbacks", "after_kickoff_callbacks[].**",
	"stream", "max_rpm", "prompt_file", "output_log_file", "planning", "planning_llm", "planning_llm.**",
	"knowledge_sources", "knowledge_sources.**", "chat_llm", "chat_llm.**", "knowledge.**", "skills", "skills.**",
	"security_config.**", "checkpoint.**", "tracing", "inputs.**", "tasks[].**",
}

// placeholder is a CrewAI input reference ({topic}): filled at kickoff.
var placeholder = regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_\-]*\}`)

type crewTask struct {
	name string
	file string
	n    node
	json bool // from crew.jsonc: tool strings are crewai_tools classes
}

// crewFile is one parsed input: YAML or JSONC, the same node accessors.
type crewFile struct {
	f    File
	root node
	json bool
}

// importCrewAI reads a CrewAI project in either of its forms, in any order
// (each file is recognised by its content):
//   - the YAML project of `crewai create crew --classic`: config/agents.yaml
//     and config/tasks.yaml;
//   - the JSON-first project of `crewai create crew` (crewai/project/
//     json_loader.py): crew.jsonc with the crew, its agent names and its
//     tasks, and agents/NAME.jsonc per agent. Agent files not given are read
//     from the agents/ folder beside crew.jsonc, as CrewAI does.
//
// Agents come out in file order.
func importCrewAI(files []File, readFile func(string) ([]byte, error)) ([]*Agent, error) {
	var agents []*Agent
	byName := map[string]*Agent{}
	var tasks []crewTask
	var crews []crewFile
	addAgent := func(cf crewFile, key string, keyNode, n node) error {
		if byName[key] != nil {
			return keyNode.errf("agent %q is defined twice", key)
		}
		a, err := crewAgent(cf, key, n)
		if err != nil {
			return err
		}
		byName[key] = a
		agents = append(agents, a)
		return nil
	}
	for _, f := range files {
		cf, err := crewParse(f)
		if err != nil {
			return nil, err
		}
		root := cf.root
		if cf.json {
			switch {
			case root.get("agents").ok() || root.get("tasks").ok():
				crews = append(crews, cf)
			case root.get("role").ok() || root.get("goal").ok() || root.get("backstory").ok() || root.get("from_repository").ok():
				if err := addAgent(cf, crewStem(f.Name), root, root); err != nil {
					return nil, err
				}
			default:
				return nil, root.errf("not %s: the object has neither agents and tasks (crew.jsonc) nor role, goal and backstory (an agent)", crewWant)
			}
			continue
		}
		isAgents, isTasks := false, false
		for _, e := range root.entries() {
			if !e.val.isMap() {
				continue
			}
			for _, k := range []string{"role", "goal", "backstory"} {
				isAgents = isAgents || e.val.get(k).ok()
			}
			for _, k := range []string{"description", "expected_output"} {
				isTasks = isTasks || e.val.get(k).ok()
			}
		}
		switch {
		case isAgents && isTasks:
			return nil, root.errf("the file mixes agents (role, goal) and tasks (description, expected_output): CrewAI keeps them in agents.yaml and tasks.yaml")
		case !isAgents && !isTasks:
			return nil, root.errf("not %s: no entry has role, goal or backstory (an agent) or description or expected_output (a task)", crewWant)
		case isTasks:
			for _, e := range root.entries() {
				if !e.val.isMap() {
					return nil, e.val.errf("task %q: want a mapping (description, expected_output, agent ...)", e.key)
				}
				tasks = append(tasks, crewTask{name: e.key, file: base(f.Name), n: e.val})
			}
			continue
		}
		for _, e := range root.entries() {
			if !e.val.isMap() {
				return nil, e.val.errf("agent %q: want a mapping (role, goal, backstory ...)", e.key)
			}
			if err := addAgent(cf, e.key, e.keyNode, e.val); err != nil {
				return nil, err
			}
		}
	}
	var crewNotes []string
	inputs := map[string]string{}
	for _, c := range crews {
		ts, notes, err := crewProject(c, byName, readFile, func(cf crewFile, name string, n node) error {
			return addAgent(cf, name, n, n)
		})
		if err != nil {
			return nil, err
		}
		tasks = append(tasks, ts...)
		crewNotes = append(crewNotes, notes...)
		if m := crewManager(c); m != nil {
			if byName[crewManagerKey] != nil {
				return nil, c.root.get("process").errf("a second hierarchical crew: CrewAI names each crew's manager %q, so their logs cannot be told apart; import the crews one at a time", crewManagerRole)
			}
			byName[crewManagerKey] = m
			agents = append(agents, m)
		}
		for _, e := range c.root.get("inputs").entries() {
			if v, err := e.val.str(""); err == nil {
				inputs[e.key] = oneLine(v)
			}
		}
	}
	if len(agents) == 0 {
		return nil, fmt.Errorf("%s: no agents given: a tasks file alone defines no agents (give agents.yaml, or crew.jsonc with its agents/ folder)", files[0].Name)
	}
	for _, a := range agents {
		for _, n := range crewNotes {
			a.note("%s", n)
		}
		// crew.jsonc's inputs are the kickoff defaults: the role they fill
		// is a name runs with those defaults log, offered, not assumed.
		if a.crewRole != "" && len(inputs) > 0 {
			filled := placeholder.ReplaceAllStringFunc(a.crewRole, func(m string) string {
				if v, ok := inputs[m[1:len(m)-1]]; ok {
					return v
				}
				return m
			})
			if !placeholder.MatchString(filled) {
				a.note("with the crew's default inputs the role is %q: add it under identities if runs use those inputs", filled)
			}
		}
	}
	for _, t := range tasks {
		if err := crewApplyTask(t, byName); err != nil {
			return nil, err
		}
	}
	for _, a := range agents {
		crewUnresolvedNote(a)
	}
	return agents, nil
}

// crewParse reads one input as YAML, or, for a .json/.jsonc file or one
// that starts with "{", as JSONC: the JSON decoder reports syntax errors in
// JSON terms, then the comment-free text is read through the YAML parser
// (JSON is YAML) so that every later error has its line:col.
func crewParse(f File) (crewFile, error) {
	ext := strings.ToLower(filepath.Ext(f.Name))
	trimmed := strings.TrimLeft(string(f.Data), " \t\r\n\ufeff")
	if ext == ".json" || ext == ".jsonc" || strings.HasPrefix(trimmed, "{") {
		var v map[string]any
		if err := decodeJSON(f, crewWant, &v); err != nil {
			return crewFile{}, err
		}
		data := stripJSONC(f.Data)
		if strings.HasPrefix(string(data), "\ufeff") {
			data = append([]byte("   "), data[3:]...)
		}
		docs, err := yamlDocs(File{Name: f.Name, Data: data}, crewWant)
		if err != nil {
			return crewFile{}, err
		}
		root := node{file: f.Name, n: docs[0]}
		if !root.isMap() {
			return crewFile{}, root.errf("not %s: want a JSON object", crewWant)
		}
		return crewFile{f: f, root: root, json: true}, nil
	}
	docs, err := yamlDocs(f, crewWant)
	if err != nil {
		return crewFile{}, err
	}
	if len(docs) > 1 {
		return crewFile{}, errAt(f.Name, docs[1].Line, docs[1].Column, "more than one YAML document: want %s", crewWant)
	}
	root := node{file: f.Name, n: docs[0]}
	if !root.isMap() {
		return crewFile{}, root.errf("not %s: the top level is not a mapping of names", crewWant)
	}
	return crewFile{f: f, root: root}, nil
}

func crewStem(name string) string {
	b := base(name)
	for _, ext := range []string{".jsonc", ".json"} {
		if strings.HasSuffix(strings.ToLower(b), ext) {
			return b[:len(b)-len(ext)]
		}
	}
	return b
}

// crewProject reads crew.jsonc: its agents (from the files given, else
// agents/NAME.jsonc or .json beside it), its tasks, and the crew facts
// every agent of it shares.
func crewProject(c crewFile, byName map[string]*Agent, readFile func(string) ([]byte, error), add func(crewFile, string, node) error) ([]crewTask, []string, error) {
	root := c.root
	names, err := root.get("agents").strs("agents")
	if err != nil {
		return nil, nil, err
	}
	if mgr, err := root.get("manager_agent").str("manager_agent"); err == nil && strings.TrimSpace(mgr) != "" {
		names = append(names, strings.TrimSpace(mgr))
	}
	dir := filepath.Join(filepath.Dir(c.f.Name), "agents")
	for _, name := range names {
		if byName[name] != nil {
			continue
		}
		if name != base(name) || name == "." || name == ".." {
			return nil, nil, root.get("agents").errf("agent %q: an agent name is a file name in agents/, not a path", name)
		}
		var found bool
		for _, ext := range []string{".jsonc", ".json"} {
			p := filepath.Join(dir, name+ext)
			data, err := readFile(p)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, nil, errAt(p, 0, 0, "agent %s of %s: %v", name, base(c.f.Name), err)
			}
			if len(data) > MaxFileBytes {
				return nil, nil, errAt(p, 0, 0, "file is %d bytes; inputs over %d bytes are refused", len(data), MaxFileBytes)
			}
			af, err := crewParse(File{Name: p, Data: data})
			if err != nil {
				return nil, nil, err
			}
			if err := add(af, name, af.root); err != nil {
				return nil, nil, err
			}
			found = true
			break
		}
		if !found {
			return nil, nil, root.get("agents").errf("agent %q of %s: neither %s.jsonc nor %s.json given or found in %s", name, base(c.f.Name), name, name, dir)
		}
	}
	var notes []string
	if n, _ := root.get("name").str("name"); oneLine(n) != "" {
		notes = append(notes, fmt.Sprintf("crew %q (%s)", oneLine(n), base(c.f.Name)))
	}
	if p, _ := root.get("process").str("process"); oneLine(p) != "" {
		notes = append(notes, "crew process "+oneLine(p))
	}
	for _, k := range []string{"manager_llm", "planning_llm", "function_calling_llm", "chat_llm"} {
		if k == "manager_llm" && crewHierarchical(root) {
			continue // the manager's own model (crewManager)
		}
		if s := crewLLMText(root.get(k)); s != "" {
			notes = append(notes, fmt.Sprintf("crew %s %s: that model also runs for this crew; add it to model.allowed", k, s))
		}
	}
	if in := root.get("inputs"); in.isMap() {
		var kv []string
		for _, e := range in.entries() {
			v, _ := e.val.str("")
			kv = append(kv, fmt.Sprintf("%s=%q", e.key, oneLine(v)))
		}
		if len(kv) > 0 {
			notes = append(notes, "default inputs for {placeholders}: "+strings.Join(kv, ", "))
		}
	}
	if m := root.get("memory"); m.ok() && !m.isNull() {
		if b, err := m.boolean(""); err != nil || b {
			notes = append(notes, "crew memory is enabled: the crew keeps what it learns across runs")
		}
	}
	if lf, _ := root.get("output_log_file").str(""); oneLine(lf) != "" {
		notes = append(notes, fmt.Sprintf("crew output_log_file %s: CrewAI writes its own execution log there (not a format aims logs reads)", oneLine(lf)))
	}
	var other []string
	for _, e := range root.entries() {
		if !slices.Contains(crewCrewRead, e.key) && e.key != "memory" && e.key != "output_log_file" && crewFields.known(e.key) {
			other = append(other, e.key)
		}
	}
	if len(other) > 0 {
		notes = append(notes, "crew fields not mapped: "+strings.Join(uniqSorted(other), ", "))
	}
	var unknown []string
	unknown = append(unknown, yamlUnknownFields(root, crewFields, "")...)
	for _, u := range unknown {
		notes = append(notes, "not read (unknown field of "+base(c.f.Name)+"): "+u)
	}
	items, err := root.get("tasks").list("tasks")
	if err != nil {
		return nil, nil, err
	}
	var tasks []crewTask
	for i, it := range items {
		if !it.isMap() {
			return nil, nil, it.errf("tasks[%d]: want an object (name, description, expected_output, agent ...)", i)
		}
		name, err := it.get("name").str(fmt.Sprintf("tasks[%d].name", i))
		if err != nil {
			return nil, nil, err
		}
		if name = oneLine(name); name == "" {
			name = fmt.Sprintf("tasks[%d]", i)
		}
		tasks = append(tasks, crewTask{name: name, file: base(c.f.Name), n: it, json: true})
	}
	return tasks, notes, nil
}

// The manager CrewAI creates for a hierarchical crew without manager_agent
// (crewAIInc/crewAI f4731f5 crew.py _create_manager_agent; role and goal
// from translations/en.json hierarchical_manager_agent).
const (
	crewManagerKey  = "crew_manager"
	crewManagerRole = "Crew Manager"
	crewManagerGoal = "Manage the team to complete the task in the best way possible."
)

func crewHierarchical(root node) bool {
	p, _ := root.get("process").str("")
	p = strings.ToLower(oneLine(p))
	return p == "hierarchical" || p == "process.hierarchical"
}

// crewManager is the agent CrewAI itself adds to a hierarchical crew when
// crew.jsonc names no manager_agent: role "Crew Manager" on manager_llm,
// with the delegation tools to the crew's agents (AgentTools). It runs
// every task, delegating it; traces show it as a "Crew Manager" agent, so
// without it in the inventory it reads as a shadow agent. nil otherwise.
func crewManager(c crewFile) *Agent {
	root := c.root
	if !crewHierarchical(root) {
		return nil
	}
	if mgr, _ := root.get("manager_agent").str(""); strings.TrimSpace(mgr) != "" {
		return nil // one of the crew's agent files, imported as the others
	}
	a := newAgent(base(c.f.Name))
	a.Agent.ID = "crew-manager"
	if n, _ := root.get("name").str(""); Slug(n) != "" {
		a.Agent.ID = Slug(n) + "-manager"
	}
	a.Agent.Name = crewManagerRole
	a.Agent.Purpose = crewManagerGoal
	a.identity(crewManagerRole)
	llm := crewLLMText(root.get("manager_llm"))
	switch {
	case llm == "" || strings.HasPrefix(llm, "python "):
		a.Agent.Model.Name = "TODO: the model of the crew's manager_llm (CrewAI requires manager_llm or manager_agent for a hierarchical crew)"
	default:
		a.crewModel(llm)
	}
	a.note("created by CrewAI, not defined in the project: a hierarchical crew without manager_agent gets a manager agent %q on manager_llm (crew.py _create_manager_agent) that delegates every task to the crew's agents; traces name it by that role", crewManagerRole)
	a.addGrant(model.Grant{Name: crewGrant(crewDelegate)}, "the manager's delegation to the crew's agents; "+crewSanitisedNote(crewDelegate))
	a.addGrant(model.Grant{Name: crewGrant(crewAsk)}, "the manager's delegation to the crew's agents; "+crewSanitisedNote(crewAsk))
	return a
}

// crewLLMText describes an llm value: "provider/model", an object with
// model and provider (base_url and the like are not secrets but api_key is,
// so only model and provider are read), or a Python reference.
func crewLLMText(n node) string {
	if n.isNull() {
		return ""
	}
	if s, err := n.str(""); err == nil {
		return oneLine(s)
	}
	if n.isMap() {
		if p, _ := n.get("python").str(""); p != "" {
			return "python " + oneLine(p)
		}
		m, _ := n.get("model").str("")
		if m == "" {
			m, _ = n.get("deployment_name").str("")
		}
		p, _ := n.get("provider").str("")
		if p != "" && m != "" {
			return oneLine(p) + "/" + oneLine(m)
		}
		return oneLine(m)
	}
	return ""
}

func crewAgent(cf crewFile, key string, n node) (*Agent, error) {
	a := newAgent(base(cf.f.Name))
	// The JSON project nests behaviour under "settings"; CrewAI merges it
	// into the agent's fields, so both are read alike.
	settings := n.get("settings")
	if settings.ok() && !settings.isNull() && !settings.isMap() {
		return nil, settings.errf("%s.settings: want an object", key)
	}
	field := func(k string) node {
		if v := settings.get(k); v.ok() {
			return v
		}
		return n.get(k)
	}
	get := func(k string) (string, error) {
		s, err := field(k).str(key + "." + k)
		return text(s), err
	}
	for _, u := range yamlUnknownFields(n, append(slices.Clone(crewAgentFields), "settings", "settings.**"), key) {
		a.unknown(u)
	}
	if settings.isMap() {
		for _, u := range yamlUnknownFields(settings, crewAgentFields, key+".settings") {
			a.unknown(u)
		}
	}
	role, err := get("role")
	if err != nil {
		return nil, err
	}
	goal, err := get("goal")
	if err != nil {
		return nil, err
	}
	backstory, err := get("backstory")
	if err != nil {
		return nil, err
	}
	a.Agent.ID = key
	a.Agent.Name = oneLine(role)
	var purpose []string
	for _, s := range []string{goal, backstory} {
		if s = oneLine(s); s != "" {
			purpose = append(purpose, s)
		}
	}
	a.Agent.Purpose = strings.Join(purpose, "\n\n")
	a.identity(key)
	switch {
	case role == "":
		a.Agent.Name = key
	case placeholder.MatchString(role):
		// CrewAI fills {inputs} into the role at kickoff, and logs the
		// filled role: the template names no one.
		a.Agent.Name = key
		a.crewRole = oneLine(role)
		a.note("role %q has {placeholders} that kickoff inputs fill: the role logs show is the filled one, so it is no identity; add it under identities once known", oneLine(role))
	default:
		a.identity(role)
	}

	llm := crewLLMText(field("llm"))
	switch {
	case strings.HasPrefix(llm, "python "):
		a.Agent.Model.Name = "TODO: the model of the LLM object " + strings.TrimPrefix(llm, "python ")
	case llm != "":
		// A bare word may name an @llm method of crew.py instead.
		if !a.crewModel(llm) {
			a.note("llm %q names no provider; it may be an @llm method of crew.py", llm)
		}
	default:
		a.Agent.Model.Name = "TODO: the model CrewAI runs this agent on (no llm: OPENAI_MODEL_NAME, else CrewAI's default)"
	}
	if base := field("llm").get("base_url"); base.ok() {
		if u, _ := base.str(""); u != "" {
			a.note("llm base_url %s", oneLine(u))
		}
	}
	if fc := crewLLMText(field("function_calling_llm")); fc != "" {
		a.note("function_calling_llm %s runs the tool calls: add it to model.allowed", fc)
		if !IsTODO(a.Agent.Model.Name) && !strings.HasPrefix(fc, "python ") {
			_, fcName, ok := strings.Cut(fc, "/")
			if !ok {
				fcName = fc
			}
			a.Agent.Model.Allowed = uniqSorted([]string{a.Agent.Model.Name, fcName})
		}
	}

	if err := crewTools(a, field("tools"), key+".tools", "", cf.json); err != nil {
		return nil, err
	}
	if err := crewMCPs(a, field("mcps"), key+".mcps"); err != nil {
		return nil, err
	}
	apps, err := field("apps").strs(key + ".apps")
	if err != nil {
		return nil, err
	}
	for _, app := range apps {
		a.addGrant(model.Grant{Name: crewTool(app) + "*"}, "CrewAI platform app "+app+" (its actions are logged by action name; narrow the grant to them)")
	}
	deleg, err := field("allow_delegation").boolean(key + ".allow_delegation")
	if err != nil {
		return nil, err
	}
	if deleg {
		a.addGrant(model.Grant{Name: crewGrant(crewDelegate)}, "allow_delegation: to the other agents of the crew; "+crewSanitisedNote(crewDelegate))
		a.addGrant(model.Grant{Name: crewGrant(crewAsk)}, "allow_delegation: to the other agents of the crew; "+crewSanitisedNote(crewAsk))
	} else {
		a.note("allow_delegation: false")
	}
	if code, err := field("allow_code_execution").boolean(key + ".allow_code_execution"); err != nil {
		return nil, err
	} else if code {
		// agent/core.py: deprecated, CodeInterpreterTool is gone; the flag
		// only warns. Said so that no one expects a code tool in the logs.
		a.note("allow_code_execution: true is deprecated in CrewAI 1.x and adds no tool (CodeInterpreterTool is no longer available): no grant")
	}
	if mm, err := field("multimodal").boolean(key + ".multimodal"); err != nil {
		return nil, err
	} else if mm {
		// agent/core.py get_multimodal_tools: AddImageTool, named by the
		// translations ("Add image to content").
		a.addGrant(model.Grant{Name: crewGrant(crewAddImage)}, "multimodal: "+crewSanitisedNote(crewAddImage))
	}
	if ks := field("knowledge_sources"); ks.ok() && !ks.isNull() {
		a.note("knowledge_sources are set: add them under data")
	}
	if g := field("guardrail"); g.ok() && !g.isNull() {
		a.note("agent guardrail: its final output is checked automatically (not a person's review)")
	}
	// The JSON project's "type": {"python": "module.Class"} is a custom Agent
	// subclass (json_loader.py): code may add tools or change what it does.
	if ty := field("type"); ty.ok() && !ty.isNull() {
		cls, _ := ty.str("")
		if cls == "" {
			cls, _ = ty.get("python").str("")
		}
		a.note("the agent is the custom class %s: what it does beyond this file (tools, calls) is in that code", oneLine(cls))
	}
	var other []string
	for _, m := range []node{n, settings} {
		for _, e := range m.entries() {
			if !slices.Contains(crewAgentRead, e.key) && crewAgentFields.known(e.key) {
				other = append(other, e.key)
			}
		}
	}
	if len(other) > 0 {
		a.note("not mapped: %s", strings.Join(uniqSorted(other), ", "))
	}
	return a, nil
}

// crewTools grants the tools of an agent or task. In the JSON project a
// string is a crewai_tools class (json_loader.py _find_tool_class: the name,
// NAME+"Tool", or snake_case as PascalCase+"Tool"), "module:Class", or
// "custom:NAME" (tools/NAME.py); in the YAML project it names an @tool
// method of crew.py. Traces record a tool by its instance's name attribute,
// so a known class is granted by that name and anything else by what the
// config says, listed for the user to check.
func crewTools(a *Agent, n node, what, of string, json bool) error {
	items, err := n.list(what)
	if err != nil {
		return err
	}
	for i, it := range items {
		var name string
		if it.isMap() {
			// A serialised BaseTool: its name is the tool's own.
			if name, err = it.get("name").str(fmt.Sprintf("%s[%d].name", what, i)); err != nil {
				return err
			}
			if name = oneLine(name); name == "" {
				a.note("%s[%d] is an object without a name: not granted", what, i)
				continue
			}
			a.addGrant(model.Grant{Name: crewGrant(name)}, crewSanitisedNote(name)+of)
			continue
		}
		if name, err = it.str(fmt.Sprintf("%s[%d]", what, i)); err != nil {
			return err
		}
		if name = oneLine(name); name == "" {
			continue
		}
		if !json {
			a.addGrant(model.Grant{Name: name}, strings.Trim(of, " ()"))
			a.crewUnresolved = append(a.crewUnresolved, name)
			continue
		}
		class := name
		if i := strings.LastIndex(class, ":"); i >= 0 && !strings.HasPrefix(class, "custom:") {
			class = class[i+1:]
		}
		if cls, runtime := crewToolClass(class); runtime != "" && !strings.HasPrefix(name, "custom:") {
			a.addGrant(model.Grant{Name: crewGrant(runtime)}, fmt.Sprintf("crewai_tools %s; %s%s", cls, crewSanitisedNote(runtime), of))
			continue
		}
		if strings.HasPrefix(name, "custom:") {
			file := strings.TrimPrefix(name, "custom:")
			a.addGrant(model.Grant{Name: crewGrant(file)}, "custom tool tools/"+file+".py"+of)
			a.crewUnresolved = append(a.crewUnresolved, name)
			continue
		}
		a.addGrant(model.Grant{Name: crewGrant(class)}, strings.TrimPrefix(of, " "))
		a.crewUnresolved = append(a.crewUnresolved, name)
	}
	return nil
}

// crewToolClass finds a crewai_tools class as json_loader.py does, trying
// the name, NAME+"Tool", then snake_case words capitalised plus "Tool".
func crewToolClass(name string) (class, runtime string) {
	cands := []string{name}
	if !strings.HasSuffix(name, "Tool") {
		cands = append(cands, name+"Tool")
	}
	var b strings.Builder
	for _, w := range strings.Split(name, "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + strings.ToLower(w[1:]))
		}
	}
	cands = append(cands, b.String()+"Tool")
	for _, c := range cands {
		if r := crewToolNames[c]; r != "" {
			return c, r
		}
	}
	return "", ""
}

// crewUnresolvedNote names the tools whose logged name the config cannot
// tell, once per agent.
func crewUnresolvedNote(a *Agent) {
	if len(a.crewUnresolved) == 0 {
		return
	}
	names := uniqSorted(a.crewUnresolved)
	a.note("tool(s) %s: traces record a tool by its name attribute, set in its Python code (CrewAI's own events and the model use it lower-cased with _, sanitize_tool_name), not by the method, class or file the config names: check each grant is that name", strings.Join(names, ", "))
	a.crewUnresolved = nil
}

// crewMCPs grants an agent's MCP servers as CrewAI names their tools
// (crewai/mcp/tool_resolver.py, MCPToolWrapper): SERVER_TOOL, where SERVER
// is the URL's host (port included) and path with "." and "/" as "_"
// (_extract_server_name) and TOOL the server's tool name, sanitised; a
// "#tool" suffix picks one tool. A CrewAI AMP integration ("crewai-amp:SLUG"
// or a bare slug) is connected by a server configuration the platform
// holds, so its SERVER part is unknown: "#tool" is granted as *_TOOL, a
// whole integration only noted.
func crewMCPs(a *Agent, n node, what string) error {
	items, err := n.list(what)
	if err != nil {
		return err
	}
	for i, it := range items {
		if it.isMap() {
			a.note("%s[%d] is an MCP server object: list its tools as grants", what, i)
			continue
		}
		ref, err := it.str(fmt.Sprintf("%s[%d]", what, i))
		if err != nil {
			return err
		}
		ref = oneLine(ref)
		if ref == "" {
			continue
		}
		server, tool, _ := strings.Cut(ref, "#")
		if strings.HasPrefix(server, "https://") || strings.HasPrefix(server, "http://") {
			rest := server[strings.Index(server, "://")+3:]
			host, path, _ := strings.Cut(rest, "/")
			lead := ""
			if i := strings.LastIndex(host, "@"); i >= 0 {
				// The logged name starts with the URL's userinfo: never
				// copied, a glob stands for it.
				host, lead = host[i+1:], "*"
			}
			if q := strings.IndexAny(path, "?"); q >= 0 {
				path = path[:q]
			}
			prefix := lead + crewGrant(strings.ReplaceAll(host, ".", "_"))
			if p := strings.Trim(strings.ReplaceAll(path, "/", "_"), "_"); p != "" {
				prefix += "_" + crewGrant(p)
			}
			name := prefix + "_*"
			if tool != "" {
				name = prefix + "_" + crewTool(tool)
			}
			a.addGrant(model.Grant{Name: name}, "MCP server "+host+"/"+path)
			continue
		}
		if tool != "" {
			a.addGrant(model.Grant{Name: "*_" + crewTool(tool)}, "CrewAI AMP MCP integration "+ref)
			continue
		}
		a.note("mcps %s: a CrewAI AMP integration, whose tools are named after a server configuration the platform holds: add its tools as grants", ref)
	}
	return nil
}

// crewApplyTask adds what a task says of its agent: task tools, output
// review (human_input), the file the task writes (output_file), guardrails
// and context.
func crewApplyTask(t crewTask, byName map[string]*Agent) error {
	agentName, err := t.n.get("agent").str(t.name + ".agent")
	if err != nil {
		return err
	}
	agentName = strings.TrimSpace(agentName)
	if agentName == "" {
		return nil // hierarchical crews let the manager pick the agent
	}
	a := byName[agentName]
	if a == nil {
		known := make([]string, 0, len(byName))
		for k := range byName {
			known = append(known, k)
		}
		slices.Sort(known)
		return t.n.get("agent").errf("task %q names agent %q, which is not in the agents files given (agents: %s)", t.name, agentName, strings.Join(known, ", "))
	}
	a.Sources = append(a.Sources, t.file)
	for _, u := range yamlUnknownFields(t.n, crewTaskFields, "task "+t.name) {
		a.unknown(u)
	}
	if err := crewTools(a, t.n.get("tools"), t.name+".tools", " (task "+t.name+")", t.json); err != nil {
		return err
	}
	human, err := t.n.get("human_input").boolean(t.name + ".human_input")
	if err != nil {
		return err
	}
	if human {
		// crewai/task.py: human_input "whether the task should have a human
		// review the final answer of the agent": one review of the result,
		// after the tool calls ran, not an approval of each.
		a.outputReview(fmt.Sprintf("task %s: a person reviews the agent's final answer before it is accepted (human_input: true)", t.name))
	}
	out, err := t.n.get("output_file").str(t.name + ".output_file")
	if err != nil {
		return err
	}
	if out = oneLine(out); out != "" {
		if placeholder.MatchString(out) {
			// task.py interpolate_inputs_and_add_conversation_history fills
			// {inputs} into output_file at kickoff: every run writes another
			// file, so the data source is the pattern of them all.
			a.note("task %s: output_file %q is filled from kickoff inputs: the data source is %q, every file it names", t.name, out, placeholder.ReplaceAllString(out, "*"))
			out = placeholder.ReplaceAllString(out, "*")
		}
		a.Agent.Data = append(a.Agent.Data, model.DataAccess{Source: out, Access: "write", Justification: "output_file of task " + t.name})
	}
	if g := t.n.get("guardrail"); g.ok() && !g.isNull() {
		a.note("task %s has a guardrail: its output is checked automatically (not a person's review)", t.name)
	}
	if g := t.n.get("guardrails"); g.ok() && !g.isNull() {
		a.note("task %s has guardrails: its output is checked automatically (not a person's review)", t.name)
	}
	ctx, err := t.n.get("context").strs(t.name + ".context")
	if err != nil {
		return err
	}
	if len(ctx) > 0 {
		a.note("task %s reads the output of %s (context)", t.name, strings.Join(ctx, ", "))
	}
	if async, err := t.n.get("async_execution").boolean(t.name + ".async_execution"); err == nil && async {
		a.note("task %s runs asynchronously", t.name)
	}
	// input_files (task.py: reference name -> path or File object): files the
	// task hands its agent, so data it reads.
	if in := t.n.get("input_files"); in.ok() && !in.isNull() && !in.isMap() {
		// task.py input_files: dict[str, FileInput]; a list is no input
		// CrewAI runs, but its paths are still files the task may read.
		a.note("task %s: input_files is not an object of reference name -> path (CrewAI's Task rejects it): not read; add the files it names under data", t.name)
	} else if in.isMap() {
		for _, e := range in.entries() {
			if p, err := e.val.str(""); err == nil && oneLine(p) != "" {
				a.Agent.Data = append(a.Agent.Data, model.DataAccess{Source: oneLine(p), Access: "read", Justification: "input_files " + oneLine(e.key) + " of task " + t.name})
			} else {
				a.note("task %s: input file %s is a File object: add the file it names under data", t.name, oneLine(e.key))
			}
		}
	}
	if ty, _ := t.n.get("type").str(""); oneLine(ty) != "" || t.n.get("condition").ok() {
		c := t.n.get("condition")
		cond, _ := c.str("")
		if cond == "" {
			cond, _ = c.get("python").str("")
		}
		msg := "task " + t.name
		if ty = oneLine(ty); ty != "" {
			msg += " is a " + ty
		}
		if cond = oneLine(cond); cond != "" {
			msg += ": it runs only when " + cond + " says so"
		}
		a.note("%s", msg)
	}
	var other []string
	for _, e := range t.n.entries() {
		if !slices.Contains(crewTaskRead, e.key) && crewTaskFields.known(e.key) {
			other = append(other, e.key)
		}
	}
	if len(other) > 0 {
		a.note("task %s, not mapped: %s", t.name, strings.Join(uniqSorted(other), ", "))
	}
	return nil
}

// crewTaskRead are the task fields crewApplyTask maps or notes.
var crewTaskRead = []string{"name", "description", "expected_output", "agent", "tools", "human_input", "output_file",
	"guardrail", "guardrails", "context", "async_execution", "input_files", "type", "condition"}

// crewCrewRead are the crew.jsonc fields read or noted by name.
var crewCrewRead = []string{"name", "agents", "tasks", "process", "manager_llm", "planning_llm", "function_calling_llm", "chat_llm", "inputs"}

// crewModel sets the agent's model from a CrewAI llm string: LiteLLM's
// provider/model names both (true); anything else is kept as the model
// name (false).
func (a *Agent) crewModel(llm string) bool {
	provider, name, ok := strings.Cut(llm, "/")
	if !ok || provider == "" || name == "" {
		a.Agent.Model.Name = llm
		return false
	}
	a.Agent.Model.Provider = providerTODO(provider, "")
	a.Agent.Model.Name = name
	return true
}
