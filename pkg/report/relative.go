package report

import (
	"slices"

	"github.com/aims-cli/aims/pkg/model"
)

// Reports for people (table, markdown, template, junit, csv) name files
// relative to the project root, so that they read the same on every machine
// and stay narrow; json keeps the result as it is and sarif does its own.
// The caller's values are never modified: these return copies.

func relPos(p model.Pos, root string) model.Pos {
	if root == "" || p.File == "" {
		return p
	}
	if rel, inside := relPath(p.File, root); inside {
		p.File = rel
	}
	return p
}

func relFindings(fs []model.Finding, root string) []model.Finding {
	out := slices.Clone(fs)
	for i := range out {
		out[i].Location = relPos(out[i].Location, root)
	}
	return out
}

func relResult(res *model.Result, root string) *model.Result {
	if root == "" {
		return res
	}
	c := *res
	c.Findings = relFindings(res.Findings, root)
	c.Evidence = slices.Clone(res.Evidence)
	for i := range c.Evidence {
		c.Evidence[i].Source = relPos(c.Evidence[i].Source, root)
	}
	c.Agents = slices.Clone(res.Agents)
	for i := range c.Agents {
		c.Agents[i].Source = relPos(c.Agents[i].Source, root)
	}
	c.Systems = slices.Clone(res.Systems)
	for i := range c.Systems {
		c.Systems[i].Source = relPos(c.Systems[i].Source, root)
	}
	c.Vendors = slices.Clone(res.Vendors)
	for i := range c.Vendors {
		c.Vendors[i].Source = relPos(c.Vendors[i].Source, root)
	}
	c.Logs = relLogs(res.Logs, root)
	return &c
}

func relLogs(s *model.LogSummary, root string) *model.LogSummary {
	if s == nil || root == "" {
		return s
	}
	c := *s
	c.Findings = relFindings(s.Findings, root)
	c.Files = slices.Clone(s.Files)
	for i := range c.Files {
		c.Files[i].Path = relPos(model.Pos{File: c.Files[i].Path}, root).File
		c.Files[i].Errors = slices.Clone(c.Files[i].Errors)
		for j := range c.Files[i].Errors {
			c.Files[i].Errors[j].Location = relPos(c.Files[i].Errors[j].Location, root)
		}
	}
	c.Shadow = slices.Clone(s.Shadow)
	for i := range c.Shadow {
		c.Shadow[i].Source = relPos(c.Shadow[i].Source, root)
	}
	return &c
}

// RelativeTo returns a copy of res with every file named relative to the
// project root (slash-separated), so that JSON outputs and packs read the same
// whatever directory aims ran from. Files outside the root keep their path.
func RelativeTo(res *model.Result, root string) *model.Result { return relResult(res, root) }

// LogsRelativeTo is RelativeTo for a logs analyze summary: log findings cite
// agent configs as well as log files, and both read relative to the root.
func LogsRelativeTo(s *model.LogSummary, root string) *model.LogSummary { return relLogs(s, root) }
