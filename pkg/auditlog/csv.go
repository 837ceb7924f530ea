package auditlog

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/aims-cli/aims/pkg/model"
)

// csvFields are the native event fields a CSV column can hold.
var csvFields = []string{"time", "agent", "actor", "action", "tool", "operation", "resource", "model", "data_categories", "outcome", "request_id", "tool_call_id", "input", "output", "status_id", "status_code", "error", "activity"}

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

// readCSV reads a CSV log with a header row. mapping (native field → column
// name) overrides the default column names. Records are cut by csvSplitter,
// which never holds more than maxRecord bytes of one record, so a huge line
// or a gzip bomb costs bounded memory; a bad record (stray quote, wrong
// column count, over the limit) is one counted skip, and reading goes on.
func readCSV(r io.Reader, file int32, mapping map[string]string, maxRecord int64, emit func(*event), bad func(file int32, line int64, col int, reason string)) error {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	sp := &csvSplitter{r: br, max: maxRecord}
	var header []string
	for header == nil {
		rec, err := sp.next()
		if err != nil {
			return fmt.Errorf("cannot read the CSV header: %v", err)
		}
		if rec == nil {
			return nil
		}
		if rec.stray || rec.errAt >= 0 {
			l, c := rec.pos(rec.opener())
			if rec.errAt >= 0 {
				l, c = rec.pos(rec.errAt)
			}
			return fmt.Errorf("line %d:%d: cannot read the CSV header: broken quoting", l, c)
		}
		if rec.oversize {
			return fmt.Errorf("line %d: the CSV header exceeds max_record_bytes (%d)", rec.line, maxRecord)
		}
		if rec.empty() {
			continue
		}
		fields, perr := parseCSVRecord(rec.text(), nil)
		if perr != nil {
			l, c := rec.pos(perr.at)
			return fmt.Errorf("line %d:%d: cannot read the CSV header: %s", l, c, perr.reason)
		}
		header = append([]string{}, fields...)
	}
	col := map[string]int{}
	lower := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		lower[strings.ToLower(h)] = i
	}
	for _, f := range csvFields {
		if name, ok := mapping[f]; ok {
			i, found := lower[strings.ToLower(name)]
			if !found {
				return fmt.Errorf("the mapping names column %q for %s, which the header does not have", name, f)
			}
			col[f] = i
			continue
		}
		for _, alias := range csvAliases[f] {
			if i, ok := lower[alias]; ok {
				col[f] = i
				break
			}
		}
	}
	if _, ok := col["time"]; !ok {
		return errors.New("no time column (name it time, or map it)")
	}
	if _, ok := col["agent"]; !ok {
		return errors.New("no agent column (name it agent, actor.app_name or actor.user.uid, or map it)")
	}
	// Every OCSF identity column present names the agent too (the OCSF
	// reader matches any of them), not only the first.
	var idCols []int
	if _, mapped := mapping["agent"]; !mapped {
		for _, alias := range csvAliases["agent"][1:] {
			if i, ok := lower[alias]; ok && i != col["agent"] {
				idCols = append(idCols, i)
			}
		}
	}
	get := func(rec []string, f string) string {
		if i, ok := col[f]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var ev event
	var rec []string
	for {
		cr, err := sp.next()
		if err != nil {
			return fmt.Errorf("read error after line %d: %v", sp.line, err)
		}
		if cr == nil {
			return nil
		}
		if cr.stray {
			strayQuote(cr, fmt.Sprintf("the quoted field it opens does not close cleanly within %d lines", cr.lines), bad, file)
			sp.resync(cr)
			continue
		}
		if cr.oversize {
			bad(file, cr.line, 0, fmt.Sprintf("record exceeds max_record_bytes (%d)", maxRecord))
			continue
		}
		if cr.empty() {
			continue
		}
		line := cr.line
		if !utf8.Valid(cr.raw) {
			bad(file, line, 0, "invalid UTF-8")
			continue
		}
		if cr.errAt >= 0 {
			l, c := cr.pos(cr.errAt)
			bad(file, l, c, cr.errReason)
			continue
		}
		var perr *csvError
		rec, perr = parseCSVRecord(cr.text(), rec[:0])
		if perr == nil && len(rec) != len(header) {
			perr = &csvError{at: -1, reason: fmt.Sprintf("wrong number of columns: %d, the header has %d", len(rec), len(header))}
		}
		if perr != nil {
			if cr.lines > 1 {
				// A quoted field ran past its line and the record it made is
				// broken: the quote was stray.
				sub := perr.reason
				if perr.at >= 0 {
					pl, pc := cr.pos(perr.at)
					sub = fmt.Sprintf("%s at %d:%d", sub, pl, pc)
				}
				strayQuote(cr, fmt.Sprintf("the record it makes spans %d lines and %s", cr.lines, sub), bad, file)
				sp.resync(cr)
				continue
			}
			l, c := line, 0
			if perr.at >= 0 {
				l, c = cr.pos(perr.at)
			}
			bad(file, l, c, perr.reason)
			continue
		}
		ev.reset()
		ev.file, ev.line = file, line
		t, terr := parseTime([]byte(strings.TrimSpace(get(rec, "time"))))
		if terr != nil {
			bad(file, line, 0, terr.Error())
			continue
		}
		agent := get(rec, "agent")
		if agent == "" {
			bad(file, line, 0, errNoAgent.Error())
			continue
		}
		m := model.Event{Time: t, Agent: agent, Actor: get(rec, "actor"), Action: get(rec, "action"), Tool: get(rec, "tool"),
			Operation: get(rec, "operation"), Resource: get(rec, "resource"), Model: get(rec, "model"), Outcome: strings.ToLower(get(rec, "outcome")),
			RequestID: get(rec, "request_id"), Input: get(rec, "input"), Output: get(rec, "output")}
		if cats := get(rec, "data_categories"); cats != "" {
			for _, c := range strings.FieldsFunc(cats, func(r rune) bool { return r == ';' || r == '|' || r == ',' }) {
				if c = strings.TrimSpace(c); c != "" {
					m.DataCategories = append(m.DataCategories, c)
				}
			}
		}
		// OCSF-flattened rows: the MCP tool inside api.operation, status as text or id.
		if m.Tool == "" {
			if rest, ok := strings.CutPrefix(m.Operation, "tools/call:"); ok {
				m.Tool, m.Operation = rest, ""
			}
		} else if rest, ok := strings.CutPrefix(m.Operation, "tools/call:"); ok {
			m.Tool, m.Operation = string(qualify([]byte(m.Tool), []byte(rest))), ""
		}
		if m.Operation == "" {
			m.Operation = strings.ToLower(get(rec, "activity"))
		}
		if m.Action == "" && m.Model == "" && bedrockModelCall([]byte(m.Tool), []byte(m.Operation)) {
			m.Action, m.Tool = model.ActionModelCall, ""
		}
		switch m.Outcome {
		case "failure", "failed", "fail":
			m.Outcome = model.OutcomeError
		case "ok":
			m.Outcome = model.OutcomeSuccess
		}
		if m.Outcome == "" {
			switch get(rec, "status_id") {
			case "1":
				m.Outcome = model.OutcomeSuccess
			case "2":
				m.Outcome = model.OutcomeError
			}
		}
		// An HTTP status or error text classifies the call as the other
		// readers do (statusOutcome): a 401/403 or an authorisation error is
		// denied, whatever the outcome column says of the failure.
		if code, text := get(rec, "status_code"), get(rec, "error"); m.Outcome != model.OutcomeDenied && (code != "" || text != "" && m.Outcome == model.OutcomeError) {
			if o := statusOutcome(m.Outcome == model.OutcomeError, codeNumber([]byte(code)), 0, []byte(text)); o != model.OutcomeSuccess || m.Outcome == "" {
				m.Outcome = o
			}
		}
		if m.Action == "" && m.Tool != "" {
			m.Action = model.ActionToolCall
		}
		ev.fromModel(&m)
		for _, i := range idCols {
			if i < len(rec) {
				ev.addID([]byte(rec[i]))
			}
		}
		ev.callID = []byte(get(rec, "tool_call_id")) // matched before request_id (review.go)
		_, hasIn := col["input"]
		_, hasOut := col["output"]
		ev.ioCapable = hasIn || hasOut
		emit(&ev)
	}
}

// strayQuote counts the first line of a stray record as skipped, located at
// the quote that opened the runaway field; the caller reads the lines after
// it again.
func strayQuote(cr *csvRecord, why string, bad func(int32, int64, int, string), file int32) {
	l, c := cr.pos(cr.opener())
	bad(file, l, c, "stray quote: "+why+"; only this line is skipped")
}
