// Package validate implements `aims validate`.
package validate

import (
	"errors"
	"fmt"
	"github.com/aims-cli/aims/pkg/report/textsafe"
	"github.com/aims-cli/aims/pkg/safeopen"
	"os"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
)

// Options are the parsed flags of `aims validate`.
type Options struct {
	Factory *cmdutil.Factory
	// Paths are files given on the command line; empty means the config and everything it names.
	Paths []string
	// Strict turns warnings (missing evidence, credentials, TODO markers) into failures.
	Strict bool
}

// NewCmdValidate returns `aims validate`.
func NewCmdValidate(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Check the config and everything it names against the schema and each other",
		Long: `Check aims.yaml and everything it names (inventory, agent configs, catalogues, log
paths), or only the files given, against the schema and against each other.

Every problem is printed as file:line:col: message — all of them, not just the first:
unknown fields (with the nearest known name), wrong types, impossible dates, bad enum
values, a wrong apiVersion or kind, duplicate keys and IDs (naming both places) and
references that do not resolve.

Evidence paths that do not exist or leave the project root, credentials found in
inputs and TODO markers left by 'aims import' are printed as warnings: they become
findings in 'aims assess' and fail validate only with --strict.`,
		Example: `  aims validate
  aims validate --config examples/aims.yaml
  aims validate agents/triage.yaml agents/reply-bot.yaml
  aims validate --strict`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return validateRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "fail on warnings too")
	return cmd
}

func validateRun(opts *Options) error {
	f := opts.Factory
	var problems load.Problems
	var summary string
	if len(opts.Paths) == 0 {
		proj, err := f.Project()
		if err != nil {
			return inputErr(err)
		}
		problems = append(problems, proj.Warnings...)
		cat, err := catalogue.LoadSet(proj.Config.Catalogues, proj.Config.Dir)
		if err != nil {
			return inputErr(err)
		}
		var ids []string
		for _, c := range cat.Controls() {
			ids = append(ids, c.ID)
		}
		problems = append(problems, load.CheckSoA(proj.Inventory, ids, func(id string) bool {
			_, ok := cat.Lookup(id)
			return ok
		})...)
		summary = fmt.Sprintf("%s: %d system(s), %d agent(s), %d vendor(s), %d catalogue control(s)",
			proj.Config.File, len(proj.Inventory.Systems), len(proj.Agents), len(proj.Inventory.Vendors), len(cat.Controls()))
	} else {
		ps, n, err := validateFiles(opts.Paths)
		if err != nil {
			return err
		}
		problems = ps
		summary = fmt.Sprintf("%d file(s)", n)
	}
	problems.Sort()
	errs := problems.Errors()
	for _, p := range problems {
		fmt.Fprintln(f.IO.ErrOut, textsafe.Message(p.String()))
	}
	if len(errs) > 0 {
		return &cmdutil.SilentError{Code: cmdutil.ExitInput}
	}
	warnings := len(problems) - len(errs)
	if opts.Strict && warnings > 0 {
		fmt.Fprintf(f.IO.ErrOut, "%d warning(s); --strict fails on warnings\n", warnings)
		return &cmdutil.SilentError{Code: cmdutil.ExitFindings}
	}
	if !f.Quiet {
		fmt.Fprintf(f.IO.Out, "ok: %s valid", summary)
		if warnings > 0 {
			fmt.Fprintf(f.IO.Out, " (%d warning(s))", warnings)
		}
		fmt.Fprintln(f.IO.Out)
	}
	return nil
}

// inputErr keeps positioned problems as they are and marks the rest as input errors.
func inputErr(err error) error {
	var ps load.Problems
	if errors.As(err, &ps) {
		return ps
	}
	return &cmdutil.InputError{Err: err}
}

// validateFiles checks files given on the command line, each by the kind it declares.
// Agents are cross-checked against an inventory given alongside them.
func validateFiles(paths []string) (load.Problems, int, error) {
	var ps load.Problems
	var inv *model.Inventory
	var agents []*model.Agent
	n := 0
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, 0, cmdutil.InputErrorf("%s: no such file", p)
		}
		if info.IsDir() {
			return nil, 0, cmdutil.InputErrorf("%s is a directory; give files, or --config for a whole project", p)
		}
		data, err := safeopen.ReadFile(p, load.MaxFileBytes)
		if err != nil {
			return nil, 0, &cmdutil.InputError{Err: err}
		}
		n++
		_, kind := load.Kind(data)
		switch kind {
		case model.KindConfig:
			if _, err := load.LoadProject(p); err != nil {
				var lp load.Problems
				if errors.As(err, &lp) {
					ps = append(ps, lp...)
				} else {
					return nil, 0, &cmdutil.InputError{Err: err}
				}
			}
		case model.KindInventory:
			i, ips := load.ParseInventory(p, data)
			ps = append(ps, ips...)
			if i != nil {
				inv = i
			}
		default:
			// Agent is the default: a file with no kind gets the agent's header errors.
			a, aps := load.ParseAgent(p, data)
			ps = append(ps, aps...)
			if a != nil {
				agents = append(agents, a)
			}
		}
		ps = append(ps, load.ScanCredentials(p, data)...)
	}
	if inv != nil {
		ps = append(ps, load.CrossCheck(inv, agents)...)
	} else {
		ps = append(ps, duplicateAgents(agents)...)
	}
	return ps, n, nil
}

func duplicateAgents(agents []*model.Agent) load.Problems {
	var ps load.Problems
	first := map[string]model.Pos{}
	for _, a := range agents {
		pos := a.Pos.Lookup("id")
		if p, dup := first[a.ID]; dup && a.ID != "" {
			ps = append(ps, load.Problem{Pos: pos, Severity: load.Error, Msg: fmt.Sprintf("duplicate agent id %q (first at %s)", a.ID, p)})
			continue
		}
		first[a.ID] = pos
	}
	return ps
}
