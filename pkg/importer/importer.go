// Package importer converts agent definitions of other tools (CrewAI, kagent,
// MCP client configs, Google ADK, Microsoft 365 declarative agents, A2A agent
// cards) into aims Agent configs. Every field the source has is mapped; the
// governance fields no source carries (owner, system, scope, lifecycle ...)
// are written as "TODO: ..." markers that `aims validate` reports, or, for
// fields that cannot hold a string (booleans, numbers, dates), listed in a
// comment block at the top of the file.
package importer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// Format names, in the order help lists them.
const (
	FormatCrewAI = "crewai"
	FormatKagent = "kagent"
	FormatMCP    = "mcp"
	FormatADK    = "adk"
	FormatM365   = "m365"
	FormatA2A    = "a2a"
)

// Formats lists every format Import reads.
var Formats = []string{FormatCrewAI, FormatKagent, FormatMCP, FormatADK, FormatM365, FormatA2A}

// MaxFileBytes bounds one input file; larger files are refused, not parsed.
const MaxFileBytes = 8 << 20

// maxSubAgents bounds how many ADK sub-agent files one import follows, so a
// config_path cycle or a huge tree cannot run away.
const maxSubAgents = 256

// File is one input file as given on the command line.
type File struct {
	// Name is the path as given; errors name it, and files next to it
	// (ADK sub-agents, M365 plugin manifests) are resolved against it.
	Name string
	Data []byte
}

// Options tune an import.
type Options struct {
	// System is the inventory system id every imported agent belongs to;
	// empty leaves a TODO marker.
	System string
	// ReadFile reads files an input refers to (ADK sub-agent configs, M365
	// plugin manifests). Nil means os.ReadFile. A missing file is a note,
	// not an error.
	ReadFile func(name string) ([]byte, error)
}

// Agent is one imported agent: the aims config and what the importer knows
// about it that the config cannot say.
type Agent struct {
	Agent model.Agent
	// Sources are the base names of the files the agent was read from.
	Sources []string
	// Notes are facts of the source that have no aims field, or choices the
	// importer made (credentials not copied, a sub-agent file not found ...).
	Notes []string
	// Comments annotate single grants, keyed by grant name (the MCP server
	// behind a tool, the transport of a server ...). They are written as
	// YAML line comments.
	Comments map[string]string
	// Later lists the fields left out of the file because they cannot hold
	// a TODO marker (booleans, numbers, dates, lists); the file's header
	// and the summary name them.
	Later []string
	// Offers are what the agent provides to its callers (A2A skills): not
	// grants, because a skill is no tool the agent calls, and a grant of it
	// would match nothing in the agent's own logs.
	Offers []string
	// OutputReview names the results a person reviews before they are
	// accepted (CrewAI human_input: the task's final answer). aims' oversight
	// list is of tool calls approved before they run, so these are not in it,
	// and the risk tier does not count them as tool-call oversight.
	OutputReview []string
	// Unknown are the source fields this importer does not read, as
	// "file:line:col: path" where the position is known: warned and
	// counted, so nothing that may carry tools or permissions is dropped
	// without a word.
	Unknown []string

	// crewUnresolved are CrewAI tools granted by the name the config gives,
	// which need not be the name CrewAI logs; one note names them.
	crewUnresolved []string
	// crewRole is a CrewAI role with {placeholders}, filled at kickoff.
	crewRole string
}

// Error is a problem with an input file, at a position when one is known.
type Error struct {
	Pos model.Pos
	Msg string
	Err error
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.Err != nil {
		if msg == "" {
			msg = e.Err.Error()
		} else {
			msg += ": " + e.Err.Error()
		}
	}
	if p := e.Pos.String(); p != "" {
		return p + ": " + msg
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// ErrUnknownFormat is returned (wrapped) for a format Import does not know.
var ErrUnknownFormat = errors.New("unknown import format")

func errAt(file string, line, col int, format string, args ...any) *Error {
	return &Error{Pos: model.Pos{File: file, Line: line, Col: col}, Msg: fmt.Sprintf(format, args...)}
}

// Import reads files of format and returns the agents they define, with
// unique slug ids, in source order. Every error is an input error and names
// its file (and line:col where known).
func Import(format string, files []File, opts Options) ([]*Agent, error) {
	if opts.ReadFile == nil {
		opts.ReadFile = os.ReadFile
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no input files", format)
	}
	for _, f := range files {
		if len(f.Data) > MaxFileBytes {
			return nil, errAt(f.Name, 0, 0, "file is %d bytes; inputs over %d bytes are refused", len(f.Data), MaxFileBytes)
		}
	}
	var agents []*Agent
	var err error
	switch format {
	case FormatCrewAI:
		agents, err = importCrewAI(files, opts.ReadFile)
	case FormatKagent:
		agents, err = importKagent(files)
	case FormatMCP:
		agents, err = eachFile(files, importMCP)
	case FormatADK:
		agents, err = importADK(files, opts.ReadFile)
	case FormatM365:
		agents, err = importM365Files(files, opts.ReadFile)
	case FormatA2A:
		agents, err = eachFile(files, importA2A)
	default:
		return nil, fmt.Errorf("%w %q (want one of: %s)", ErrUnknownFormat, format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return nil, err
	}
	finish(agents, opts)
	return agents, nil
}

func eachFile(files []File, read func(File) ([]*Agent, error)) ([]*Agent, error) {
	var out []*Agent
	for _, f := range files {
		as, err := read(f)
		if err != nil {
			return nil, err
		}
		out = append(out, as...)
	}
	return out, nil
}

// Governance markers: what no source format carries. The text after
// "TODO:" tells the user what to write.
const (
	todoSystem    = "TODO: id of the inventory system this agent belongs to"
	todoOwner     = "TODO: who owns this agent (a person or team)"
	todoPurpose   = "TODO: what this agent is for"
	todoLifecycle = "TODO: design|development|testing|deployed|retired"
	todoScope     = "TODO: private|team|organization"
	todoAudience  = "TODO: internal|customer-facing"
	todoIsolation = "TODO: container|process|shared"
	todoExport    = "TODO: where the logs are exported (SIEM, bucket ...)"
	todoProvider  = "TODO: vendor id of the model provider in the vendor register"
)

// later is what every imported agent must still add by hand and that cannot
// be a TODO string (see Agent.Later), in the model's field order.
var later = []string{
	"identities (the names logs use for this agent)",
	"model.byok",
	"logging.actions", "logging.inputs", "logging.outputs", "logging.retention_days",
	"oversight.reviewers",
	"risk (optional: the system's risk applies when absent)",
	"testing.last_run", "approval.approved_by", "approval.approved_on",
	"disclosure", "training_on_customer_data",
}

func newAgent(source ...string) *Agent {
	a := &Agent{Sources: source, Comments: map[string]string{}}
	a.Agent.APIVersion = model.APIVersion
	a.Agent.Kind = model.KindAgent
	return a
}

// finish fills the governance markers the importers left empty, makes ids
// unique and sets the system.
func finish(agents []*Agent, opts Options) {
	taken := map[string]bool{}
	for _, ia := range agents {
		// Before the id is made: a redacted id is slugged like any other.
		scrub(ia)
		a := &ia.Agent
		id := Slug(a.ID)
		if id == "" {
			id = Slug(a.Name)
		}
		if id == "" {
			id = "agent"
		}
		base := id
		for n := 2; taken[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		if id != Slug(a.ID) && a.ID != "" {
			ia.Notes = append(ia.Notes, fmt.Sprintf("id %q made unique as %q", a.ID, id))
		}
		taken[id] = true
		a.ID = id
		if opts.System != "" {
			a.System = opts.System
		} else if a.System == "" {
			a.System = todoSystem
		}
		fill := func(p *string, v string) {
			if strings.TrimSpace(*p) == "" {
				*p = v
			}
		}
		fill(&a.Owner, todoOwner)
		fill(&a.Purpose, todoPurpose)
		fill(&a.Lifecycle, todoLifecycle)
		fill(&a.Scope, todoScope)
		fill(&a.Audience, todoAudience)
		fill(&a.Isolation, todoIsolation)
		fill(&a.Logging.Export, todoExport)
		fill(&a.Model.Provider, todoProvider)
		ia.Later = slices.Clone(later)
		if len(a.Identities) > 0 {
			ia.Later[0] = "identities (add the other names logs use for this agent)"
		}
		if len(a.Data) > 0 {
			ia.Later = append(ia.Later, "data[].categories")
		}
		ia.Sources = uniqSorted(ia.Sources)
	}
}

// Slug turns a name into an aims id: lower-case letters, digits and single
// dashes ("Loan Intake Specialist" -> "loan-intake-specialist").
func Slug(s string) string {
	var b strings.Builder
	dash := false
	prevLower := false
	for _, r := range s {
		upper := r >= 'A' && r <= 'Z'
		if upper {
			// camelCase ids ("lendingPolicyAgent") split into words.
			dash = dash || prevLower
			r += 'a' - 'A'
		}
		prevLower = r >= 'a' && r <= 'z' && !upper || r >= '0' && r <= '9'
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > 63 {
		out = strings.TrimRight(out[:63], "-")
	}
	return out
}

// providerTODO keeps the provider a source names as a hint: the aims field is
// a vendor-register id the source cannot know, so it stays a TODO marker.
func providerTODO(provider, why string) string {
	provider = oneLine(provider)
	if provider == "" {
		return todoProvider
	}
	s := fmt.Sprintf("TODO: vendor id of %s in the vendor register", provider)
	if why != "" {
		s += " (" + why + ")"
	}
	return s
}

// oneLine trims s and folds line breaks and control characters into spaces,
// so that source text can go into a comment or a one-line value.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// text trims a block of source text (YAML folded scalars end in a newline).
func text(s string) string { return strings.TrimSpace(s) }

func uniqSorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}

// addGrant appends a grant unless one of that name exists; the comment, if
// any, is kept (several comments of one grant are joined).
func (a *Agent) addGrant(g model.Grant, comment string) {
	if g.Name == "" {
		return
	}
	if !slices.ContainsFunc(a.Agent.Tools, func(x model.Grant) bool { return x.Name == g.Name }) {
		a.Agent.Tools = append(a.Agent.Tools, g)
	}
	a.comment(g.Name, comment)
}

func (a *Agent) comment(grant, c string) {
	c = oneLine(c)
	if c == "" {
		return
	}
	if prev := a.Comments[grant]; prev != "" {
		if strings.Contains(prev, c) {
			return
		}
		c = prev + "; " + c
	}
	a.Comments[grant] = c
}

func (a *Agent) note(format string, args ...any) {
	n := oneLine(fmt.Sprintf(format, args...))
	if !slices.Contains(a.Notes, n) {
		a.Notes = append(a.Notes, n)
	}
}

// offer records one thing the agent provides to its callers.
func (a *Agent) offer(s string) {
	if s = oneLine(s); s != "" && !slices.Contains(a.Offers, s) {
		a.Offers = append(a.Offers, s)
	}
}

// outputReview records a result a person reviews before it is accepted.
func (a *Agent) outputReview(s string) {
	if s = oneLine(s); s != "" && !slices.Contains(a.OutputReview, s) {
		a.OutputReview = append(a.OutputReview, s)
	}
}

// unknown records a source field the importer does not read.
func (a *Agent) unknown(where string) {
	if where = oneLine(where); where != "" && !slices.Contains(a.Unknown, where) {
		a.Unknown = append(a.Unknown, where)
	}
}

func (a *Agent) review(entry string) {
	if entry != "" && !slices.Contains(a.Agent.Oversight.HumanReview, entry) {
		a.Agent.Oversight.HumanReview = append(a.Agent.Oversight.HumanReview, entry)
	}
}

func (a *Agent) identity(id string) {
	id = oneLine(id)
	if id != "" && !slices.Contains(a.Agent.Identities, id) {
		a.Agent.Identities = append(a.Agent.Identities, id)
	}
}

// delegation is the grant of handing work to another agent: the grant's name
// is that agent's aims id and its one operation is "delegate".
func delegation(target string) model.Grant {
	return model.Grant{Name: Slug(target), Operations: []string{"delegate"}}
}

func base(name string) string { return filepath.Base(name) }
