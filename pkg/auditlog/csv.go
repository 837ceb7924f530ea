package auditlog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/aims-cli/aims/pkg/model"
)

// csvFields are the native event fields a CSV column can hold.
var csvFields = []string{"time", "agent", "actor", "action", "tool", "operation", "resource", "model", "data_categories", "outcome", "request_id", "input", "output", "status_id"}

// csvAliases are the OCSF-flattened (and a few common) column names each
// field is found under when no mapping names its column.
var csvAliases = map[string][]string{
	"time":            {"time", "timestamp", "time_dt", "eventtime", "@timestamp"},
	"agent":           {"agent", "ai_agent.uid", "ai_agent.name", "actor.app_name", "agent_id", "agent_name"},
	"actor":           {"actor", "actor.user.name", "actor.user.uid", "user", "reviewer"},
	"action":          {"action", "activity_name"},
	"tool":            {"tool", "tool_name"},
	"operation":       {"operation", "api.operation"},
	"resource":        {"resource", "resources.uid", "resources[0].uid", "resource.uid"},
	"model":           {"model", "ai_model.name"},
	"data_categories": {"data_categories", "categories"},
	"outcome":         {"outcome", "status", "result"},
	"status_id":       {"status_id"},
	"request_id":      {"request_id", "api.request.uid", "requestid"},
	"input":           {"input"},
	"output":          {"output"},
}

// readCSV reads a CSV log with a header row. mapping (native field → column
// name) overrides the default column names.
func readCSV(r io.Reader, file int32, mapping map[string]string, maxRecord int64, emit func(*event), bad func(int32, int64, string)) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = 0
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil
		}
		return fmt.Errorf("cannot read the CSV header: %v", err)
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
		return errors.New("no agent column (name it agent or actor.app_name, or map it)")
	}
	get := func(rec []string, f string) string {
		if i, ok := col[f]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var ev event
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				reason := pe.Err.Error()
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					reason = fmt.Sprintf("wrong number of columns: %d, the header has %d", len(rec), len(header))
				}
				bad(file, int64(pe.Line), reason)
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					continue
				}
				// A quoting error leaves the reader in an unknown state: stop this file.
				return fmt.Errorf("line %d: %v (rest of the file skipped)", pe.Line, pe.Err)
			}
			return err
		}
		// FieldPos panics on a record with no fields, which a read error can leave.
		line := 0
		if len(rec) > 0 {
			line, _ = cr.FieldPos(0)
		}
		size := 0
		valid := true
		for _, f := range rec {
			size += len(f)
			if !utf8.ValidString(f) {
				valid = false
			}
		}
		if int64(size) > maxRecord {
			bad(file, int64(line), fmt.Sprintf("record of %d bytes exceeds max_record_bytes", size))
			continue
		}
		if !valid {
			bad(file, int64(line), "invalid UTF-8")
			continue
		}
		ev.reset()
		ev.file, ev.line = file, int64(line)
		t, terr := parseTime([]byte(strings.TrimSpace(get(rec, "time"))))
		if terr != nil {
			bad(file, int64(line), terr.Error())
			continue
		}
		agent := get(rec, "agent")
		if agent == "" {
			bad(file, int64(line), errNoAgent.Error())
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
		if m.Action == "" && m.Tool != "" {
			m.Action = model.ActionToolCall
		}
		ev.fromModel(&m)
		_, hasIn := col["input"]
		_, hasOut := col["output"]
		ev.ioCapable = hasIn || hasOut
		emit(&ev)
	}
}
