package auditlog

import (
	"strconv"

	"github.com/valyala/fastjson"
)

// Spans that AWS X-Ray ingests (CloudWatch Transaction Search) are kept in
// the log group aws/spans, one span a log event, in OpenTelemetry's span
// model with flat attribute maps rather than OTLP's key/value lists:
//
//	{"resource":{"attributes":{"service.name":"..."}},"scope":{"name":"..."},
//	 "traceId":"...","spanId":"...","parentSpanId":"...","name":"chat",
//	 "kind":"CLIENT","startTimeUnixNano":1,"endTimeUnixNano":2,
//	 "attributes":{"gen_ai.operation.name":"chat"},"status":{"code":"UNSET"},
//	 "events":[{"name":"...","timeUnixNano":1,"attributes":{...}}]}
//
// That is where AgentCore Runtime agents and any ADOT-instrumented agent
// (Strands, LangGraph, CrewAI ...) leave their GenAI spans, and what
// `aws logs` or a subscription exports. Such a record is rewritten into
// the OTLP TracesData it stands for, so every producer rule of the OTLP
// reader applies to it unchanged.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Transaction-Search-ingesting-span-log-groups.html

// isFlatSpan claims a record of that shape.
func isFlatSpan(v *fastjson.Value) bool {
	return v.Exists("traceId") && v.Exists("spanId") && v.Exists("startTimeUnixNano") && !v.Exists("resourceSpans")
}

// flatSpanTraces writes the OTLP/JSON TracesData of one flat span into dst.
func flatSpanTraces(dst []byte, v *fastjson.Value) []byte {
	dst = append(dst, `{"resourceSpans":[{"resource":{"attributes":`...)
	dst = appendKVList(dst, v.Get("resource", "attributes"))
	dst = append(dst, `},"scopeSpans":[{`...)
	if sc := v.Get("scope"); sc != nil && sc.Type() == fastjson.TypeObject {
		dst = append(dst, `"scope":`...)
		dst = sc.MarshalTo(dst)
		dst = append(dst, ',')
	}
	dst = append(dst, `"spans":[{`...)
	for _, k := range []string{"traceId", "spanId", "parentSpanId", "name"} {
		if f := v.Get(k); f != nil && f.Type() == fastjson.TypeString {
			dst = appendJSONString(append(dst, '"'), k)
			dst = append(dst, `":`...)
			dst = f.MarshalTo(dst)
			dst = append(dst, ',')
		}
	}
	if k := spanKindNumber(v.Get("kind")); k > 0 {
		dst = strconv.AppendInt(append(dst, `"kind":`...), int64(k), 10)
		dst = append(dst, ',')
	}
	for _, k := range []string{"startTimeUnixNano", "endTimeUnixNano"} {
		if f := v.Get(k); f != nil {
			dst = appendJSONString(append(dst, '"'), k)
			dst = append(dst, `":`...)
			dst = appendNumberString(dst, f)
			dst = append(dst, ',')
		}
	}
	if st := v.Get("status"); st != nil && st.Type() == fastjson.TypeObject {
		dst = append(dst, `"status":{"code":`...)
		dst = strconv.AppendInt(dst, int64(statusCodeNumber(st.Get("code"))), 10)
		if m := st.Get("message"); m != nil && m.Type() == fastjson.TypeString {
			dst = append(dst, `,"message":`...)
			dst = m.MarshalTo(dst)
		}
		dst = append(dst, `},`...)
	}
	dst = append(dst, `"events":[`...)
	for i, e := range v.GetArray("events") {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '{')
		if n := e.Get("name"); n != nil && n.Type() == fastjson.TypeString {
			dst = append(dst, `"name":`...)
			dst = n.MarshalTo(dst)
			dst = append(dst, ',')
		}
		if t := e.Get("timeUnixNano"); t != nil {
			dst = append(dst, `"timeUnixNano":`...)
			dst = appendNumberString(dst, t)
			dst = append(dst, ',')
		}
		dst = append(dst, `"attributes":`...)
		dst = appendKVList(dst, e.Get("attributes"))
		dst = append(dst, '}')
	}
	dst = append(dst, `],"attributes":`...)
	dst = appendKVList(dst, v.Get("attributes"))
	return append(dst, `}]}]}]}`...)
}

// appendKVList writes a flat attribute object as OTLP's [{"key","value"}].
func appendKVList(dst []byte, obj *fastjson.Value) []byte {
	dst = append(dst, '[')
	if obj == nil {
		return append(dst, ']')
	}
	if o, err := obj.Object(); err == nil {
		first := true
		o.Visit(func(k []byte, val *fastjson.Value) {
			if val.Type() == fastjson.TypeNull {
				return
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = appendJSONString(append(dst, `{"key":"`...), string(k))
			dst = append(dst, `","value":`...)
			dst = appendAnyValue(dst, val)
			dst = append(dst, '}')
		})
	}
	return append(dst, ']')
}

// appendAnyValue writes a JSON value as an OTLP AnyValue.
func appendAnyValue(dst []byte, v *fastjson.Value) []byte {
	switch v.Type() {
	case fastjson.TypeString:
		dst = append(dst, `{"stringValue":`...)
		dst = v.MarshalTo(dst)
	case fastjson.TypeNumber:
		if _, err := v.Int64(); err == nil {
			dst = append(dst, `{"intValue":"`...)
			dst = v.MarshalTo(dst)
			dst = append(dst, '"')
		} else {
			dst = append(dst, `{"doubleValue":`...)
			dst = v.MarshalTo(dst)
		}
	case fastjson.TypeTrue, fastjson.TypeFalse:
		dst = append(dst, `{"boolValue":`...)
		dst = v.MarshalTo(dst)
	case fastjson.TypeArray:
		dst = append(dst, `{"arrayValue":{"values":[`...)
		arr, _ := v.Array()
		n := 0
		for _, e := range arr {
			if e.Type() == fastjson.TypeNull {
				continue
			}
			if n > 0 {
				dst = append(dst, ',')
			}
			n++
			dst = appendAnyValue(dst, e)
		}
		dst = append(dst, `]}`...)
	case fastjson.TypeObject:
		dst = append(dst, `{"kvlistValue":{"values":`...)
		dst = appendKVList(dst, v)
		dst = append(dst, '}')
	default:
		dst = append(dst, `{"stringValue":""`...)
	}
	return append(dst, '}')
}

// appendNumberString writes a time given as a number or a string as OTLP's
// decimal string.
func appendNumberString(dst []byte, v *fastjson.Value) []byte {
	if v.Type() == fastjson.TypeString {
		return v.MarshalTo(dst)
	}
	if v.Type() == fastjson.TypeNumber {
		dst = append(dst, '"')
		dst = v.MarshalTo(dst)
		return append(dst, '"')
	}
	return append(dst, `""`...)
}

// appendJSONString appends s escaped for the inside of a JSON string.
func appendJSONString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20:
			dst = append(dst, `\u00`...)
			dst = append(dst, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// spanKindNumber maps "SERVER" / "SPAN_KIND_SERVER" / 2 onto OTLP's enum.
func spanKindNumber(v *fastjson.Value) int {
	if v == nil {
		return 0
	}
	if v.Type() == fastjson.TypeNumber {
		n, _ := v.Int()
		return n
	}
	switch s := string(v.GetStringBytes()); s {
	case "INTERNAL", "SPAN_KIND_INTERNAL":
		return 1
	case "SERVER", "SPAN_KIND_SERVER":
		return 2
	case "CLIENT", "SPAN_KIND_CLIENT":
		return 3
	case "PRODUCER", "SPAN_KIND_PRODUCER":
		return 4
	case "CONSUMER", "SPAN_KIND_CONSUMER":
		return 5
	}
	return 0
}

// statusCodeNumber maps "UNSET" / "OK" / "ERROR" (and their STATUS_CODE_
// forms) onto OTLP's enum.
func statusCodeNumber(v *fastjson.Value) int {
	if v == nil {
		return 0
	}
	if v.Type() == fastjson.TypeNumber {
		n, _ := v.Int()
		return n
	}
	switch string(v.GetStringBytes()) {
	case "OK", "STATUS_CODE_OK":
		return 1
	case "ERROR", "STATUS_CODE_ERROR":
		return 2
	}
	return 0
}
