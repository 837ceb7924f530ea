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
}

type mcpServer struct {
	Type     string         `json:"type"`
	Command  string         `json:"command"`
	Args     []any          `json:"args"`
	Env      map[string]any `json:"env"`
	EnvFile  string         `json:"envFile"`
	URL      string         `json:"url"`
	Headers  map[string]any `json:"headers"`
	Disabled bool           `json:"disabled"`
}

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
			for _, arg := range s.Args {
				if p, ok := arg.(string); ok && looksLikePath(p) {
					a.Agent.Data = append(a.Agent.Data, model.DataAccess{Source: oneLine(p)})
					a.note("path %s in the args of server %s is listed under data; set its access", oneLine(p), name)
				}
			}
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
		a.addGrant(model.Grant{Name: name}, "MCP server, "+strings.Join(parts, "; "))
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
