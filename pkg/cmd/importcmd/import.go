// Package importcmd implements `aims import`.
package importcmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/importer"
	"github.com/aims-cli/aims/pkg/iostreams"
)

// Options are the parsed flags of `aims import`.
type Options struct {
	IO      *iostreams.IOStreams
	Format  string
	Files   []string
	OutDir  string
	System  string
	Force   bool
	Verbose bool
	// ReadFile reads inputs and the files they refer to; tests replace it.
	ReadFile func(name string) ([]byte, error)
}

// NewCmdImport returns `aims import`.
func NewCmdImport(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, ReadFile: os.ReadFile}
	cmd := &cobra.Command{
		Use:   "import FORMAT FILE...",
		Short: "Convert agent definitions of other formats into aims agent configs",
		Long: `Convert the agent definitions a team already has into aims agent configs, one
file per agent, named after the agent's id, in the output directory.

Formats:
  crewai   CrewAI agents.yaml and tasks.yaml, or the JSONC project (crew.jsonc;
           its agents/NAME.jsonc are read beside it): human_input tasks are
           output reviews (not tool approvals), output_file a data write
  kagent   kagent Agent (v1alpha1, v1alpha2) and SandboxAgent (v1alpha3)
           resources (toolNames are grants, requireApproval is oversight); the
           ModelConfig and RemoteMCPServer they name may be in any file given
  mcp      MCP client configs: mcpServers (Claude, Cursor) or servers (VS Code);
           one grant per server; credentials in env, headers and args are not copied
  adk      Google ADK agent config YAML; sub_agents by config_path are read
           relative to the file and imported too
  m365     Microsoft 365 Copilot declarative agent manifests (schema v1.x), or
           the app manifest.json that lists them: capabilities and actions
           become grants (EmailActions, MeetingActions with write operations),
           knowledge capabilities data sources; ${{NAME}} placeholders are TODOs
  a2a      A2A agent cards, v0.3 and v1.0: skills are what the agent offers
           (listed in the header, not grants); security schemes described

Every field the source has is mapped. The governance fields no source has
(owner, system, lifecycle, scope, audience, isolation, logging ...) are written
as "TODO: ..." values that aims validate reports until they are filled in;
fields that cannot hold such a value (booleans, numbers, dates) are listed in
a comment at the top of each file. The summary lists, per agent, the file
written and what must still be filled in.

Existing files are never overwritten unless --force is given, and importing
the same input twice writes the same bytes.`,
		Example: `  aims import crewai config/agents.yaml config/tasks.yaml
  aims import kagent k8s/agents.yaml -o agents --system loan-origination
  aims import mcp .mcp.json
  aims import adk root_agent.yaml
  aims import m365 appPackage/declarativeAgent.json
  aims import a2a agent-card.json --force`,
		ValidArgs: importer.Formats,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmdutil.InputErrorf("missing FORMAT (one of: %s) and FILE", strings.Join(importer.Formats, ", "))
			}
			if !slices.Contains(importer.Formats, args[0]) {
				return cmdutil.InputErrorf("unknown format %q (want one of: %s)", args[0], strings.Join(importer.Formats, ", "))
			}
			if len(args) < 2 {
				return cmdutil.InputErrorf("missing FILE: give the %s file(s) to import", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Format, opts.Files = args[0], args[1:]
			opts.OutDir = f.String("import.out")
			opts.System = f.String("import.system")
			opts.Verbose = f.Verbose
			if opts.OutDir == "" {
				opts.OutDir = "agents"
			}
			if runF != nil {
				return runF(opts)
			}
			return importRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringP("out", "o", "agents", "directory to write the agent configs to (created if missing)")
	fl.String("system", "", "inventory system id of the imported agents (default: a TODO marker)")
	fl.BoolVar(&opts.Force, "force", false, "overwrite existing files")
	f.Bind(fl.Lookup("out"), "import.out")
	f.Bind(fl.Lookup("system"), "import.system")
	return cmd
}

// written is one file the run writes.
type written struct {
	path  string
	agent *importer.Agent
	data  []byte
}

func importRun(opts *Options) error {
	read := opts.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	files := make([]importer.File, 0, len(opts.Files))
	for _, name := range opts.Files {
		if st, err := os.Stat(name); err == nil && st.IsDir() {
			return cmdutil.InputErrorf("%s: is a directory; give the %s file(s)", name, opts.Format)
		}
		data, err := read(name)
		if err != nil {
			return &cmdutil.InputError{Msg: "read " + name, Err: unwrapPath(err)}
		}
		files = append(files, importer.File{Name: name, Data: data})
	}
	agents, err := importer.Import(opts.Format, files, importer.Options{System: opts.System, ReadFile: read})
	if err != nil {
		return &cmdutil.InputError{Err: err}
	}

	var out []written
	var exists []string
	for _, a := range agents {
		data, err := importer.Render(a, opts.Format)
		if err != nil {
			return err
		}
		p := filepath.Join(opts.OutDir, a.Agent.ID+".yaml")
		if _, err := os.Lstat(p); err == nil && !opts.Force {
			exists = append(exists, p)
		}
		out = append(out, written{path: p, agent: a, data: data})
	}
	if len(exists) > 0 {
		return &cmdutil.InputError{
			Msg:      fmt.Sprintf("refusing to overwrite %d existing file(s); nothing was written (use --force to overwrite)", len(exists)),
			Problems: prefix(exists, "exists: "),
		}
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return &cmdutil.InputError{Msg: "create output directory", Err: err}
	}
	for _, w := range out {
		if err := cmdutil.WriteFileAtomic(w.path, w.data, 0o644); err != nil {
			return err
		}
	}
	return summary(opts.IO.Out, opts, out)
}

func summary(w io.Writer, opts *Options, out []written) error {
	noun := "agents"
	if len(out) == 1 {
		noun = "agent"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Imported %d %s (%s) into %s:\n", len(out), noun, opts.Format, opts.OutDir)
	for _, x := range out {
		a := x.agent
		fmt.Fprintf(&b, "\n%s  (agent %s, from %s)\n", x.path, a.Agent.ID, strings.Join(a.Sources, ", "))
		if todo := importer.TODOs(&a.Agent); len(todo) > 0 {
			fmt.Fprintf(&b, "  fill in: %s\n", strings.Join(todo, ", "))
		}
		if len(a.Later) > 0 {
			fmt.Fprintf(&b, "  add:     %s\n", strings.Join(shortLater(a.Later), ", "))
		}
		if len(a.Offers) > 0 {
			fmt.Fprintf(&b, "  offers:  %d (not grants)\n", len(a.Offers))
		}
		if len(a.OutputReview) > 0 {
			fmt.Fprintf(&b, "  output review: %s\n", strings.Join(a.OutputReview, "; "))
		}
		if len(a.Unknown) > 0 {
			fmt.Fprintf(&b, "  warning: %d source field(s) not read (listed in the file's header)\n", len(a.Unknown))
			if opts.Verbose {
				for _, u := range a.Unknown {
					fmt.Fprintf(&b, "    %s\n", u)
				}
			}
		}
		if opts.Verbose {
			for _, n := range a.Notes {
				fmt.Fprintf(&b, "  note:    %s\n", n)
			}
		} else if len(a.Notes) > 0 {
			fmt.Fprintf(&b, "  notes:   %d in the file's header\n", len(a.Notes))
		}
	}
	fmt.Fprintf(&b, "\nNext: fill in the TODO values, then run: aims validate %s\n", filepath.Join(opts.OutDir, "*.yaml"))
	_, err := io.WriteString(w, b.String())
	return err
}

// shortLater drops the explanations in parentheses for the one-line summary.
func shortLater(l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		if j := strings.Index(s, " ("); j > 0 {
			s = s[:j]
		}
		out[i] = s
	}
	return out
}

func prefix(l []string, p string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = p + s
	}
	return out
}

// unwrapPath drops the *PathError wrapper, whose message repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
