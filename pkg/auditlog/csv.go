package auditlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/aims-cli/aims/pkg/model"
)

// csvFields are the native event fields a CSV column can hold.
var csvFields = [...]string{"time", "agent", "actor", "action", "tool", "operation", "resource", "model", "data_categories", "outcome", "request_id", "tool_call_id", "input", "output", "status_id", "status_code", "error", "activity"}

// csvAliases are the OCSF-flattened (and a few common) column names each
// field is found under when no mapping names its column.
var csvAliases = map[string][]string{
	"time":   {"time", "timestamp", "time_dt", "eventtime", "@timestamp"},
	"agent":  {"agent", "ai_agent.uid", "ai_agent.name", "actor.app_name", "agent_id", "agent_name", "actor.app_uid", "actor.session.issuer", "actor.user.uid", "actor.user.name"},
	"actor":  {"actor", "actor.user.name", "actor.user.uid", "user", "reviewer"},
	"action": {"action"},
	// OCSF API Activity flattened: the service called is the tool, its
	// activity (Create/Read/Update/Delete) the operation only when
	// api.operation is absent, as the OCSF reader reads them.
	"activity":        {"activity_name"},
	"tool":            {"tool", "tool_name", "api.service.name"},
	"operation":       {"operation", "api.operation"},
	"resource":        {"resource", "resources.uid", "resources[0].uid", "resource.uid"},
	"model":           {"model", "ai_model.name"},
	"data_categories": {"data_categories", "categories"},
	"outcome":         {"outcome", "status", "result"},
	"status_id":       {"status_id"},
	"status_code":     {"status_code", "http_status", "http.response.status_code", "api.response.code", "response_code", "statuscode"},
	"error":           {"error", "error_code", "errorcode", "api.response.error", "api.response.error_message", "status_detail", "error_message"},
	"request_id":      {"request_id", "api.request.uid", "requestid"},
	"tool_call_id":    {"tool_call_id", "tool_use_id"},
	"input":           {"input"},
	"output":          {"output"},
}

// The csvFields, by index.
const (
	csvTime = iota
	csvAgent
	csvActor
	csvAction
	csvTool
	csvOperation
	csvResource
	csvModel
	csvCategories
	csvOutcome
	csvRequestID
	csvToolCallID
	csvInput
	csvOutput
	csvStatusID
	csvStatusCode
	csvErrorText
	csvActivity
)

// csvLayout is what a CSV file's header says: which column holds each field.
type csvLayout struct {
	columns int
	max     int64               // max_record_bytes
	col     [len(csvFields)]int // -1: no such column
	// idCols are the other OCSF identity columns, which name the agent too.
	idCols    []int
	ioCapable bool
}

// csvWork is one reader's reusable scratch space.
type csvWork struct {
	ev     event
	fields [][]byte
	sc     []byte
}

// readCSV reads a CSV log with a header row, one record after the other.
// mapping (native field → column name) overrides the default column names.
// Records are cut by csvSplitter, which never holds more than maxRecord
// bytes of one record, so a huge line or a gzip bomb costs bounded memory; a
// bad record (stray quote, wrong column count, over the limit) is one counted
// skip, and reading goes on. An analysis reads CSV in parallel (csvpipe.go)
// with the same result.
func readCSV(r io.Reader, file int32, mapping map[string]string, maxRecord int64, emit func(*event), bad func(file int32, line int64, col int, reason string)) error {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	sp := &csvSplitter{r: br, max: maxRecord}
	lay, err := readCSVHeader(sp, mapping)
	if err != nil || lay == nil {
		return err
	}
	var w csvWork
	for {
		more, err := lay.next(sp, &w, file, emit, bad)
		if err != nil || !more {
			return err
		}
	}
}

// readCSVHeader reads the header row and maps its columns to fields; nil
// when the stream holds no record at all.
func readCSVHeader(sp *csvSplitter, mapping map[string]string) (*csvLayout, error) {
	var header []string
	for header == nil {
		rec, err := sp.next()
		if err != nil {
			return nil, fmt.Errorf("cannot read the CSV header: %v", err)
		}
		if rec == nil {
			return nil, nil
		}
		if rec.stray || rec.errAt >= 0 {
			l, c := rec.pos(rec.opener())
			if rec.errAt >= 0 {
				l, c = rec.pos(rec.errAt)
			}
			return nil, fmt.Errorf("line %d:%d: cannot read the CSV header: broken quoting", l, c)
		}
		if rec.oversize {
			return nil, fmt.Errorf("line %d: the CSV header exceeds max_record_bytes (%d)", rec.line, sp.max)
		}
		if rec.empty() {
			continue
		}
		var sc []byte
		fields, perr := parseCSVRecord(rec.text(), nil, &sc)
		if perr != nil {
			l, c := rec.pos(perr.at)
			return nil, fmt.Errorf("line %d:%d: cannot read the CSV header: %s", l, c, perr.reason)
		}
		header = make([]string, len(fields))
		for i, f := range fields {
			header[i] = string(f)
		}
	}
	lay := &csvLayout{columns: len(header), max: sp.max}
	lower := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		lower[strings.ToLower(h)] = i
	}
	for f, name := range csvFields {
		lay.col[f] = -1
		if m, ok := mapping[name]; ok {
			i, found := lower[strings.ToLower(m)]
			if !found {
				return nil, fmt.Errorf("the mapping names column %q for %s, which the header does not have", m, name)
			}
			lay.col[f] = i
			continue
		}
		for _, alias := range csvAliases[name] {
			if i, ok := lower[alias]; ok {
				lay.col[f] = i
				break
			}
		}
	}
	if lay.col[csvTime] < 0 {
		return nil, errors.New("no time column (name it time, or map it)")
	}
	if lay.col[csvAgent] < 0 {
		return nil, errors.New("no agent column (name it agent, actor.app_name or actor.user.uid, or map it)")
	}
	// Every OCSF identity column present names the agent too (the OCSF
	// reader matches any of them), not only the first.
	if _, mapped := mapping["agent"]; !mapped {
		for _, alias := range csvAliases["agent"][1:] {
			if i, ok := lower[alias]; ok && i != lay.col[csvAgent] {
				lay.idCols = append(lay.idCols, i)
			}
		}
	}
	lay.ioCapable = lay.col[csvInput] >= 0 || lay.col[csvOutput] >= 0
	return lay, nil
}

// next reads one record with sp and makes it an event or a counted skip;
// false at the end of the stream.
func (l *csvLayout) next(sp *csvSplitter, w *csvWork, file int32, emit func(*event), bad func(int32, int64, int, string)) (bool, error) {
	cr, err := sp.next()
	if err != nil {
		return false, fmt.Errorf("read error after line %d: %v", sp.line, err)
	}
	if cr == nil {
		return false, nil
	}
	if cr.stray {
		strayQuote(cr, fmt.Sprintf("the quoted field it opens does not close cleanly within %d lines", cr.lines), bad, file)
		sp.resync(cr)
		return true, nil
	}
	if l.record(cr, true, w, file, emit, bad) {
		sp.resync(cr)
	}
	return true, nil
}

// csvUnscanned is the errAt of a one-line record whose quoting the splitter
// did not check (the parallel reader): parsing checks it first.
const csvUnscanned = -2

// record makes one record cut by the splitter (not stray) an event or a
// counted skip; checkUTF8 false means the caller knows the bytes are valid.
// True means a quoted field that ran past its first line broke: the quote
// was stray, and the caller reads the lines after the first one again.
func (l *csvLayout) record(cr *csvRecord, checkUTF8 bool, w *csvWork, file int32, emit func(*event), bad func(int32, int64, int, string)) (resync bool) {
	if cr.oversize {
		bad(file, cr.line, 0, fmt.Sprintf("record exceeds max_record_bytes (%d)", l.max))
		return false
	}
	if cr.empty() {
		return false
	}
	line := cr.line
	if checkUTF8 && !utf8.Valid(cr.raw) {
		bad(file, line, 0, "invalid UTF-8")
		return false
	}
	if cr.errAt >= 0 {
		l2, c := cr.pos(cr.errAt)
		bad(file, l2, c, cr.errReason)
		return false
	}
	var perr *csvError
	w.fields, perr = parseCSVRecord(cr.text(), w.fields[:0], &w.sc)
	if perr == nil && len(w.fields) != l.columns {
		perr = &csvError{at: -1, reason: fmt.Sprintf("wrong number of columns: %d, the header has %d", len(w.fields), l.columns)}
	}
	if perr != nil {
		if cr.errAt == csvUnscanned {
			// A record that parses has no quoting error, so only a record
			// that does not is scanned the splitter's way.
			cr.errAt, cr.errReason = csvLineError(cr.raw)
			if cr.errAt >= 0 {
				l2, c := cr.pos(cr.errAt)
				bad(file, l2, c, cr.errReason)
				return false
			}
		}
		if cr.lines > 1 {
			// A quoted field ran past its line and the record it made is
			// broken: the quote was stray.
			sub := perr.reason
			if perr.at >= 0 {
				pl, pc := cr.pos(perr.at)
				sub = fmt.Sprintf("%s at %d:%d", sub, pl, pc)
			}
			strayQuote(cr, fmt.Sprintf("the record it makes spans %d lines and %s", cr.lines, sub), bad, file)
			return true
		}
		l2, c := line, 0
		if perr.at >= 0 {
			l2, c = cr.pos(perr.at)
		}
		bad(file, l2, c, perr.reason)
		return false
	}
	l.event(w.fields, w, file, line, emit, bad)
	return false
}

var (
	csvToolCall  = []byte(model.ActionToolCall)
	csvModelCall = []byte(model.ActionModelCall)
	csvSuccess   = []byte(model.OutcomeSuccess)
	csvFailed    = []byte(model.OutcomeError)
	csvDenied    = []byte(model.OutcomeDenied)
	csvMCPCall   = []byte("tools/call:")
)

func (l *csvLayout) get(rec [][]byte, f int) []byte {
	if i := l.col[f]; i >= 0 && i < len(rec) {
		return rec[i]
	}
	return nil
}

// event makes the fields of one record an event, or a counted skip.
func (l *csvLayout) event(rec [][]byte, w *csvWork, file int32, line int64, emit func(*event), bad func(int32, int64, int, string)) {
	ev := &w.ev
	ev.reset()
	ev.file, ev.line = file, line
	t, terr := parseTime(bytes.TrimSpace(l.get(rec, csvTime)))
	if terr != nil {
		bad(file, line, 0, terr.Error())
		return
	}
	agent := l.get(rec, csvAgent)
	if len(agent) == 0 {
		bad(file, line, 0, errNoAgent.Error())
		return
	}
	action, tool, op := l.get(rec, csvAction), l.get(rec, csvTool), l.get(rec, csvOperation)
	mdl := l.get(rec, csvModel)
	outcome := w.lower(l.get(rec, csvOutcome))
	// Data categories separated by ';', '|' or ',', trimmed, empty ones dropped.
	for b := l.get(rec, csvCategories); len(b) > 0; {
		var c []byte
		if i := bytes.IndexAny(b, ";|,"); i < 0 {
			c, b = b, nil
		} else {
			c, b = b[:i], b[i+1:]
		}
		if c = bytes.TrimSpace(c); len(c) > 0 {
			ev.cats = append(ev.cats, c)
		}
	}
	// OCSF-flattened rows: the MCP tool inside api.operation, status as text or id.
	if len(tool) == 0 {
		if rest, ok := bytes.CutPrefix(op, csvMCPCall); ok {
			tool, op = rest, nil
		}
	} else if rest, ok := bytes.CutPrefix(op, csvMCPCall); ok {
		tool, op = qualify(tool, rest), nil
	}
	if len(op) == 0 {
		op = w.lower(l.get(rec, csvActivity))
	}
	if len(action) == 0 && len(mdl) == 0 && bedrockModelCall(tool, op) {
		action, tool = csvModelCall, nil
	}
	switch string(outcome) {
	case "failure", "failed", "fail":
		outcome = csvFailed
	case "ok":
		outcome = csvSuccess
	}
	if len(outcome) == 0 {
		switch string(l.get(rec, csvStatusID)) {
		case "1":
			outcome = csvSuccess
		case "2":
			outcome = csvFailed
		}
	}
	// An HTTP status or error text classifies the call as the other
	// readers do (statusOutcome): a 401/403 or an authorisation error is
	// denied, whatever the outcome column says of the failure.
	failed := string(outcome) == model.OutcomeError
	if code, text := l.get(rec, csvStatusCode), l.get(rec, csvErrorText); string(outcome) != model.OutcomeDenied && (len(code) > 0 || len(text) > 0 && failed) {
		if o := statusOutcome(failed, codeNumber(code), 0, text); o != model.OutcomeSuccess || len(outcome) == 0 {
			outcome = outcomeBytes(o)
		}
	}
	if len(action) == 0 && len(tool) > 0 {
		action = csvToolCall
	}
	ev.t = t
	ev.addID(agent)
	ev.actor, ev.action, ev.tool, ev.op = l.get(rec, csvActor), action, tool, op
	ev.resource, ev.model, ev.outcome = l.get(rec, csvResource), mdl, outcome
	ev.requestID = l.get(rec, csvRequestID)
	ev.hasInput = len(l.get(rec, csvInput)) > 0
	ev.hasOutput = len(l.get(rec, csvOutput)) > 0
	for _, i := range l.idCols {
		if i < len(rec) {
			ev.addID(rec[i])
		}
	}
	ev.callID = l.get(rec, csvToolCallID) // matched before request_id (review.go)
	ev.ioCapable = l.ioCapable
	emit(ev)
}

// outcomeBytes is an outcome as the event holds it, without allocating for
// the usual ones.
func outcomeBytes(o string) []byte {
	switch o {
	case model.OutcomeSuccess:
		return csvSuccess
	case model.OutcomeError:
		return csvFailed
	case model.OutcomeDenied:
		return csvDenied
	}
	return []byte(o)
}

// lower is strings.ToLower of b; ASCII text is lowered into the scratch
// space, which holds it until the next record.
func (w *csvWork) lower(b []byte) []byte {
	upper := false
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return bytes.ToLower(b)
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return b
	}
	from := len(w.sc)
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		w.sc = append(w.sc, c)
	}
	return w.sc[from:]
}

// strayQuote counts the first line of a stray record as skipped, located at
// the quote that opened the runaway field; the caller reads the lines after
// it again.
func strayQuote(cr *csvRecord, why string, bad func(int32, int64, int, string), file int32) {
	l, c := cr.pos(cr.opener())
	bad(file, l, c, "stray quote: "+why+"; only this line is skipped")
}
