package report

import (
	"errors"
	"fmt"
	"github.com/aims-cli/aims/pkg/report/textsafe"
	"github.com/aims-cli/aims/pkg/secrets"
	"io"
	"strings"

	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/model"
)

// Subject is what a report is about. Each command writes one subject, and
// each format says which subjects it can write.
type Subject string

// The subjects aims writes.
const (
	// SubjectAssessment is `aims assess`: a *model.Result.
	SubjectAssessment Subject = "assessment"
	// SubjectLogs is `aims logs analyze`: a *model.LogSummary.
	SubjectLogs Subject = "logs"
	// SubjectDiff is `aims diff`: a *diff.Result.
	SubjectDiff Subject = "diff"
)

// Writer renders one report to w. v is the value of one of the subjects
// the format supports (a *model.Result, *model.LogSummary or *diff.Result).
type Writer interface {
	Write(w io.Writer, v any) error
}

// WriterFunc lets a function be a Writer.
type WriterFunc func(w io.Writer, v any) error

// Write calls f.
func (f WriterFunc) Write(w io.Writer, v any) error { return f(w, v) }

// FormatInfo is one entry of the output-format registry: flag help,
// completion, validation and the writer all come from it.
type FormatInfo struct {
	Name Format
	// Description is the one line help and shell completion show.
	Description string
	// Ext is the usual file extension of the output, with its dot.
	Ext string
	// Subjects are the reports the format can write.
	Subjects []Subject
	// New returns the format's writer for opts.
	New func(opts Options) Writer
}

// Supports reports whether the format writes subject s.
func (fi FormatInfo) Supports(s Subject) bool {
	for _, x := range fi.Subjects {
		if x == s {
			return true
		}
	}
	return false
}

// errUnsupported is what a writer returns for a value it has no layout for;
// the registry's Subjects keep commands from reaching it.
var errUnsupported = errors.New("not supported by this format")

func unsupported(f Format, v any) error {
	return fmt.Errorf("%s: %T: %w", f, v, errUnsupported)
}

// Formats returns the registry in help order. Adding a format is one file
// with its writer plus one entry here.
func Formats() []FormatInfo {
	return []FormatInfo{
		{Name: FormatTable, Description: "aligned tables for people (colour only on a terminal)", Ext: ".txt",
			Subjects: []Subject{SubjectAssessment, SubjectLogs, SubjectDiff}, New: newTable},
		{Name: FormatJSON, Description: "the full data, with schemaVersion", Ext: ".json",
			Subjects: []Subject{SubjectAssessment, SubjectLogs, SubjectDiff}, New: newJSON},
		{Name: FormatMarkdown, Description: "a report to read or paste (gap report, log review, pull-request comment)", Ext: ".md",
			Subjects: []Subject{SubjectAssessment, SubjectLogs, SubjectDiff}, New: newMarkdown},
		{Name: FormatSARIF, Description: "SARIF 2.1.0 for code scanning, each result at its file:line", Ext: ".sarif",
			Subjects: []Subject{SubjectAssessment, SubjectLogs, SubjectDiff}, New: newSARIF},
		{Name: FormatJUnit, Description: "JUnit XML for CI test reports", Ext: ".xml",
			Subjects: []Subject{SubjectAssessment, SubjectLogs, SubjectDiff}, New: newJUnit},
		{Name: FormatCSV, Description: "one row per finding", Ext: ".csv",
			Subjects: []Subject{SubjectAssessment, SubjectLogs, SubjectDiff}, New: newCSV},
		{Name: FormatTemplate, Description: "your own Go text/template over the JSON data (--template FILE)", Ext: "",
			Subjects: []Subject{SubjectAssessment, SubjectLogs}, New: newTemplate},
	}
}

// Lookup returns the registry entry of a format name.
func Lookup(name string) (FormatInfo, bool) {
	for _, fi := range Formats() {
		if string(fi.Name) == name {
			return fi, true
		}
	}
	return FormatInfo{}, false
}

// FormatsFor returns the formats that write subject s, in help order.
func FormatsFor(s Subject) []FormatInfo {
	var out []FormatInfo
	for _, fi := range Formats() {
		if fi.Supports(s) {
			out = append(out, fi)
		}
	}
	return out
}

// FormatNames returns the names of the formats that write subject s.
func FormatNames(s Subject) []string {
	var out []string
	for _, fi := range FormatsFor(s) {
		out = append(out, string(fi.Name))
	}
	return out
}

// CheckFormat returns an *UnknownFormatError unless format writes subject s.
func CheckFormat(format string, s Subject) error {
	if fi, ok := Lookup(format); ok && fi.Supports(s) {
		return nil
	}
	return &UnknownFormatError{Format: format, Subject: s}
}

// Write writes v, the value of subject s, to w in format.
func Write(w io.Writer, format string, s Subject, v any, opts Options) error {
	if err := CheckFormat(format, s); err != nil {
		return err
	}
	if isNil(v) {
		return fmt.Errorf("write %s report: no %s", format, s)
	}
	fi, _ := Lookup(format)
	// One place makes input text safe for every format: the screen formats
	// get values on one line with controls escaped (so no writer can miss a
	// field), the structured ones a stream where what a terminal would act
	// on is written as an escape of the same value.
	switch fi.Name {
	case FormatTable, FormatMarkdown:
		v = secrets.MapStrings(v, textsafe.Fold)
	case FormatTemplate:
		// The user's template prints values where it likes, so each one
		// reaches it as escaped text: one line, controls as \x1b, and any
		// credential an upstream redaction missed as [REDACTED:kind].
		v = secrets.MapStrings(v, func(s string) string { return textsafe.Fold(secrets.RedactString(s)) })
	case FormatJSON, FormatSARIF, FormatJUnit:
		syntax := textsafe.JSON
		if fi.Name == FormatJUnit {
			syntax = textsafe.XML
		}
		sw := textsafe.NewWriter(w, syntax)
		if err := fi.New(opts).Write(sw, v); err != nil {
			return err
		}
		return sw.Flush()
	}
	return fi.New(opts).Write(w, v)
}

func isNil(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case *model.Result:
		return v == nil
	case *model.LogSummary:
		return v == nil
	case *diff.Result:
		return v == nil
	}
	return false
}

// UnknownFormatError names a format no writer handles for a subject.
type UnknownFormatError struct {
	Format  string
	Subject Subject
}

func (e *UnknownFormatError) Error() string {
	var names []string
	if e.Subject == "" {
		for _, fi := range Formats() {
			names = append(names, string(fi.Name))
		}
	} else {
		names = FormatNames(e.Subject)
	}
	return fmt.Sprintf("unknown format %q (want one of: %s)", e.Format, strings.Join(names, ", "))
}
