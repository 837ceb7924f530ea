// Package root wires every aims command into one cobra tree and maps errors to exit codes.
package root

import (
	"errors"
	"fmt"
	"github.com/aims-cli/aims/pkg/report/textsafe"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	assessCmd "github.com/aims-cli/aims/pkg/cmd/assess"
	completionCmd "github.com/aims-cli/aims/pkg/cmd/completion"
	controlsCmd "github.com/aims-cli/aims/pkg/cmd/controls"
	diffCmd "github.com/aims-cli/aims/pkg/cmd/diff"
	importCmd "github.com/aims-cli/aims/pkg/cmd/importcmd"
	initCmd "github.com/aims-cli/aims/pkg/cmd/initcmd"
	keygenCmd "github.com/aims-cli/aims/pkg/cmd/keygen"
	logsCmd "github.com/aims-cli/aims/pkg/cmd/logs"
	packCmd "github.com/aims-cli/aims/pkg/cmd/pack"
	schemaCmd "github.com/aims-cli/aims/pkg/cmd/schema"
	validateCmd "github.com/aims-cli/aims/pkg/cmd/validate"
	verifyCmd "github.com/aims-cli/aims/pkg/cmd/verify"
	versionCmd "github.com/aims-cli/aims/pkg/cmd/version"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	"github.com/aims-cli/aims/pkg/load"
)

// Main runs aims with args and returns the exit status. It never calls os.Exit.
func Main(args []string, io *iostreams.IOStreams) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(io.ErrOut, "aims: internal error: %v\n", r)
			code = cmdutil.ExitInternal
		}
	}()
	f := NewFactory(io)
	cmd := NewCmdRoot(f)
	cmd.SetArgs(args)
	cmd.SetOut(io.Out)
	cmd.SetErr(io.ErrOut)
	err := cmd.Execute()
	if err == nil {
		return cmdutil.ExitOK
	}
	if isUsageError(err) {
		err = &cmdutil.InputError{Err: err}
	}
	printError(io, err)
	return cmdutil.ExitCode(err)
}

// isUsageError spots cobra's own untyped errors for an unknown command.
func isUsageError(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "unknown flag") ||
		strings.HasPrefix(msg, "unknown shorthand flag")
}

func printError(io *iostreams.IOStreams, err error) {
	var se *cmdutil.SilentError
	if errors.As(err, &se) {
		return
	}
	var ps load.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(io.ErrOut, textsafe.Message(p.String()))
		}
		return
	}
	var pl cmdutil.ProblemLister
	if errors.As(err, &pl) {
		for _, p := range pl.ProblemLines() {
			fmt.Fprintln(io.ErrOut, textsafe.Message(p))
		}
	}
	var fe *cmdutil.FailError
	if errors.As(err, &fe) && fe.Msg == "" {
		return
	}
	// Errors quote input values; escaped, none can forge a "file:line:" line,
	// and redacted, none shows a credential.
	fmt.Fprintln(io.ErrOut, "aims: "+textsafe.Message(err.Error()))
}

// NewFactory builds the run's Factory over io.
func NewFactory(io *iostreams.IOStreams) *cmdutil.Factory {
	f := &cmdutil.Factory{IO: io, Viper: cmdutil.NewViper()}
	f.Now = func() time.Time { return time.Now().UTC().Truncate(time.Second) }
	f.ConfigPath = func() string {
		if p := f.Viper.GetString("config"); p != "" {
			return p
		}
		return "aims.yaml"
	}
	f.ConfigExplicit = func() bool { return f.Viper.GetString("config") != "" }
	var proj *load.Project
	var projErr error
	loaded := false
	f.Project = func() (*load.Project, error) {
		if !loaded {
			loaded = true
			proj, projErr = load.LoadProject(f.ConfigPath())
		}
		return proj, projErr
	}
	return f
}

// NewCmdRoot returns the aims command tree.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "aims <command> [flags]",
		Short: "Turn AI agents into ISO/IEC 42001 audit evidence",
		Long: `aims reads an AI system inventory, agent configs and audit-log exports, evaluates
them against the ISO/IEC 42001 control catalogue, and writes gap reports and
auditor-ready, verifiable evidence packs.`,
		Example: `  aims init
  aims validate
  aims assess --fail-on high
  aims logs analyze exports/*.jsonl.gz
  aims pack --out evidence.zip --sign-key aims.key`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := flagsFromEnv(cmd); err != nil {
				return err
			}
			return setup(f)
		},
	}
	cmd.SetHelpTemplate(cmd.HelpTemplate())
	pf := cmd.PersistentFlags()
	pf.String("config", "", "config file (default ./aims.yaml)")
	pf.String("now", "", "the clock for age checks and pack timestamps (RFC 3339); SOURCE_DATE_EPOCH is honoured too")
	pf.Bool("no-color", false, "no colour in output")
	pf.BoolP("quiet", "q", false, "print only results and errors")
	pf.BoolP("verbose", "v", false, "print more about what is done")
	for _, name := range []string{"config", "now", "no-color", "quiet", "verbose"} {
		f.Bind(pf.Lookup(name), strings.ReplaceAll(name, "-", "_"))
	}
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &cmdutil.InputError{Err: err}
	})

	cmd.AddCommand(
		versionCmd.NewCmdVersion(f, nil),
		completionCmd.NewCmdCompletion(f),
		initCmd.NewCmdInit(f, nil),
		validateCmd.NewCmdValidate(f, nil),
		schemaCmd.NewCmdSchema(f, nil),
		controlsCmd.NewCmdControls(f),
		assessCmd.NewCmdAssess(f, nil),
		logsCmd.NewCmdLogs(f),
		packCmd.NewCmdPack(f, nil),
		verifyCmd.NewCmdVerify(f, nil),
		keygenCmd.NewCmdKeygen(f, nil),
		diffCmd.NewCmdDiff(f, nil),
		importCmd.NewCmdImport(f, nil),
	)
	addExitStatus(cmd)
	usageArgs(cmd)
	return cmd
}

// usageArgs turns every argument-validation error into an input error (exit 2).
func usageArgs(cmd *cobra.Command) {
	if args := cmd.Args; args != nil {
		cmd.Args = func(c *cobra.Command, a []string) error {
			if err := args(c, a); err != nil {
				return &cmdutil.InputError{Err: err}
			}
			return nil
		}
	}
	for _, c := range cmd.Commands() {
		usageArgs(c)
	}
}

// addExitStatus ends every command's help with its own EXIT STATUS.
func addExitStatus(cmd *cobra.Command) {
	if !strings.Contains(cmd.Long, "EXIT STATUS") {
		long := cmd.Long
		if long == "" {
			long = cmd.Short
		}
		cmd.Long = long + "\n" + exitStatus(cmd)
	}
	for _, c := range cmd.Commands() {
		addExitStatus(c)
	}
}

// flagsFromEnv gives every flag the command line left unset the value of
// AIMS_<FLAG> (--fail-on from AIMS_FAIL_ON), so that every flag can come from
// the environment as docs/contract.md §1 promises: flag > environment > aims.yaml > default.
func flagsFromEnv(cmd *cobra.Command) error {
	var err error
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		if err != nil || fl.Changed || fl.Name == "help" {
			return
		}
		name := "AIMS_" + strings.ToUpper(strings.ReplaceAll(fl.Name, "-", "_"))
		// An empty value counts as unset, as CI templates often export empty variables.
		v := os.Getenv(name)
		if v == "" {
			return
		}
		if serr := cmd.Flags().Set(fl.Name, v); serr != nil {
			err = cmdutil.InputErrorf("%s=%q: %v", name, v, serr)
		}
	})
	return err
}

// setup resolves the global flags once per run: the clock, colour, verbosity.
func setup(f *cmdutil.Factory) error {
	f.IO.SetNoColor(f.Viper.GetBool("no_color") || !f.IO.ColorEnabled())
	f.Quiet = f.Viper.GetBool("quiet")
	f.Verbose = f.Viper.GetBool("verbose")
	now, err := clock(f.Viper.GetString("now"), os.Getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return err
	}
	if !now.IsZero() {
		f.Now = func() time.Time { return now }
	}
	return nil
}

// clock returns the fixed clock from --now or SOURCE_DATE_EPOCH (zero when neither is set).
func clock(now, epoch string) (time.Time, error) {
	if now != "" {
		t, err := time.Parse(time.RFC3339, now)
		if err != nil {
			if d, derr := time.Parse("2006-01-02", now); derr == nil {
				return d.UTC(), nil
			}
			return time.Time{}, cmdutil.InputErrorf("--now %q is not an RFC 3339 time (e.g. 2026-11-20T00:00:00Z)", now)
		}
		return t.UTC(), nil
	}
	if epoch != "" {
		secs, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return time.Time{}, cmdutil.InputErrorf("SOURCE_DATE_EPOCH %q is not a number of seconds", epoch)
		}
		return time.Unix(secs, 0).UTC(), nil
	}
	return time.Time{}, nil
}
