// Package report writes assessment results and log analyses in every output
// format of DESIGN 1. As in trivy, formats sit behind one small switch: each
// writer is an io.Writer plus its own options, and the typed Format list is
// the single place a new format is added. Writers never print anywhere else
// and never decide exit codes.
package report

import (
	"fmt"
	"io"
	"strings"

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

// SupportedFormats lists every format WriteResult and WriteLogs accept, in help order.
var SupportedFormats = []Format{FormatTable, FormatJSON, FormatMarkdown, FormatSARIF, FormatJUnit, FormatCSV, FormatTemplate}

// LogsSchemaVersion is the schemaVersion of `aims logs analyze --format json`.
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
}

// TemplateError is a user template that cannot be read, parsed or executed:
// bad input, not an internal error.
type TemplateError struct {
	Path string
	Err  error
}

func (e *TemplateError) Error() string { return fmt.Sprintf("template %s: %v", e.Path, e.Err) }

func (e *TemplateError) Unwrap() error { return e.Err }

// UnknownFormatError names a format no writer handles.
type UnknownFormatError struct{ Format string }

func (e *UnknownFormatError) Error() string {
	names := make([]string, len(SupportedFormats))
	for i, f := range SupportedFormats {
		names[i] = string(f)
	}
	return fmt.Sprintf("unknown format %q (want one of: %s)", e.Format, strings.Join(names, ", "))
}

// WriteResult writes an assessment result to w in format.
func WriteResult(w io.Writer, format string, res *model.Result, opts Options) error {
	if res == nil {
		return fmt.Errorf("write %s report: no result", format)
	}
	switch Format(format) {
	case FormatJSON:
		return writeJSON(w, res)
	case FormatSARIF:
		return writeSARIF(w, resultRules(res), res.Findings, opts)
	}
	res = relResult(res, opts.Root)
	switch Format(format) {
	case FormatTable:
		return (&tableWriter{w: w, opts: opts}).result(res)
	case FormatMarkdown:
		return writeTemplate(w, builtinResultTemplate, "", res, opts)
	case FormatTemplate:
		return writeTemplate(w, "", opts.Template, res, opts)
	case FormatJUnit:
		return (&junitWriter{w: w, opts: opts}).result(res)
	case FormatCSV:
		return WriteFindingsCSV(w, res.Findings)
	}
	return &UnknownFormatError{Format: format}
}

// WriteLogs writes a log analysis (`aims logs analyze`) to w in format.
func WriteLogs(w io.Writer, format string, s *model.LogSummary, opts Options) error {
	if s == nil {
		return fmt.Errorf("write %s log report: no summary", format)
	}
	switch Format(format) {
	case FormatJSON:
		return writeJSON(w, logsDocument{SchemaVersion: LogsSchemaVersion, LogSummary: s})
	case FormatSARIF:
		return WriteFindingsSARIF(w, s.Findings, opts)
	}
	s = relLogs(s, opts.Root)
	switch Format(format) {
	case FormatTable:
		return (&tableWriter{w: w, opts: opts}).logs(s)
	case FormatMarkdown:
		return writeTemplate(w, builtinLogsTemplate, "", s, opts)
	case FormatTemplate:
		return writeTemplate(w, "", opts.Template, s, opts)
	case FormatJUnit:
		return (&junitWriter{w: w, opts: opts}).logs(s)
	case FormatCSV:
		return writeFindingsCSV(w, s.Findings, true)
	}
	return &UnknownFormatError{Format: format}
}

// logsDocument gives the log summary the schemaVersion every JSON output carries.
type logsDocument struct {
	SchemaVersion string `json:"schemaVersion"`
	*model.LogSummary
}
