// Package report writes assessment results, log analyses and diffs in every
// output format of docs/contract.md §1. As in trivy, formats sit behind one small Writer
// interface: each writer is its own options plus the subjects it knows, and
// the registry (Formats, registry.go) is the single place a new format is
// added. Writers never print anywhere else and never decide exit codes.
package report

import (
	"fmt"
	"io"

	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/model"
)

// Format is an output format name.
type Format string

// Output formats.
const (
	FormatTable    Format = "table"
	FormatJSON     Format = "json"
	FormatMarkdown Format = "markdown"
	FormatSARIF    Format = "sarif"
	FormatJUnit    Format = "junit"
	FormatCSV      Format = "csv"
	FormatTemplate Format = "template"
)

// LogsSchemaVersion is the schemaVersion of a LogsDocument.
const LogsSchemaVersion = "aims.logs/v1"

// Options tune the writers. The zero value is valid: no colour, the builtin
// templates, paths written as they come.
type Options struct {
	// Color turns on ANSI colour in the table format (only on a terminal).
	Color bool
	// Template is the path of a text/template file for --format template.
	Template string
	// Root is the project root: SARIF URIs, and the file names every format
	// but json shows, are relative to it (agents/x.yaml).
	Root string
	// ToolVersion is the aims version SARIF and JUnit name as their producer.
	ToolVersion string
	// Framework is the crosswalk view the user asked for (eu-ai-act,
	// nist-ai-rmf, iso27001); the table and markdown formats show it.
	// Empty or iso42001 shows every view the result carries.
	Framework string
	// Verbose lists every manual control in the table instead of one line.
	Verbose bool
	// Width is the terminal width the table wraps to (COLUMNS or the tty);
	// 0 keeps the fixed layout that pipes and CI logs diff against.
	Width int
}

// TemplateError is a user template that cannot be read, parsed or executed:
// bad input, not an internal error.
type TemplateError struct {
	Path string
	Err  error
}

func (e *TemplateError) Error() string { return fmt.Sprintf("template %s: %v", e.Path, e.Err) }

func (e *TemplateError) Unwrap() error { return e.Err }

// BadInput makes a template error exit 2 (cmdutil.ExitCode).
func (e *TemplateError) BadInput() bool { return true }

// WriteResult writes an assessment result to w in format.
func WriteResult(w io.Writer, format string, res *model.Result, opts Options) error {
	return Write(w, format, SubjectAssessment, res, opts)
}

// WriteLogs writes a log analysis (`aims logs analyze`) to w in format.
func WriteLogs(w io.Writer, format string, s *model.LogSummary, opts Options) error {
	return Write(w, format, SubjectLogs, s, opts)
}

// The writers of the registry: each is its options plus one switch over
// the subjects it knows.

func newTable(opts Options) Writer {
	return WriterFunc(func(w io.Writer, v any) error {
		switch v := v.(type) {
		case *model.Result:
			return (&tableWriter{w: w, opts: opts}).result(relResult(v, opts.Root))
		case *model.LogSummary:
			return (&tableWriter{w: w, opts: opts}).logs(relLogs(v, opts.Root))
		case *diff.Result:
			return writeDiffTable(w, v, opts.Width)
		}
		return unsupported(FormatTable, v)
	})
}

func newJSON(opts Options) Writer {
	return WriterFunc(func(w io.Writer, v any) error {
		switch v := v.(type) {
		case *model.Result:
			return writeJSON(w, v)
		case *model.LogSummary:
			return WriteLogsJSON(w, v)
		case *diff.Result:
			return writeJSON(w, v)
		}
		return unsupported(FormatJSON, v)
	})
}

func newMarkdown(opts Options) Writer {
	return WriterFunc(func(w io.Writer, v any) error {
		switch v := v.(type) {
		case *model.Result:
			return writeTemplate(w, builtinResultTemplate, "", relResult(v, opts.Root), opts)
		case *model.LogSummary:
			return writeTemplate(w, builtinLogsTemplate, "", relLogs(v, opts.Root), opts)
		case *diff.Result:
			return writeDiffMarkdown(w, v)
		}
		return unsupported(FormatMarkdown, v)
	})
}

func newTemplate(opts Options) Writer {
	return WriterFunc(func(w io.Writer, v any) error {
		switch v := v.(type) {
		case *model.Result:
			return writeTemplate(w, "", opts.Template, relResult(v, opts.Root), opts)
		case *model.LogSummary:
			return writeTemplate(w, "", opts.Template, relLogs(v, opts.Root), opts)
		}
		return unsupported(FormatTemplate, v)
	})
}

func newSARIF(opts Options) Writer {
	return WriterFunc(func(w io.Writer, v any) error {
		switch v := v.(type) {
		case *model.Result:
			return writeSARIF(w, resultRules(v), v.Findings, opts)
		case *model.LogSummary:
			return WriteFindingsSARIF(w, v.Findings, opts)
		case *diff.Result:
			return WriteFindingsSARIF(w, v.Findings, opts)
		}
		return unsupported(FormatSARIF, v)
	})
}

func newJUnit(opts Options) Writer {
	return WriterFunc(func(w io.Writer, v any) error {
		switch v := v.(type) {
		case *model.Result:
			return (&junitWriter{w: w, opts: opts}).result(relResult(v, opts.Root))
		case *model.LogSummary:
			return (&junitWriter{w: w, opts: opts}).logs(relLogs(v, opts.Root))
		case *diff.Result:
			return (&junitWriter{w: w, opts: opts}).diff(v)
		}
		return unsupported(FormatJUnit, v)
	})
}

func newCSV(opts Options) Writer {
	return WriterFunc(func(w io.Writer, v any) error {
		switch v := v.(type) {
		case *model.Result:
			return WriteFindingsCSV(w, relResult(v, opts.Root).Findings)
		case *model.LogSummary:
			return writeFindingsCSV(w, relLogs(v, opts.Root).Findings, true)
		case *diff.Result:
			return WriteFindingsCSV(w, v.Findings)
		}
		return unsupported(FormatCSV, v)
	})
}

// LogsDocument is aims.logs/v1, the one JSON shape of a log analysis:
// `aims logs analyze --format json` and the pack's logs/summary.json. The
// summary's fields sit at the top level beside schemaVersion; a run that
// read no logs (a nil summary) has analysed false and a note instead.
type LogsDocument struct {
	SchemaVersion string `json:"schemaVersion"`
	Analysed      bool   `json:"analysed"`
	Note          string `json:"note,omitempty"`
	*model.LogSummary
}

// NotAnalysedNote is the note of a LogsDocument without a summary.
const NotAnalysedNote = "audit logs were not analysed: none are configured in aims.yaml, or the run was made with --no-logs"

// WriteLogsJSON writes s as a LogsDocument: the json format of the logs
// subject, and the pack's logs/summary.json (where s may be nil).
func WriteLogsJSON(w io.Writer, s *model.LogSummary) error { return writeJSON(w, NewLogsDocument(s)) }

// NewLogsDocument wraps s (nil: no logs were read) in its schema.
func NewLogsDocument(s *model.LogSummary) LogsDocument {
	if s == nil {
		return LogsDocument{SchemaVersion: LogsSchemaVersion, Note: NotAnalysedNote}
	}
	return LogsDocument{SchemaVersion: LogsSchemaVersion, Analysed: true, LogSummary: s}
}
