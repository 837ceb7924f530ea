package auditlog

import (
	"time"

	"github.com/aims-cli/aims/pkg/model"
)

// maxIDs is how many identity candidates one event may carry (invoked agent,
// caller role, assumed-role session ...); the first that resolves wins.
const maxIDs = 8

// event is the normalised event while it is being read. Its byte slices point
// into the reader's buffers and are valid only until the next record, which is
// what keeps parsing free of allocations; aggregation copies what it keeps.
type event struct {
	t     time.Time
	ids   [maxIDs][]byte
	nids  int
	actor []byte
	// actorKind is what the source says the actor is (OCSF actor.user.type:
	// "System", "Admin"; CloudTrail userIdentity.type: "AssumedRole"), so a
	// change made by a system account reads as one.
	actorKind []byte
	action    []byte
	tool      []byte
	op        []byte
	resource  []byte
	model     []byte
	outcome   []byte
	requestID []byte
	cats      [][]byte
	hasInput  bool
	hasOutput bool
	// ioCapable says the format can carry inputs/outputs at all (CloudTrail and
	// OCSF cannot), so that missing ones are only reported where they could be.
	ioCapable bool
	// callID is the tool call's own ID (gen_ai.tool.call.id, ai.toolCall.id,
	// Claude Code tool_use_id ...): reviews and content logged by another
	// source for the same call are matched by it before request_id.
	callID []byte
	// contentKey names the call for content its source logs in separate
	// records (an OTLP span's ID: GenAI content events exported as log
	// records carry it); content is matched by it, nothing else is.
	contentKey []byte
	// activity is the source's own verb kept beside op (OCSF activity_name
	// when api.operation named the operation).
	activity []byte
	// fields says which producer's content fields the record has
	// (fieldsOpenInference ...), for the field a missing-content finding
	// names; 0 is the format's own (contentField).
	fields uint8
	// builtins marks a Google ADK model call and the model built-in tools
	// (google_search ...) its response shows in use (otlp_adk.go).
	builtins uint8
	// requested names the tools a model call asked to run (OTLP
	// gen_ai.output.messages tool_call parts): no calls, but a grant they
	// name is in use where the trace has no span of the call (CrewAI's
	// crewai_tools under OpenLLMetry).
	requested []string
	// delegFrom names (NUL-separated identities) the agent whose span
	// encloses this agent invocation: it ran it (otlp_adk.go).
	delegFrom []byte

	file int32
	line int64
}

func (e *event) reset() {
	cats := e.cats[:0]
	*e = event{}
	e.cats = cats
}

func (e *event) addID(b []byte) {
	if len(b) == 0 || e.nids == maxIDs {
		return
	}
	for i := 0; i < e.nids; i++ {
		if string(e.ids[i]) == string(b) {
			return
		}
	}
	e.ids[e.nids] = b
	e.nids++
}

// fromModel fills e from a native model.Event (tests and the CSV reader use it).
func (e *event) fromModel(m *model.Event) {
	e.t = m.Time
	e.addID([]byte(m.Agent))
	e.actor = []byte(m.Actor)
	e.action = []byte(m.Action)
	e.tool = []byte(m.Tool)
	e.op = []byte(m.Operation)
	e.resource = []byte(m.Resource)
	e.model = []byte(m.Model)
	e.outcome = []byte(m.Outcome)
	e.requestID = []byte(m.RequestID)
	for _, c := range m.DataCategories {
		e.cats = append(e.cats, []byte(c))
	}
	e.hasInput = m.Input != ""
	e.hasOutput = m.Output != ""
	e.ioCapable = true
}

// pos is a record position: file index (in the sorted file list) and line.
type pos struct {
	file int32
	line int64
}

func (p pos) less(q pos) bool {
	if p.file != q.file {
		return p.file < q.file
	}
	return p.line < q.line
}

func (p pos) isZero() bool { return p.line == 0 }

// minPos keeps the smaller of two positions; the zero pos means "none".
func minPos(a, b pos) pos {
	if a.isZero() {
		return b
	}
	if b.isZero() {
		return a
	}
	if b.less(a) {
		return b
	}
	return a
}
