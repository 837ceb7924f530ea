package root

import (
	"strings"

	"github.com/spf13/cobra"
)

// exitOne says, per command, what exit status 1 means; a command that is not
// listed never exits 1 (its help says so by leaving the line out).
var exitOne = map[string]string{
	"aims assess":       "findings at or above --fail-on",
	"aims logs analyze": "findings at or above --fail-on",
	"aims diff":         "findings at or above --fail-on (a change that widens an agent's risk without a new assessment)",
	"aims validate":     "warnings, with --strict (missing evidence, credentials, TODOs)",
	"aims verify":       "the pack does not verify: a file added, missing or changed, or a bad signature",
}

// exitTwo says what exit status 2 means where it is more than bad usage.
var exitTwo = map[string]string{
	"aims validate": "problems in the config or the files it names (each as file:line:col), or bad usage",
	"aims verify":   "the pack or the key cannot be read, or bad usage",
	"aims keygen":   "the key files cannot be written (or exist already), or bad usage",
	"aims init":     "the files cannot be written (or exist already), or bad usage",
}

// exitStatus is the EXIT STATUS section of one command's help: only the
// codes that command can return (restic's help does the same).
func exitStatus(cmd *cobra.Command) string {
	path := cmd.CommandPath()
	var b strings.Builder
	b.WriteString("\nEXIT STATUS\n  0  ok\n")
	if m, ok := exitOne[path]; ok {
		b.WriteString("  1  " + m + "\n")
	}
	two := "bad usage or bad input (the message says where)"
	if m, ok := exitTwo[path]; ok {
		two = m
	}
	b.WriteString("  2  " + two + "\n")
	b.WriteString("  3  internal error")
	return b.String()
}
