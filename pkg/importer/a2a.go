package importer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

const a2aWant = "an A2A agent card (JSON with name, skills and supportedInterfaces or url)"

type a2aCard struct {
	Name                string         `json:"name"`
	Description         string         `json:"description"`
	Version             string         `json:"version"`
	ProtocolVersion     string         `json:"protocolVersion"` // v0.3
	URL                 string         `json:"url"`             // v0.3
	SupportedInterfaces []a2aInterface `json:"supportedInterfaces"`
	// AdditionalInterfaces is the v0.3 form of SupportedInterfaces.
	AdditionalInterfaces []a2aInterface `json:"additionalInterfaces"`
	Provider             *struct {
		Organization string `json:"organization"`
		URL          string `json:"url"`
	} `json:"provider"`
	Capabilities *struct {
		ExtendedAgentCard bool `json:"extendedAgentCard"`
	} `json:"capabilities"`
	SupportsAuthenticatedExtendedCard bool                      `json:"supportsAuthenticatedExtendedCard"`
	SecuritySchemes                   map[string]map[string]any `json:"securitySchemes"`
	SecurityRequirements              []a2aRequirement          `json:"securityRequirements"`
	Security                          []map[string][]string     `json:"security"` // v0.3
	Skills                            []a2aSkill                `json:"skills"`
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
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
}

// importA2A reads one agent card, v1.0 (supportedInterfaces) or v0.3 (url,
// protocolVersion). Skills, the capabilities the agent declares to its
// callers, become grants.
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
	for _, v := range versions {
		v = strings.TrimSpace(v)
		if v != "" && !strings.HasPrefix(v, "0.2") && !strings.HasPrefix(v, "0.3") && v != "1" && !strings.HasPrefix(v, "1.") {
			return nil, errAt(f.Name, 0, 0, "A2A protocolVersion %q is not supported (want 0.3 or 1.x)", v)
		}
	}

	a := newAgent(base(f.Name))
	a.Agent.ID = c.Name
	a.Agent.Name = oneLine(c.Name)
	a.Agent.Purpose = oneLine(c.Description)
	a.Agent.Version = oneLine(c.Version)
	a.identity(c.Name)
	urls := []string{c.URL}
	for _, in := range append(c.SupportedInterfaces, c.AdditionalInterfaces...) {
		urls = append(urls, in.URL)
	}
	for _, u := range urls {
		if u = oneLine(u); u != "" && !strings.ContainsAny(u, "*?[") {
			a.identity(u)
		}
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
		comment := "A2A skill"
		if n := oneLine(s.Name); n != "" && n != name {
			comment += " " + fmt.Sprintf("%q", n)
		}
		if len(s.Tags) > 0 {
			comment += ", tags " + strings.Join(s.Tags, ", ")
		}
		a.addGrant(model.Grant{Name: name}, comment)
	}
	if len(c.Skills) == 0 {
		a.note("the card declares no skills")
	}
	a.note("skills are what the agent offers its callers, not the tools it uses: add the tools it calls")

	schemes := make([]string, 0, len(c.SecuritySchemes))
	for name, s := range c.SecuritySchemes {
		// v0.3 schemes say {type: apiKey ...}; v1.0 wraps each in a key
		// naming its kind ({openIdConnectSecurityScheme: {...}}).
		kinds := make([]string, 0, len(s))
		if t, ok := s["type"].(string); ok {
			kinds = append(kinds, t)
		} else {
			for k := range s {
				kinds = append(kinds, k)
			}
			sort.Strings(kinds)
		}
		schemes = append(schemes, fmt.Sprintf("%s (%s)", oneLine(name), oneLine(strings.Join(kinds, ", "))))
	}
	sort.Strings(schemes)
	if len(schemes) > 0 {
		a.note("callers authenticate with security scheme %s", strings.Join(schemes, ", "))
	}
	var scopes []string
	for _, r := range c.SecurityRequirements {
		for name, l := range r.Schemes {
			if len(l.List) > 0 {
				scopes = append(scopes, fmt.Sprintf("%s: %s", oneLine(name), oneLine(strings.Join(l.List, " "))))
			}
		}
	}
	for _, r := range c.Security {
		for name, l := range r {
			if len(l) > 0 {
				scopes = append(scopes, fmt.Sprintf("%s: %s", oneLine(name), oneLine(strings.Join(l, " "))))
			}
		}
	}
	sort.Strings(scopes)
	if len(scopes) > 0 {
		a.note("callers need %s", strings.Join(scopes, "; "))
	} else if len(schemes) == 0 {
		a.note("the card declares no security scheme: any caller may use the agent")
	}
	if c.Capabilities != nil && c.Capabilities.ExtendedAgentCard || c.SupportsAuthenticatedExtendedCard {
		a.note("authenticated callers get an extended card, which may list more skills")
	}
	return []*Agent{a}, nil
}
