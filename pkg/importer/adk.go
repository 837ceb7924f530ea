package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

const adkWant = "a Google ADK agent config (YAML with name, model, instruction, tools, sub_agents)"

var adkKeys = []string{"agent_class", "name", "description", "model", "model_code", "instruction", "tools", "sub_agents",
	"disallow_transfer_to_parent", "disallow_transfer_to_peers"}

type adk struct {
	readFile func(string) ([]byte, error)
	agents   []*Agent
	byName   map[string]*Agent
	// firstOf maps a file read (cleaned path) to the name of its first agent,
	// so that a second reference to it, or a cycle, links without rereading.
	firstOf map[string]string
}

// importADK reads ADK agent configs. Each document is one agent; sub_agents
// given by config_path are read relative to the file that names them (but
// never outside the directory of the file given on the command line), and
// become agents of their own plus a delegation grant of the parent.
func importADK(files []File, readFile func(string) ([]byte, error)) ([]*Agent, error) {
	st := &adk{readFile: readFile, byName: map[string]*Agent{}, firstOf: map[string]string{}}
	for _, f := range files {
		p := filepath.Clean(f.Name)
		if _, done := st.firstOf[p]; done {
			continue // already read as a sub-agent of an earlier file
		}
		if _, err := st.file(f, filepath.Dir(p)); err != nil {
			return nil, err
		}
	}
	return st.agents, nil
}

type adkPending struct {
	a    *Agent
	subs []node
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
		a, subs, err := adkAgent(f, n)
		if err != nil {
			return "", err
		}
		st.agents = append(st.agents, a)
		if st.byName[a.Agent.Name] == nil {
			st.byName[a.Agent.Name] = a
		}
		pending = append(pending, adkPending{a: a, subs: subs})
	}
	first := pending[0].a.Agent.Name
	st.firstOf[filepath.Clean(f.Name)] = first
	for _, p := range pending {
		for i, sub := range p.subs {
			if err := st.subAgent(f, root, p.a, sub, i); err != nil {
				return "", err
			}
		}
	}
	return first, nil
}

func (st *adk) subAgent(f File, root string, parent *Agent, sub node, i int) error {
	what := fmt.Sprintf("sub_agents[%d]", i)
	if !sub.isMap() {
		return sub.errf("%s: want a mapping with config_path or code", what)
	}
	if code, err := sub.get("code").str(what + ".code"); err != nil {
		return err
	} else if code = oneLine(code); code != "" {
		name := code[strings.LastIndex(code, ".")+1:]
		parent.addGrant(delegation(name), "sub-agent defined in code: "+code)
		parent.note("sub-agent %s is defined in code: import or write its config separately", code)
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
		parent.addGrant(delegation(stem), "sub-agent "+cp+" (not read)")
		parent.note("sub-agent %s is outside %s: not read; import it separately", cp, root)
		return nil
	}
	if name, done := st.firstOf[path]; done {
		parent.addGrant(delegation(name), "sub-agent "+cp)
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
			parent.addGrant(delegation(stem), "sub-agent "+cp)
			parent.note("sub-agent file %s not found; linked to the agent %s read before", cp, stem)
		case missing:
			parent.addGrant(delegation(stem), "sub-agent "+cp+" (not found)")
			parent.note("sub-agent file %s not found: import it when it exists", cp)
		default:
			parent.addGrant(delegation(stem), "sub-agent "+cp+" (not read)")
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
	parent.addGrant(delegation(name), "sub-agent "+cp)
	return nil
}

// within reports whether path (cleaned) is root or below it.
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func adkAgent(f File, n node) (*Agent, []node, error) {
	a := newAgent(base(f.Name))
	name, err := n.get("name").str("name")
	if err != nil {
		return nil, nil, err
	}
	if name = oneLine(name); name == "" {
		return nil, nil, n.errf("not %s: name is missing", adkWant)
	}
	a.Agent.ID, a.Agent.Name = name, name
	a.identity(name)
	desc, err := n.get("description").str("description")
	if err != nil {
		return nil, nil, err
	}
	a.Agent.Purpose = oneLine(desc)
	class, err := n.get("agent_class").str("agent_class")
	if err != nil {
		return nil, nil, err
	}
	if class != "" && class != "LlmAgent" {
		a.note("agent_class %s", oneLine(class))
	}

	m, err := n.get("model").str("model")
	if err != nil {
		return nil, nil, err
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
			return nil, nil, err
		}
		a.note("the model is built in code by %s: set model.name", oneLine(code))
	}
	if n.get("instruction").ok() {
		a.note("instruction (the agent's prompt) is not mapped")
	}

	tools, err := n.get("tools").list("tools")
	if err != nil {
		return nil, nil, err
	}
	for i, t := range tools {
		what := fmt.Sprintf("tools[%d]", i)
		var tn string
		if t.isMap() {
			if tn, err = t.get("name").str(what + ".name"); err != nil {
				return nil, nil, err
			}
		} else if tn, err = t.str(what); err != nil {
			return nil, nil, err
		}
		if tn = oneLine(tn); tn == "" {
			return nil, nil, t.errf("%s: name is missing", what)
		}
		kind := "ADK built-in tool"
		if strings.Contains(tn, ".") {
			kind = "Python tool"
		}
		filter, err := t.get("args").get("tool_filter").strs(what + ".args.tool_filter")
		if err != nil {
			return nil, nil, err
		}
		if len(filter) == 0 {
			a.addGrant(model.Grant{Name: tn}, kind)
			continue
		}
		for _, x := range filter {
			a.addGrant(model.Grant{Name: x}, "tool of "+tn)
		}
	}

	for _, k := range []string{"disallow_transfer_to_parent", "disallow_transfer_to_peers"} {
		b, err := n.get(k).boolean(k)
		if err != nil {
			return nil, nil, err
		}
		if b {
			a.note("%s: true", k)
		}
	}
	var other []string
	for _, e := range n.entries() {
		if strings.HasSuffix(e.key, "_callbacks") {
			names, err := adkNames(e.val, e.key)
			if err != nil {
				return nil, nil, err
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
		return nil, nil, err
	}
	return a, subs, nil
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
