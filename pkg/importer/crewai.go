package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

const crewWant = "a CrewAI agents.yaml (name: {role, goal, backstory, ...}) or tasks.yaml (name: {description, expected_output, agent, ...})"

// crewAgentKeys are the agents.yaml keys the importer maps; any other key
// of an agent is named in a note.
var crewAgentKeys = []string{"role", "goal", "backstory", "llm", "function_calling_llm", "tools", "allow_delegation", "knowledge_sources"}

type crewTask struct {
	name string
	file string
	n    node
}

// importCrewAI reads agents.yaml and tasks.yaml files, in any order (each
// file is recognised by its content). Agents come out in file order.
func importCrewAI(files []File) ([]*Agent, error) {
	var agents []*Agent
	byName := map[string]*Agent{}
	var tasks []crewTask
	for _, f := range files {
		docs, err := yamlDocs(f, crewWant)
		if err != nil {
			return nil, err
		}
		if len(docs) > 1 {
			return nil, errAt(f.Name, docs[1].Line, docs[1].Column, "more than one YAML document: want %s", crewWant)
		}
		root := node{file: f.Name, n: docs[0]}
		if !root.isMap() {
			return nil, root.errf("not %s: the top level is not a mapping of names", crewWant)
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
			if byName[e.key] != nil {
				return nil, e.keyNode.errf("agent %q is defined twice", e.key)
			}
			a, err := crewAgent(f, e.key, e.val)
			if err != nil {
				return nil, err
			}
			byName[e.key] = a
			agents = append(agents, a)
		}
	}
	if len(agents) == 0 {
		return nil, fmt.Errorf("%s: no agents.yaml given: a tasks.yaml alone defines no agents", files[0].Name)
	}
	for _, t := range tasks {
		if err := crewApplyTask(t, byName); err != nil {
			return nil, err
		}
	}
	return agents, nil
}

func crewAgent(f File, key string, n node) (*Agent, error) {
	a := newAgent(base(f.Name))
	get := func(k string) (string, error) {
		s, err := n.get(k).str(key + "." + k)
		return text(s), err
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
	if a.Agent.Name == "" {
		a.Agent.Name = key
	}
	var purpose []string
	for _, s := range []string{goal, backstory} {
		if s = oneLine(s); s != "" {
			purpose = append(purpose, s)
		}
	}
	a.Agent.Purpose = strings.Join(purpose, "\n\n")
	a.identity(key)
	if role != "" {
		a.identity(role)
	}

	llm, err := get("llm")
	if err != nil {
		return nil, err
	}
	if llm = oneLine(llm); llm != "" {
		// LiteLLM model strings are provider/model; a bare word may name an
		// @llm method of crew.py instead.
		if provider, name, ok := strings.Cut(llm, "/"); ok && provider != "" && name != "" {
			a.Agent.Model.Provider = providerTODO(provider, "")
			a.Agent.Model.Name = name
		} else {
			a.Agent.Model.Name = llm
			a.note("llm %q names no provider; it may be an @llm method of crew.py", llm)
		}
	} else {
		a.note("no llm: CrewAI then uses its default model (OPENAI_MODEL_NAME, else gpt-4o-mini); set model.name")
	}
	if fc, err := get("function_calling_llm"); err != nil {
		return nil, err
	} else if fc != "" {
		a.note("function_calling_llm %s is used for tool calls", oneLine(fc))
	}

	tools, err := n.get("tools").strs(key + ".tools")
	if err != nil {
		return nil, err
	}
	for _, t := range tools {
		a.addGrant(model.Grant{Name: t}, "")
	}
	deleg, err := n.get("allow_delegation").boolean(key + ".allow_delegation")
	if err != nil {
		return nil, err
	}
	if deleg {
		a.note("allow_delegation: true: the agent may delegate work to, and ask questions of, the other agents of the crew")
	} else {
		a.note("allow_delegation: false")
	}
	if ks := n.get("knowledge_sources"); ks.ok() && !ks.isNull() {
		a.note("knowledge_sources are set in code; add them under data")
	}
	var other []string
	for _, e := range n.entries() {
		if !slices.Contains(crewAgentKeys, e.key) {
			other = append(other, e.key)
		}
	}
	if len(other) > 0 {
		slices.Sort(other)
		a.note("not mapped: %s", strings.Join(other, ", "))
	}
	return a, nil
}

// crewApplyTask adds what a task says of its agent: task tools, human
// review (human_input), and the file the task writes (output_file).
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
	tools, err := t.n.get("tools").strs(t.name + ".tools")
	if err != nil {
		return err
	}
	for _, tool := range tools {
		if !slices.ContainsFunc(a.Agent.Tools, func(g model.Grant) bool { return g.Name == tool }) {
			a.addGrant(model.Grant{Name: tool}, "tool of task "+t.name)
		}
	}
	human, err := t.n.get("human_input").boolean(t.name + ".human_input")
	if err != nil {
		return err
	}
	if human {
		reviewed := tools
		if len(reviewed) == 0 {
			for _, g := range a.Agent.Tools {
				reviewed = append(reviewed, g.Name)
			}
		}
		for _, r := range reviewed {
			a.review(r)
		}
		if len(reviewed) == 0 {
			a.note("task %s has human_input: true, but the agent has no tools: a person reviews the task's result", t.name)
		} else {
			a.note("task %s has human_input: true: a person reviews its result; its tools (%s) are listed under oversight.human_review", t.name, strings.Join(reviewed, ", "))
		}
	}
	out, err := t.n.get("output_file").str(t.name + ".output_file")
	if err != nil {
		return err
	}
	if out = oneLine(out); out != "" {
		a.Agent.Data = append(a.Agent.Data, model.DataAccess{Source: out, Access: "write", Justification: "output_file of task " + t.name})
	}
	return nil
}
