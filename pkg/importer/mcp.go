package importer

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

const mcpWant = "an MCP client config (a JSON object with mcpServers or, for VS Code, servers)"

type mcpConfig struct {
	MCPServers *map[string]mcpServer `json:"mcpServers"`
	Servers    *map[string]mcpServer `json:"servers"`
	Inputs     []mcpInput            `json:"inputs"`
	// MCP is the VS Code user/workspace settings form: {"mcp": {"servers": ...}}
	// (https://code.visualstudio.com/docs/copilot/customization/mcp-servers).
	MCP *struct {
		Servers *map[string]mcpServer `json:"servers"`
		Inputs  []mcpInput            `json:"inputs"`
	} `json:"mcp"`
}

type mcpServer struct {
	Type    string         `json:"type"`
	Command string         `json:"command"`
	Args    []any          `json:"args"`
	Env     map[string]any `json:"env"`
	EnvFile string         `json:"envFile"`
	URL     string         `json:"url"`
	// ServerURL is Windsurf's name for url (~/.codeium/windsurf/mcp_config.json).
	ServerURL string         `json:"serverUrl"`
	Headers   map[string]any `json:"headers"`
	Disabled  bool           `json:"disabled"`
	Cwd       string         `json:"cwd"`
	// SandboxEnabled and Sandbox are VS Code's sandbox for stdio servers
	// (docs/agents/reference/mcp-configuration.md, 2026-05-28): the
	// server may write only the allowWrite paths and reach only the
	// allowedDomains; VS Code then auto-approves its tool calls.
	SandboxEnabled bool `json:"sandboxEnabled"`
	Sandbox        *struct {
		Filesystem struct {
			AllowWrite []string `json:"allowWrite"`
			DenyRead   []string `json:"denyRead"`
			DenyWrite  []string `json:"denyWrite"`
		} `json:"filesystem"`
		Network struct {
			AllowedDomains []string `json:"allowedDomains"`
			DeniedDomains  []string `json:"deniedDomains"`
		} `json:"network"`
	} `json:"sandbox"`
	// OAuth is VS Code's OAuth client for an HTTP server (clientId: public).
	OAuth *struct {
		ClientID string `json:"clientId"`
	} `json:"oauth"`
	Dev any `json:"dev"`
	// AlwaysAllow (Cline) and AutoApprove (Roo Code) name tools the client
	// runs without asking.
	AlwaysAllow []string `json:"alwaysAllow"`
	AutoApprove []string `json:"autoApprove"`
}

// mcpServerFields are the server fields read, under each servers key.
var mcpServerFields = []string{"type", "command", "args", "env.*", "envFile", "url", "serverUrl", "headers.*", "disabled", "cwd",
	"sandboxEnabled", "sandbox.filesystem.allowWrite", "sandbox.filesystem.denyRead", "sandbox.filesystem.denyWrite",
	"sandbox.network.allowedDomains", "sandbox.network.deniedDomains", "oauth.clientId", "dev.**", "alwaysAllow", "autoApprove",
	"description", "timeout", "transportType"}

var mcpFields = func() fieldPatterns {
	ps := fieldPatterns{"inputs[].**", "mcp.inputs[].**"}
	for _, k := range []string{"mcpServers", "servers", "mcp.servers"} {
		for _, f := range mcpServerFields {
			ps = append(ps, k+".*."+f)
		}
	}
	return ps
}()

type mcpInput struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Password bool   `json:"password"`
}

// credentialName spots env variables and headers that carry a credential.
var credentialName = regexp.MustCompile(`(?i)token|secret|passw|pwd|key|auth|credential|cookie|session|bearer|cert`)

// importMCP reads one MCP client config: the client is one agent and each
// configured server is one grant (tools are discovered at run time, so the
// server is the unit of permission). Credentials are never copied: env
// values and header values are not read into the output at all.
func importMCP(f File) ([]*Agent, error) {
	var c mcpConfig
	if err := decodeJSON(f, mcpWant, &c); err != nil {
		return nil, err
	}
	servers := c.MCPServers
	key := "mcpServers"
	if servers == nil {
		servers, key = c.Servers, "servers"
	}
	if servers == nil && c.MCP != nil {
		servers, key = c.MCP.Servers, "mcp.servers"
		c.Inputs = append(c.Inputs, c.MCP.Inputs...)
	}
	if servers == nil {
		return nil, errAt(f.Name, 0, 0, "not an MCP client config: no mcpServers or servers object")
	}
	a := newAgent(base(f.Name))
	stem := base(f.Name)
	for _, ext := range []string{".json", ".jsonc"} {
		stem = strings.TrimSuffix(stem, ext)
	}
	a.Agent.ID = Slug(stem)
	if slices.Contains([]string{"", "mcp", "settings", "config", "mcp-servers"}, a.Agent.ID) {
		a.Agent.ID = "mcp-client"
	}
	a.Agent.Name = "MCP client of " + base(f.Name)
	// A settings.json holds the editor's other settings too: only what is
	// under "mcp" is the MCP config there.
	settings := key == "mcp.servers"
	for _, u := range jsonUnknownFields(f, mcpFields) {
		if _, path, _ := strings.Cut(u, ": "); !settings || strings.HasPrefix(path, "mcp.") {
			a.unknown(u)
		}
	}
	a.note("an MCP client config lists the servers one client (Claude, Cursor, VS Code ...) may use; which agent that is, the file does not say: set id, name and purpose")
	if c.MCPServers != nil && c.Servers != nil {
		a.note("the file has both mcpServers and servers; mcpServers was read")
	}

	names := make([]string, 0, len(*servers))
	for n := range *servers {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		s := (*servers)[name]
		if s.Disabled {
			a.note("server %s is disabled: not granted", name)
			continue
		}
		var parts []string
		if s.URL == "" {
			s.URL = s.ServerURL
		}
		switch {
		case s.URL != "":
			t := s.Type
			if t == "" {
				t = "url"
			}
			u, redacted := redactURL(s.URL)
			if redacted {
				a.note("credential in the url of server %s: not copied", name)
			}
			parts = append(parts, t+": "+u)
		case s.Command != "":
			cmd := []string{s.Command}
			prev := ""
			for _, arg := range s.Args {
				v, redacted := redactArg(prev, fmt.Sprint(arg))
				if redacted {
					a.note("credential in the args of server %s: not copied", name)
				}
				cmd = append(cmd, v)
				prev = fmt.Sprint(arg)
			}
			parts = append(parts, "stdio: "+strings.Join(cmd, " "))
			mcpDataScopes(a, name, s)
		default:
			a.note("server %s has neither command nor url", name)
		}
		if env := sortedKeys(s.Env); len(env) > 0 {
			parts = append(parts, "env "+strings.Join(env, ", ")+" (values not copied)")
			for _, e := range env {
				if credentialName.MatchString(e) || isReference(s.Env[e]) {
					a.note("credential in env %s of server %s: not copied", e, name)
				}
			}
		}
		if hs := sortedKeys(s.Headers); len(hs) > 0 {
			parts = append(parts, "headers "+strings.Join(hs, ", ")+" (values not copied)")
			for _, h := range hs {
				if credentialName.MatchString(h) || isReference(s.Headers[h]) {
					a.note("credential in header %s of server %s: not copied", h, name)
				}
			}
		}
		if s.EnvFile != "" {
			a.note("server %s reads envFile %s: not read", name, oneLine(s.EnvFile))
		}
		if s.Cwd != "" {
			a.note("server %s runs in %s", name, oneLine(s.Cwd))
		}
		if s.OAuth != nil {
			a.note("server %s signs in with OAuth (VS Code runs the flow; no credential in the file)", name)
		}
		if s.Dev != nil {
			a.note("server %s is in development mode (dev: restarted on file changes, debuggable)", name)
		}
		if ok := append(slices.Clone(s.AlwaysAllow), s.AutoApprove...); len(ok) > 0 {
			a.note("server %s: the client runs %s without asking a person", name, strings.Join(uniqSorted(ok), ", "))
		}
		mcpSandbox(a, name, s)
		// The grant names the server: the audit-log matcher lets a server grant
		// cover the server's tools as clients log them (Claude Code
		// mcp__SERVER__TOOL, AgentCore SERVER___TOOL, OCSF service SERVER).
		g, c := mcpServerGrant(name)
		if c != "" {
			parts = append(parts, c)
		}
		a.addGrant(model.Grant{Name: g}, "MCP server, "+strings.Join(parts, "; "))
	}
	if len(a.Agent.Tools) > 0 {
		a.note("clients that log an MCP tool by its bare name (not mcp__SERVER__TOOL) need the server's tools listed as grants: the config does not name them")
	}
	if len(a.Agent.Tools) == 0 {
		a.note("%s is empty: the client uses no MCP server", key)
	}
	for _, in := range c.Inputs {
		if in.Password {
			a.note("input %s is a secret prompted at run time: not copied", oneLine(in.ID))
		}
	}
	return []*Agent{a}, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, oneLine(k))
	}
	slices.Sort(out)
	return out
}

// isReference reports whether a value is a variable reference such as
// ${TOKEN} or ${input:api-key}: the value is a secret kept elsewhere.
func isReference(v any) bool {
	s, ok := v.(string)
	return ok && (strings.Contains(s, "${") || strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "bearer "))
}

var windowsPath = regexp.MustCompile(`^[A-Za-z]:[\\/]`)

func looksLikePath(s string) bool {
	return strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~/") || strings.HasPrefix(s, "./") ||
		strings.HasPrefix(s, "../") || windowsPath.MatchString(s)
}

// secretValue spots well-known token shapes (OpenAI, GitHub, Slack, AWS,
// Google, JWT) in an argument.
var secretValue = regexp.MustCompile(`^(sk-|sk_|ghp_|gho_|github_pat_|xox[abpr]-|AKIA|ASIA|AIza|eyJ)[A-Za-z0-9_\-.=]{8,}`)

const redacted = "[REDACTED]"

// redactArg hides an argument that is a credential: the value after a flag
// named like one (--token X), the value of --token=X, or a known token shape.
func redactArg(prev, arg string) (string, bool) {
	if strings.HasPrefix(prev, "-") && !strings.Contains(prev, "=") && credentialName.MatchString(prev) && !strings.HasPrefix(arg, "-") {
		return redacted, true
	}
	if k, _, ok := strings.Cut(arg, "="); ok && strings.HasPrefix(k, "-") && credentialName.MatchString(k) {
		return k + "=" + redacted, true
	}
	if secretValue.MatchString(arg) {
		return redacted, true
	}
	return arg, false
}

// redactURL drops user:password and credential-named query values of a URL.
func redactURL(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		if secretValue.MatchString(raw) {
			return redacted, true
		}
		return raw, false
	}
	changed := false
	if u.User != nil {
		u.User = nil
		changed = true
	}
	q := u.Query()
	for k := range q {
		if credentialName.MatchString(k) {
			q.Set(k, redacted)
			changed = true
		}
	}
	if !changed {
		return raw, false
	}
	u.RawQuery = q.Encode()
	return u.String(), true
}

// mcpDataScopes lists what a stdio server can reach on the host as data: a
// path argument, and for "docker run" the host side of each bind mount
// (--mount type=bind,src=...,dst=...[,ro] and -v HOST:CONTAINER[:ro], as
// docs.docker.com/engine/storage/bind-mounts writes them). The container
// side (/projects) is not a host path, so arguments after a docker image are
// not data. ${workspaceFolder} is the VS Code workspace: the host folder the
// server is started in.
func mcpDataScopes(a *Agent, server string, s mcpServer) {
	args := make([]string, 0, len(s.Args))
	for _, arg := range s.Args {
		if v, ok := arg.(string); ok {
			args = append(args, v)
		} else {
			args = append(args, "")
		}
	}
	add := func(src string, ro bool, how string) {
		d := model.DataAccess{Source: oneLine(src)}
		if ro {
			d.Access = "read"
		}
		a.Agent.Data = append(a.Agent.Data, d)
		switch {
		case how == "path":
			a.note("path %s in the args of server %s is listed under data; set its access", oneLine(src), server)
		case ro:
			a.note("%s %s of server %s is listed under data, read-only", how, oneLine(src), server)
		default:
			a.note("%s %s of server %s is listed under data; set its access (the mount is writable)", how, oneLine(src), server)
		}
	}
	docker := base(s.Command) == "docker" || base(s.Command) == "podman"
	if docker && len(args) > 0 && (args[0] == "run" || args[0] == "create") {
		for i := 1; i < len(args); i++ {
			arg := args[i]
			val := func() (string, bool) {
				if k, v, ok := strings.Cut(arg, "="); ok && strings.HasPrefix(k, "--") {
					return v, true
				}
				if i+1 < len(args) {
					i++
					return args[i], true
				}
				return "", false
			}
			switch {
			case arg == "--mount" || strings.HasPrefix(arg, "--mount="):
				if v, ok := val(); ok {
					if src, ro, ok := parseMount(v); ok {
						add(src, ro, "bind mount")
					}
				}
			case arg == "-v" || arg == "--volume" || strings.HasPrefix(arg, "--volume="):
				if v, ok := val(); ok {
					if src, ro, ok := parseVolume(v); ok {
						add(src, ro, "bind mount")
					}
				}
			case strings.HasPrefix(arg, "-v") && len(arg) > 2 && !strings.HasPrefix(arg, "--"):
				if src, ro, ok := parseVolume(arg[2:]); ok {
					add(src, ro, "bind mount")
				}
			case dockerFlagTakesValue(arg):
				i++
			case !strings.HasPrefix(arg, "-"):
				// The image: what follows is the container's own command line.
				return
			}
		}
		return
	}
	for _, p := range args {
		if looksLikePath(p) || strings.Contains(p, "${workspaceFolder}") {
			add(p, false, "path")
		}
	}
}

// dockerFlagTakesValue lists the docker run flags MCP configs use that take
// a separate value, so the value is not mistaken for the image.
func dockerFlagTakesValue(arg string) bool {
	switch arg {
	case "-e", "--env", "--env-file", "--name", "-p", "--publish", "--network", "--net", "-w", "--workdir",
		"-u", "--user", "--entrypoint", "--platform", "-l", "--label", "--cap-add", "--cap-drop", "-h", "--hostname",
		"--add-host", "--memory", "-m", "--cpus", "--pull", "--security-opt", "--tmpfs", "--ulimit", "--device":
		return true
	}
	return false
}

// parseMount reads a --mount value: type=bind,src|source=HOST,dst|target|destination=...,ro|readonly[=true].
func parseMount(v string) (src string, ro, ok bool) {
	typ := "volume"
	for _, kv := range strings.Split(v, ",") {
		k, val, _ := strings.Cut(kv, "=")
		switch strings.TrimSpace(k) {
		case "type":
			typ = val
		case "src", "source":
			src = val
		case "ro", "readonly":
			ro = val == "" || val == "true" || val == "1"
		}
	}
	return src, ro, typ == "bind" && src != ""
}

// parseVolume reads a -v value HOST:CONTAINER[:OPTIONS]; a named volume (no
// path) is not a host folder.
func parseVolume(v string) (src string, ro, ok bool) {
	parts := strings.Split(v, ":")
	if windowsPath.MatchString(v) && len(parts) > 1 {
		parts = append([]string{parts[0] + ":" + parts[1]}, parts[2:]...)
	}
	if len(parts) < 2 {
		return "", false, false
	}
	src = parts[0]
	if len(parts) > 2 {
		for _, o := range strings.Split(parts[2], ",") {
			if o == "ro" || o == "readonly" {
				ro = true
			}
		}
	}
	return src, ro, looksLikePath(src) || strings.Contains(src, "${")
}

// mcpSandbox records VS Code's sandbox of a stdio server: when enabled, the
// allowWrite paths are what it may write (data, write), the deny lists and
// the network allow-list are noted, and so is that VS Code then approves
// the server's tool calls without asking. Rules given with sandboxEnabled
// unset do not apply, and the note says so.
func mcpSandbox(a *Agent, server string, s mcpServer) {
	sb := s.Sandbox
	if sb == nil {
		if s.SandboxEnabled {
			a.note("server %s runs sandboxed with no rules: it may write nothing and reach no network", server)
		}
		return
	}
	if !s.SandboxEnabled {
		a.note("server %s has sandbox rules but sandboxEnabled is not true: they do not apply", server)
		return
	}
	for _, p := range sb.Filesystem.AllowWrite {
		if p = oneLine(p); p != "" {
			a.Agent.Data = append(a.Agent.Data, model.DataAccess{Source: p, Access: "write", Justification: "sandbox allowWrite of MCP server " + server})
		}
	}
	if len(sb.Filesystem.AllowWrite) > 0 {
		a.note("server %s is sandboxed: it may write only %s (listed under data)", server, strings.Join(sb.Filesystem.AllowWrite, ", "))
	} else {
		a.note("server %s is sandboxed: it may write no file", server)
	}
	if d := sb.Filesystem.DenyRead; len(d) > 0 {
		a.note("server %s may not read %s", server, strings.Join(d, ", "))
	}
	if d := sb.Filesystem.DenyWrite; len(d) > 0 {
		a.note("server %s may not write %s", server, strings.Join(d, ", "))
	}
	if d := sb.Network.AllowedDomains; len(d) > 0 {
		a.note("server %s may reach only %s", server, strings.Join(d, ", "))
	} else {
		a.note("server %s may reach no network domain", server)
	}
	if d := sb.Network.DeniedDomains; len(d) > 0 {
		a.note("server %s may not reach %s", server, strings.Join(d, ", "))
	}
	a.note("server %s is sandboxed, so VS Code approves its tool calls without asking a person", server)
}

// mcpToolChar is what Claude Code keeps of a server name in the tool names
// it logs: mcp__ + normalizeNameForMCP(server) + __ + TOOL, where every
// character outside [a-zA-Z0-9_-] becomes "_" (tool names must match
// ^[a-zA-Z0-9_-]{1,64}$ in the Claude API).
var mcpToolChar = regexp.MustCompile(`[^a-zA-Z0-9_-]`)

// mcpServerGrant names the grant of a server so that it covers the server
// as every client logs it: by its configured name (OCSF service, gateways)
// and by Claude Code's normalised one. A name with other characters
// becomes a glob with "?" for each ("my.server" covers my.server and
// my_server); the comment says so.
func mcpServerGrant(name string) (grant, comment string) {
	if !mcpToolChar.MatchString(name) {
		return name, ""
	}
	norm := mcpToolChar.ReplaceAllString(name, "_")
	return mcpToolChar.ReplaceAllString(name, "?"), fmt.Sprintf("Claude Code logs this server as %s (mcp__%s__TOOL): the grant names both forms", norm, norm)
}
