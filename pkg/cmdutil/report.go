package cmdutil

import (
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/report"
)

// ReportOptions are the settings every report-writing command shares.
type ReportOptions struct {
	// Format is a name from the report registry (report.Formats).
	Format string
	// Output is the file written atomically; "" or "-" is stdout.
	Output string
	// FailOn is the severity at or above which findings exit 1 ("none" never).
	FailOn string
	// Template is the text/template file of --format template.
	Template string
}

// ReportSubjectAnnotation is the cobra annotation AddReportFlags sets to the
// command's report subject, so tests can find every command that writes
// reports and check it against the registry.
const ReportSubjectAnnotation = "aims/report-subject"

// ReportFlags ties a command's ReportOptions to its flags and settings.
type ReportFlags struct {
	cmd     *cobra.Command
	opts    *ReportOptions
	subject report.Subject
}

// AddReportFlags adds --format, --output, --fail-on and, where the subject
// has the template format, --template to cmd. Help, completion and
// validation of --format come from the report registry, so a new format
// reaches every command that can write it without a change here. Call
// Resolve from RunE.
func AddReportFlags(cmd *cobra.Command, opts *ReportOptions, s report.Subject) *ReportFlags {
	names := report.FormatNames(s)
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[ReportSubjectAnnotation] = string(s)
	fl := cmd.Flags()
	fl.String("format", "", "output format: "+strings.Join(names, ", ")+" (default table)")
	fl.StringP("output", "o", "", "write the output to FILE (atomically) instead of stdout")
	fl.String("fail-on", "", "exit 1 on findings at or above: low, medium, high, critical (default none)")
	if hasTemplate(s) {
		fl.StringVar(&opts.Template, "template", "", "text/template file for --format template")
	}
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, fi := range report.FormatsFor(s) {
			out = append(out, string(fi.Name)+"\t"+fi.Description)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("fail-on", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"none", "low", "medium", "high", "critical"}, cobra.ShellCompDirectiveNoFileComp
	})
	return &ReportFlags{cmd: cmd, opts: opts, subject: s}
}

func hasTemplate(s report.Subject) bool {
	fi, ok := report.Lookup(string(report.FormatTemplate))
	return ok && fi.Supports(s)
}

// Resolve reads format, output and fail_on after flag > AIMS_* env >
// aims.yaml > default and validates them. A --template without a format
// means --format template; with another explicit --format it is an error.
func (rf *ReportFlags) Resolve(f *Factory) error {
	// Bind at run time, not when the tree is built: several commands share
	// these keys and viper keeps only the last flag bound to a key.
	fl := rf.cmd.Flags()
	f.Bind(fl.Lookup("format"), "format")
	f.Bind(fl.Lookup("output"), "output")
	f.Bind(fl.Lookup("fail-on"), "fail_on")
	o := rf.opts
	o.Format = f.String("format")
	o.Output = f.String("output")
	o.FailOn = f.String("fail_on")
	return o.check(rf.subject, fl.Changed("format"))
}

// check validates and completes opts for subject s.
func (o *ReportOptions) check(s report.Subject, formatChanged bool) error {
	tmpl := string(report.FormatTemplate)
	if o.Template != "" && o.Format == "" {
		o.Format = tmpl
	}
	if o.Format == "" {
		o.Format = string(report.FormatTable)
	}
	if err := report.CheckFormat(o.Format, s); err != nil {
		return &InputError{Err: err}
	}
	switch {
	case o.Format == tmpl && o.Template == "":
		return InputErrorf("--format template needs --template FILE")
	case o.Template != "" && o.Format != tmpl:
		if formatChanged {
			return InputErrorf("--template goes with --format template, not --format %s", o.Format)
		}
		// The format came from the environment or aims.yaml; the flag wins.
		o.Format = tmpl
	}
	if o.FailOn == "" {
		o.FailOn = model.SeverityNone
	}
	return CheckFailOn(o.FailOn)
}

// ToFile reports whether the report goes to a file rather than stdout (a
// file gets no colour).
func (o *ReportOptions) ToFile() bool { return o.Output != "" && o.Output != "-" }

// Emit renders the report in full, then writes it to --output (atomically)
// or to out.
func (o *ReportOptions) Emit(out io.Writer, render func(io.Writer) error) error {
	return Emit(out, o.Output, render)
}

// Gate is the exit-1 gate of every reporting command: a FailError with
// msg(n, threshold) when n > 0 findings are at or above --fail-on, else nil.
func (o *ReportOptions) Gate(findings []model.Finding, msg func(n int, threshold string) string) error {
	n := AtOrAbove(findings, o.FailOn)
	if n == 0 {
		return nil
	}
	return &FailError{Msg: msg(n, o.FailOn)}
}

// AddLogFlags adds --log and --no-logs, the audit-log flags of every command
// that runs the assessment (assess, pack).
func AddLogFlags(cmd *cobra.Command, paths *[]string, noLogs *bool) {
	fl := cmd.Flags()
	fl.StringArrayVar(paths, "log", nil, "also analyse this audit-log file, directory or glob (format auto; repeatable)")
	fl.BoolVar(noLogs, "no-logs", false, "skip the logs aims.yaml names")
}

// CheckLogFlags rejects --no-logs with --log.
func CheckLogFlags(paths []string, noLogs bool) error {
	if noLogs && len(paths) > 0 {
		return InputErrorf("--no-logs and --log do not go together")
	}
	return nil
}
