package auditlog

import (
	"bytes"
	"io"
	"strings"

	"github.com/valyala/fastjson"
)

// Formats a Source may declare. FormatAuto is no format of its own: each
// file is sniffed against the registry.
const (
	FormatAuto       = "auto"
	FormatJSONL      = "jsonl"
	FormatCSV        = "csv"
	FormatOTLP       = "otlp"
	FormatCloudTrail = "cloudtrail"
	FormatOCSF       = "ocsf"
)

// logFormat is one entry of the log-format registry. Everything that names
// a log format reads it: --log-format's help, completion and check,
// aims.yaml's logs[].format (pkg/load's check and `aims schema config`
// through pkg/schema's registry enums), sniffing, the JSON
// document splitter's wrapper keys, the reader a file gets and the field a
// finding names for missing content.
//
// A format is either text, read from the byte stream by read, or JSON: its
// file is cut by content into lines (chunks parsed in parallel) or one
// document (streamed by the splitter, record by record), and each parsed
// record goes to decode, decodeMany or, for OTLP, the span recorder.
type logFormat struct {
	name string
	// description is the one line the help and docs show.
	description string

	// read reads a whole text file; nil for a JSON format.
	read func(r io.Reader, file int32, mapping map[string]string, maxRecord int64, emit func(*event), bad func(file int32, line int64, col int, reason string)) error
	// chunks, when set, reads a text file in an analysis instead of read,
	// cutting it into chunks for the workers; it reads what read reads.
	chunks func(r *run, file int32, f *inputFile, o *opened, base int64) error
	// sniffText claims an undeclared file that does not start with JSON,
	// from its first line and its path.
	sniffText func(firstLine []byte, path string) bool

	// sniffRecord claims a JSON Lines file from its parsed first line.
	sniffRecord func(v *fastjson.Value) bool
	// sniffDocument claims a JSON document (pretty-printed, an array) from
	// its first bytes.
	sniffDocument func(head []byte) bool
	// wrappers are the keys of a document whose array elements are records
	// of their own (CloudTrail's Records).
	wrappers []string
	// scan is a fast path tried on each JSON line before fastjson: false
	// declines the line, which then goes to decode.
	scan func(line []byte, ev *event, sc *[]byte) bool
	// decode maps one record onto ev; an ignoredError is a counted ignore,
	// any other error a counted skip at the record's line.
	decode func(v *fastjson.Value, ev *event) error
	// decodeMany maps one record that may hold several events, each passed
	// to emit (ev reset in between), each bad one to bad.
	decodeMany func(v *fastjson.Value, ev *event, emit func(*event), bad func(error))
	// spans: records go to the OTLP recorder, replayed in file order by one
	// state (a span's parent and its review can be in any earlier chunk).
	spans bool

	// contentField names the field whose absence a missing-content finding
	// reports; nil means "input" and "output".
	contentField func(action string, out bool) string
}

// logFormats is the registry, in help order. Sniffing tries the formats in
// this order and takes the first that claims a file; a JSON file no format
// claims is native JSON Lines. Adding a format is one file with its reader,
// its sample in testdata/formats (TestEveryFormatIsSniffedAndRead) and one
// line here.
var logFormats = []*logFormat{
	{name: FormatJSONL, description: "native aims events: JSON Lines or a JSON array",
		scan: scanNative, decode: decodeNative},
	{name: FormatCSV, description: "CSV with a header row: native or OCSF-flattened columns, or --map",
		read: readCSV, chunks: (*run).csvChunks, sniffText: sniffCSV},
	{name: FormatOTLP, description: "OpenTelemetry OTLP JSON traces and logs (GenAI conventions, Claude Code ...)",
		sniffRecord: sniffOTLPRecord, sniffDocument: sniffOTLPDocument, wrappers: []string{"resourceSpans", "resourceLogs"},
		spans: true, contentField: otlpContentField},
	{name: FormatCloudTrail, description: "AWS CloudTrail (Records files, single events, EventBridge envelopes) and Bedrock model invocation logs",
		sniffRecord: sniffCloudTrailRecord, sniffDocument: sniffCloudTrailDocument, wrappers: []string{"Records"},
		decodeMany: decodeCloudTrail, contentField: cloudTrailContentField},
	{name: FormatOCSF, description: "OCSF API Activity (6003) events, as Security Lake or a SIEM exports them",
		sniffRecord: sniffOCSFRecord, sniffDocument: sniffOCSFDocument, decode: decodeOCSF},
}

// wrapperKeys are the wrappers of every format: the splitter does not know
// the format it cuts (a declared one may be wrong), so any wrapper counts.
var wrapperKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, lf := range logFormats {
		for _, k := range lf.wrappers {
			m[k] = true
		}
	}
	return m
}()

// lookupFormat returns the registry entry of a format name, nil for none.
func lookupFormat(name string) *logFormat {
	for _, lf := range logFormats {
		if lf.name == name {
			return lf
		}
	}
	return nil
}

// FormatInfo describes one log format for help and completion.
type FormatInfo struct {
	Name        string
	Description string
}

// Formats returns what a Source may declare, auto first, then the registry
// in help order.
func Formats() []FormatInfo {
	out := []FormatInfo{{Name: FormatAuto, Description: "each file's format from its content"}}
	for _, lf := range logFormats {
		out = append(out, FormatInfo{Name: lf.name, Description: lf.description})
	}
	return out
}

// FormatNames returns the names Formats lists, in the same order.
func FormatNames() []string {
	var out []string
	for _, fi := range Formats() {
		out = append(out, fi.Name)
	}
	return out
}

// IsFormat reports whether name is a format a Source may declare.
func IsFormat(name string) bool {
	return name == FormatAuto || lookupFormat(name) != nil
}

func sniffCSV(firstLine []byte, path string) bool {
	return bytes.IndexByte(firstLine, ',') >= 0 || strings.HasSuffix(strings.ToLower(strings.TrimSuffix(path, ".gz")), ".csv")
}

func sniffOTLPRecord(v *fastjson.Value) bool {
	return v.Exists("resourceSpans") || v.Exists("resourceLogs") || isFlatSpan(v)
}

func sniffOTLPDocument(head []byte) bool {
	return bytes.Contains(head, []byte(`"resourceSpans"`)) || bytes.Contains(head, []byte(`"resourceLogs"`)) ||
		bytes.Contains(head, []byte(`"startTimeUnixNano"`)) && bytes.Contains(head, []byte(`"spanId"`))
}

func sniffCloudTrailRecord(v *fastjson.Value) bool {
	return v.Exists("Records") || v.Exists("eventSource") && v.Exists("eventTime") || v.Exists("detail", "eventSource") ||
		isCloudTrailDigest(v) || isBedrockInvocation(v) || isCloudWatchAWSEnvelope(v)
}

func sniffCloudTrailDocument(head []byte) bool {
	return bytes.Contains(head, []byte(`"Records"`)) || bytes.Contains(head, []byte(`"eventSource"`)) ||
		bytes.Contains(head, []byte(`"digestStartTime"`)) || bytes.Contains(head, []byte(`ModelInvocationLog`)) ||
		bytes.Contains(head, []byte(`eventSource\"`)) // an event inside a CloudWatch Logs message string
}

func sniffOCSFRecord(v *fastjson.Value) bool { return v.Exists("class_uid") }

func sniffOCSFDocument(head []byte) bool { return bytes.Contains(head, []byte(`"class_uid"`)) }
