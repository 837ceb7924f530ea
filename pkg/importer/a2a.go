package importer

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

const a2aWant = "an A2A agent card (JSON with name, skills and supportedInterfaces or url)"

// a2aFields are the card fields of A2A v1.0 (specification/a2a.proto,
// AgentCard, as proto3 JSON writes it) and of v0.3 (a2a.json of the v0.3.0
// spec: url, preferredTransport, additionalInterfaces, security,
// supportsAuthenticatedExtendedCard).
var a2aFields = fieldPatterns{
	"name", "description", "version", "documentationUrl", "iconUrl", "provider.organization", "provider.url",
	"supportedInterfaces[].url", "supportedInterfaces[].protocolBinding", "supportedInterfaces[].protocolVersion", "supportedInterfaces[].tenant",
	"capabilities.streaming", "capabilities.pushNotifications", "capabilities.extendedAgentCard", "capabilities.stateTransitionHistory",
	"capabilities.extensions[].uri", "capabilities.extensions[].description", "capabilities.extensions[].required", "capabilities.extensions[].params.**",
	"securitySchemes.*.**", "securityRequirements[].schemes.*.list", "security[].*",
	"defaultInputModes", "defaultOutputModes",
	"skills[].id", "skills[].name", "skills[].description", "skills[].tags", "skills[].examples", "skills[].inputModes", "skills[].outputModes",
	"skills[].securityRequirements[].schemes.*.list", "skills[].security[].*",
	"signatures[].protected", "signatures[].signature", "signatures[].header.**",
	"protocolVersion", "url", "preferredTransport", "additionalInterfaces[].url", "additionalInterfaces[].transport",
	"supportsAuthenticatedExtendedCard",
}

type a2aCard struct {
	Name                string         `json:"name"`
	Description         string         `json:"description"`
	Version             string         `json:"version"`
	ProtocolVersion     string         `json:"protocolVersion"` // v0.3
	URL                 string         `json:"url"`             // v0.3
	PreferredTransport  string         `json:"preferredTransport"`
	SupportedInterfaces []a2aInterface `json:"supportedInterfaces"`
	// AdditionalInterfaces is the v0.3 form of SupportedInterfaces.
	AdditionalInterfaces []a2aInterface `json:"additionalInterfaces"`
	DocumentationURL     string         `json:"documentationUrl"`
	Provider             *struct {
		Organization string `json:"organization"`
		URL          string `json:"url"`
	} `json:"provider"`
	Capabilities *struct {
		Streaming         bool `json:"streaming"`
		PushNotifications bool `json:"pushNotifications"`
		ExtendedAgentCard bool `json:"extendedAgentCard"`
		Extensions        []struct {
			URI      string `json:"uri"`
			Required bool   `json:"required"`
		} `json:"extensions"`
	} `json:"capabilities"`
	SupportsAuthenticatedExtendedCard bool                      `json:"supportsAuthenticatedExtendedCard"`
	SecuritySchemes                   map[string]map[string]any `json:"securitySchemes"`
	SecurityRequirements              []a2aRequirement          `json:"securityRequirements"`
	Security                          []map[string][]string     `json:"security"` // v0.3
	Skills                            []a2aSkill                `json:"skills"`
	Signatures                        []struct {
		Protected string `json:"protected"`
	} `json:"signatures"`
}

type a2aInterface struct {
	URL             string `json:"url"`
	ProtocolBinding string `json:"protocolBinding"`
	Transport       string `json:"transport"`
	ProtocolVersion string `json:"protocolVersion"`
}

type a2aRequirement struct {
	Schemes map[string]struct {
		List []string `json:"list"`
	} `json:"schemes"`
}

type a2aSkill struct {
	ID                   string                `json:"id"`
	Name                 string                `json:"name"`
	Description          string                `json:"description"`
	Tags                 []string              `json:"tags"`
	SecurityRequirements []a2aRequirement      `json:"securityRequirements"`
	Security             []map[string][]string `json:"security"`
}

// importA2A reads one agent card, v1.0 (supportedInterfaces) or v0.3 (url,
// protocolVersion). Skills are what the agent offers its callers: they are
// recorded as offers, not grants, because the agent's logs never show it
// calling them. The card's version is the agent's; the protocol version is
// the card format's. Security schemes are described by kind and public
// metadata only.
func importA2A(f File) ([]*Agent, error) {
	var c a2aCard
	if err := decodeJSON(f, a2aWant, &c); err != nil {
		return nil, err
	}
	if strings.TrimSpace(c.Name) == "" || c.Skills == nil && c.URL == "" && c.SupportedInterfaces == nil {
		return nil, errAt(f.Name, 0, 0, "not an A2A agent card: no name, or none of skills, url and supportedInterfaces")
	}
	versions := []string{c.ProtocolVersion}
	for _, in := range c.SupportedInterfaces {
		versions = append(versions, in.ProtocolVersion)
	}
	var protocols []string
	for _, v := range versions {
		v = oneLine(v)
		if v == "" {
			continue
		}
		if !strings.HasPrefix(v, "0.2") && !strings.HasPrefix(v, "0.3") && v != "1" && !strings.HasPrefix(v, "1.") {
			return nil, errAt(f.Name, 0, 0, "A2A protocolVersion %q is not supported (want 0.3 or 1.x)", v)
		}
		if !slices.Contains(protocols, v) {
			protocols = append(protocols, v)
		}
	}

	a := newAgent(base(f.Name))
	for _, u := range jsonUnknownFields(f, a2aFields) {
		a.unknown(u)
	}
	a.Agent.ID = c.Name
	a.Agent.Name = oneLine(c.Name)
	a.Agent.Purpose = oneLine(c.Description)
	a.Agent.Version = oneLine(c.Version)
	a.identity(c.Name)
	switch {
	case len(protocols) > 0:
		a.note("A2A protocol %s; the card's version %s is the agent's", strings.Join(protocols, ", "), orNone(oneLine(c.Version)))
	case c.SupportedInterfaces != nil:
		a.note("A2A 1.0 card (supportedInterfaces) naming no protocolVersion")
	}
	urls := []string{c.URL}
	var bindings []string
	if c.URL != "" {
		bindings = append(bindings, fmt.Sprintf("%s %s", orNone(oneLine(c.PreferredTransport)), oneLine(c.URL)))
	}
	for _, in := range append(c.SupportedInterfaces, c.AdditionalInterfaces...) {
		urls = append(urls, in.URL)
		b := in.ProtocolBinding
		if b == "" {
			b = in.Transport
		}
		bindings = append(bindings, fmt.Sprintf("%s %s", orNone(oneLine(b)), oneLine(in.URL)))
	}
	for _, u := range urls {
		if u = oneLine(u); u != "" && !strings.ContainsAny(u, "*?[") {
			a.identity(u)
		}
	}
	if len(bindings) > 0 {
		a.note("interfaces: %s", strings.Join(uniqSorted(bindings), "; "))
	}
	if c.Provider != nil && oneLine(c.Provider.Organization) != "" {
		a.Agent.Owner = fmt.Sprintf("TODO: who owns this agent (the card names provider %s)", oneLine(c.Provider.Organization))
	}
	a.note("an agent card does not name the model: set model.provider and model.name")

	for i, s := range c.Skills {
		name := s.ID
		if Slug(name) == "" {
			name = s.Name
		}
		if name = oneLine(name); name == "" {
			return nil, errAt(f.Name, 0, 0, "skills[%d]: neither id nor name (%s)", i, a2aWant)
		}
		offer := "A2A skill " + name
		if n := oneLine(s.Name); n != "" && n != name {
			offer += fmt.Sprintf(" (%q)", n)
		}
		if d := strings.TrimSuffix(oneLine(s.Description), "."); d != "" {
			offer += ": " + d
		}
		if len(s.Tags) > 0 {
			offer += "; tags " + oneLine(strings.Join(s.Tags, ", "))
		}
		if r := a2aScopes(s.SecurityRequirements, s.Security); len(r) > 0 {
			offer += "; callers need " + strings.Join(r, "; ")
		}
		a.offer(offer)
	}
	if len(c.Skills) == 0 {
		a.note("the card declares no skills")
	}
	a.note("skills are what the agent offers its callers (listed under Offers), not the tools it uses: add the tools it calls as grants")

	names := make([]string, 0, len(c.SecuritySchemes))
	for name := range c.SecuritySchemes {
		names = append(names, name)
	}
	sort.Strings(names)
	var schemes []string
	for _, name := range names {
		schemes = append(schemes, oneLine(name)+" ("+a2aScheme(c.SecuritySchemes[name])+")")
	}
	if len(schemes) > 0 {
		a.note("callers authenticate with security scheme %s (described, no credential copied)", strings.Join(schemes, ", "))
	}
	if scopes := a2aScopes(c.SecurityRequirements, c.Security); len(scopes) > 0 {
		a.note("callers need %s", strings.Join(scopes, "; "))
	} else if len(schemes) == 0 {
		a.note("the card declares no security scheme: any caller may use the agent")
	}
	if c.Capabilities != nil && c.Capabilities.ExtendedAgentCard || c.SupportsAuthenticatedExtendedCard {
		a.note("authenticated callers get an extended card, which may list more skills")
	}
	if c.Capabilities != nil {
		for _, e := range c.Capabilities.Extensions {
			if u := oneLine(e.URI); u != "" {
				req := ""
				if e.Required {
					req = " (required of callers)"
				}
				a.note("extension %s%s", u, req)
			}
		}
	}
	if n := len(c.Signatures); n > 0 {
		a.note("the card is signed (%d JWS signature(s)); aims does not verify them and copies none", n)
	}
	return []*Agent{a}, nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// a2aScheme describes one security scheme by its kind and public metadata:
// v0.3 writes {type: apiKey, in, name ...}, v1.0 wraps each scheme in a key
// naming its kind ({apiKeySecurityScheme: {location, name}}). A scheme
// holds no secrets by the spec, but its strings are redacted like every
// other imported text.
func a2aScheme(s map[string]any) string {
	str := func(m map[string]any, k string) string { v, _ := m[k].(string); return oneLine(v) }
	body, kind := s, str(s, "type")
	if kind == "" {
		keys := make([]string, 0, len(s))
		for k := range s {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) == 0 {
			return "no kind"
		}
		kind = keys[0]
		body, _ = s[kind].(map[string]any)
	}
	var parts []string
	switch kind {
	case "apiKey", "apiKeySecurityScheme":
		loc := str(body, "location")
		if loc == "" {
			loc = str(body, "in")
		}
		parts = append(parts, "API key", "in "+orNone(loc)+" "+str(body, "name"))
	case "http", "httpAuthSecurityScheme":
		parts = append(parts, "HTTP "+str(body, "scheme"))
	case "oauth2", "oauth2SecurityScheme":
		parts = append(parts, "OAuth 2.0")
		if flows, ok := body["flows"].(map[string]any); ok {
			fk := make([]string, 0, len(flows))
			for k := range flows {
				fk = append(fk, k)
			}
			sort.Strings(fk)
			parts = append(parts, "flows "+strings.Join(fk, ", "))
		}
	case "openIdConnect", "openIdConnectSecurityScheme":
		parts = append(parts, "OpenID Connect", str(body, "openIdConnectUrl"))
	case "mutualTLS", "mtlsSecurityScheme":
		parts = append(parts, "mutual TLS")
	default:
		parts = append(parts, kind)
	}
	return oneLine(strings.Join(parts, " "))
}

func noScopes(s string) string {
	if s == "" {
		return "(no scopes)"
	}
	return s
}

func a2aScopes(reqs []a2aRequirement, security []map[string][]string) []string {
	var out []string
	for _, r := range reqs {
		for name, l := range r.Schemes {
			out = append(out, fmt.Sprintf("%s: %s", oneLine(name), noScopes(oneLine(strings.Join(l.List, " ")))))
		}
	}
	for _, r := range security {
		for name, l := range r {
			out = append(out, fmt.Sprintf("%s: %s", oneLine(name), noScopes(oneLine(strings.Join(l, " ")))))
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}
