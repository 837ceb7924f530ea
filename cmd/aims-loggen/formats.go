package main

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// sink writes generated events in one log format. write returns the bytes
// the event added (an estimate for batched formats), so that -size holds.
type sink struct {
	write func(*rec) int
	close func() error
}

func newSink(format, out string) (*sink, error) {
	switch format {
	case "jsonl", "csv", "ocsf", "otlp":
	case "cloudtrail":
		return cloudTrailSink(out)
	default:
		return nil, fmt.Errorf("unknown -format %q (jsonl, csv, ocsf, otlp or cloudtrail)", format)
	}
	f, err := os.Create(out)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	closeAll := func() error {
		if err := w.Flush(); err != nil {
			return err
		}
		return f.Close()
	}
	line := make([]byte, 0, 1024)
	put := func(b []byte) int {
		w.Write(b)
		return len(b)
	}
	switch format {
	case "jsonl":
		return &sink{write: func(r *rec) int { line = appendEvent(line[:0], r); return put(line) }, close: closeAll}, nil
	case "ocsf":
		return &sink{write: func(r *rec) int { line = appendOCSF(line[:0], r); return put(line) }, close: closeAll}, nil
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"time", "agent", "actor", "action", "tool", "operation", "resource", "model", "data_categories", "outcome", "request_id", "input", "output"})
		row := make([]string, 13)
		return &sink{write: func(r *rec) int {
			row[0], row[1], row[2], row[3] = r.t.Format("2006-01-02T15:04:05.000Z07:00"), r.agent, r.actor, r.action
			row[4], row[5], row[6], row[7] = r.tool, r.op, r.res, r.model
			row[8], row[9], row[10] = "", r.outcome, r.rid
			if r.tool != "" {
				row[8] = "customer-contact"
			}
			row[11], row[12] = "", ""
			if r.io {
				row[11], row[12] = `{"id":"APP-2026-0412"}`, "ok"
			}
			cw.Write(row)
			n := 13
			for _, c := range row {
				n += len(c)
			}
			return n
		}, close: func() error { cw.Flush(); return closeAll() }}, nil
	}
	return otlpSink(w, closeAll), nil
}

// appendOCSF writes r as OCSF 1.3 API Activity (class 6003) the way SIEM
// mappings do: the principal in actor.user and actor.app_name, the service
// called in api.service.name and its operation in api.operation.
func appendOCSF(b []byte, r *rec) []byte {
	activity, name := 2, "Read"
	switch r.op {
	case "post", "create":
		activity, name = 1, "Create"
	case "update":
		activity, name = 3, "Update"
	}
	status := 1
	if r.outcome != "success" {
		status = 2
	}
	b = append(b, `{"class_uid":6003,"category_uid":6,"activity_id":`...)
	b = strconv.AppendInt(b, int64(activity), 10)
	b = append(b, `,"activity_name":"`...)
	b = append(b, name...)
	b = append(b, `","type_uid":`...)
	b = strconv.AppendInt(b, int64(600300+activity), 10)
	b = append(b, `,"time":`...)
	b = strconv.AppendInt(b, r.t.UnixMilli(), 10)
	b = append(b, `,"severity_id":1,"status_id":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"metadata":{"version":"1.3.0","product":{"name":"aims-loggen","vendor_name":"aims"}},"actor":{"app_name":"`...)
	b = append(b, r.agent...)
	b = append(b, `","user":{"name":"`...)
	b = append(b, r.actor...)
	b = append(b, `","type_id":3}},"api":{"service":{"name":"`...)
	if r.tool != "" {
		b = append(b, r.tool...)
	} else {
		b = append(b, "bedrock"...)
	}
	b = append(b, `"},"operation":"`...)
	if r.op != "" {
		b = append(b, r.op...)
	} else {
		b = append(b, "InvokeModel"...)
	}
	b = append(b, `","request":{"uid":"`...)
	b = append(b, r.rid...)
	b = append(b, `"}`...)
	if r.outcome == "denied" {
		b = append(b, `,"response":{"code":403,"error":"AccessDenied"}`...)
	} else if r.outcome == "error" {
		b = append(b, `,"response":{"code":500,"error":"InternalError"}`...)
	}
	b = append(b, '}')
	if r.res != "" {
		b = append(b, `,"resources":[{"uid":"`...)
		b = append(b, r.res...)
		b = append(b, `","type":"record"}]`...)
	}
	if r.model != "" {
		b = append(b, `,"ai_model":{"name":"`...)
		b = append(b, r.model...)
		b = append(b, `"}`...)
	}
	b = append(b, `,"src_endpoint":{"ip":"10.0.0.7"}}`...)
	return append(b, '\n')
}

// otlpSink writes OpenTelemetry GenAI spans as the Collector's file exporter
// does: one TracesData per line, 64 spans a batch. Each agent turn is an
// invoke_agent span with its chat or execute_tool children; a child is
// sometimes written a batch after its parent (the exporter does not order
// spans), so attribution through parentSpanId must work across lines.
func otlpSink(w *bufio.Writer, closeAll func() error) *sink {
	const batch = 64
	var spans [][]byte
	var held []byte // a child span deferred to the next batch
	var n uint64
	flush := func() int {
		if len(spans) == 0 {
			return 0
		}
		out := `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"agent-platform"}}]},"scopeSpans":[{"scope":{"name":"aims-loggen"},"spans":[`
		w.WriteString(out)
		size := len(out)
		for i, s := range spans {
			if i > 0 {
				w.WriteByte(',')
			}
			w.Write(s)
			size += len(s) + 1
		}
		w.WriteString("]}]}]}\n")
		spans = spans[:0]
		return size + 7
	}
	return &sink{write: func(r *rec) int {
		if r.action == "human.review" {
			// No GenAI convention carries human reviews in spans.
			return 0
		}
		n++
		parent := fmt.Sprintf("%016x", n<<1)
		child := fmt.Sprintf("%016x", n<<1|1)
		trace := fmt.Sprintf("%016x%016x", n, n)
		ns := r.t.UnixNano()
		status := `{}`
		if r.outcome != "success" {
			status = `{"code":2,"message":"` + r.outcome + `"}`
		}
		agent := fmt.Sprintf(`{"traceId":"%s","spanId":"%s","name":"invoke_agent %s","kind":1,"startTimeUnixNano":"%d","endTimeUnixNano":"%d","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},{"key":"gen_ai.agent.name","value":{"stringValue":"%s"}},{"key":"gen_ai.provider.name","value":{"stringValue":"openai"}}],"status":{}}`,
			trace, parent, r.agent, ns, ns+2e6, r.agent)
		var c string
		if r.tool != "" {
			c = fmt.Sprintf(`{"traceId":"%s","spanId":"%s","parentSpanId":"%s","name":"execute_tool %s","kind":1,"startTimeUnixNano":"%d","endTimeUnixNano":"%d","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}},{"key":"gen_ai.tool.name","value":{"stringValue":"%s"}},{"key":"gen_ai.tool.call.id","value":{"stringValue":"%s"}},{"key":"gen_ai.tool.call.arguments","value":{"stringValue":"{\"op\":\"%s\",\"resource\":\"%s\"}"}}],"status":%s}`,
				trace, child, parent, r.tool, ns+1e5, ns+1e6, r.tool, r.rid, r.op, r.res, status)
		} else {
			c = fmt.Sprintf(`{"traceId":"%s","spanId":"%s","parentSpanId":"%s","name":"chat %s","kind":3,"startTimeUnixNano":"%d","endTimeUnixNano":"%d","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.request.model","value":{"stringValue":"%s"}},{"key":"gen_ai.input.messages","value":{"stringValue":"[{\"role\":\"user\"}]"}},{"key":"gen_ai.output.messages","value":{"stringValue":"[{\"role\":\"assistant\"}]"}}],"status":%s}`,
				trace, child, parent, r.model, ns+1e5, ns+1e6, r.model, status)
		}
		size := 0
		spans = append(spans, []byte(agent))
		if held != nil {
			spans = append(spans, held)
			held = nil
		}
		if n%7 == 0 {
			held = []byte(c) // its parent goes out in this batch, the child in the next
		} else {
			spans = append(spans, []byte(c))
		}
		if len(spans) >= batch {
			size = flush()
		}
		return size
	}, close: func() error {
		if held != nil {
			spans = append(spans, held)
		}
		flush()
		return closeAll()
	}}
}

// cloudTrailSink writes a folder of gzip-compressed {"Records":[...]} files
// as CloudTrail delivers them to S3 (one file per 5 minutes of events, at
// most 1,000 records each): AgentCore Gateway tools/call data events and
// Bedrock InvokeModel management events of assumed-role sessions.
func cloudTrailSink(dir string) (*sink, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var f *os.File
	var zw *gzip.Writer
	var count int
	var fileStart time.Time
	var seq int
	closeFile := func() error {
		if zw == nil {
			return nil
		}
		zw.Write([]byte("]}\n"))
		err := zw.Close()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		zw, f = nil, nil
		return err
	}
	var failed error
	buf := make([]byte, 0, 2048)
	return &sink{write: func(r *rec) int {
		if r.action == "human.review" || failed != nil {
			return 0
		}
		if zw == nil || count >= 1000 || r.t.Sub(fileStart) > 5*time.Minute || r.t.Before(fileStart) {
			if err := closeFile(); err != nil {
				failed = err
				return 0
			}
			seq++
			fileStart = r.t
			name := filepath.Join(dir, fmt.Sprintf("111122223333_CloudTrail_us-east-1_%s_%06d.json.gz", r.t.Format("20060102T1504Z"), seq))
			var err error
			if f, err = os.Create(name); err != nil {
				failed = err
				return 0
			}
			zw, _ = gzip.NewWriterLevel(f, gzip.BestSpeed)
			zw.Write([]byte(`{"Records":[`))
			count = 0
		}
		if count > 0 {
			zw.Write([]byte{','})
		}
		count++
		buf = appendCloudTrail(buf[:0], r)
		zw.Write(buf)
		return len(buf) + 1
	}, close: func() error {
		if failed != nil {
			return failed
		}
		return closeFile()
	}}, nil
}

func appendCloudTrail(b []byte, r *rec) []byte {
	role := "arn:aws:sts::111122223333:assumed-role/" + r.agent + "/session-1"
	b = append(b, `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:session-1","arn":"`...)
	b = append(b, role...)
	b = append(b, `","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/`...)
	b = append(b, r.agent...)
	b = append(b, `","userName":"`...)
	b = append(b, r.agent...)
	b = append(b, `"}}},"eventTime":"`...)
	b = r.t.AppendFormat(b, "2006-01-02T15:04:05Z")
	errCode := ""
	switch r.outcome {
	case "denied":
		errCode = "AccessDeniedException"
	case "error":
		errCode = "InternalServerException"
	}
	if r.tool != "" {
		b = append(b, `","eventSource":"bedrock-agentcore.amazonaws.com","eventName":"InvokeGateway","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.7","userAgent":"aims-loggen","requestParameters":{"body":{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"platform___`...)
		b = append(b, r.tool...)
		b = append(b, `","arguments":{"operation":"`...)
		b = append(b, r.op...)
		b = append(b, `","resource":"`...)
		b = append(b, r.res...)
		b = append(b, `"}}}},"responseElements":null`...)
	} else {
		b = append(b, `","eventSource":"bedrock.amazonaws.com","eventName":"InvokeModel","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.7","userAgent":"aims-loggen","requestParameters":{"modelId":"`...)
		b = append(b, r.model...)
		b = append(b, `"},"responseElements":null`...)
	}
	if errCode != "" {
		b = append(b, `,"errorCode":"`...)
		b = append(b, errCode...)
		b = append(b, `","errorMessage":"generated"`...)
	}
	b = append(b, `,"requestID":"`...)
	b = append(b, r.rid...)
	b = append(b, `","eventID":"`...)
	b = append(b, r.rid...)
	b = append(b, `","readOnly":false,"eventType":"AwsApiCall","managementEvent":`...)
	if r.tool != "" {
		b = append(b, `false,"eventCategory":"Data","resources":[{"accountId":"111122223333","type":"AWS::BedrockAgentCore::Gateway","ARN":"arn:aws:bedrock-agentcore:us-east-1:111122223333:gateway/platform-gw"}]`...)
	} else {
		b = append(b, `true,"eventCategory":"Management"`...)
	}
	return append(b, `,"recipientAccountId":"111122223333"}`...)
}
