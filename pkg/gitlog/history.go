package gitlog

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// AgentHistory returns, for every agent config, every commit that touched it
// (following renames) with the risk delta of that commit. Tiers are computed
// without the inventory; AgentHistoryWith takes one. It never fails: without
// git, outside a repository or on a broken repository the history carries a
// one-line Note instead.
func AgentHistory(ctx context.Context, root string, agents []*model.Agent, now time.Time) *model.History {
	return AgentHistoryWith(ctx, root, agents, nil, now)
}

// AgentHistoryWith is AgentHistory with tiers computed against inv (the
// head inventory: its systems and vendors), as assess computes them, so that
// a commit's delta shows what the change itself did to the agent. Commits
// dated after now are left out (the history as of the run's clock).
func AgentHistoryWith(ctx context.Context, root string, agents []*model.Agent, inv *model.Inventory, now time.Time) *model.History {
	return AgentHistoryIn(ctx, root, agents, inv, model.Period{}, now)
}

// AgentHistoryIn is AgentHistoryWith for the commits of the period: those
// before its first day or after its last day are left out too, and counted
// (distinct commits) in BeforePeriod and AfterPeriod with those after now.
func AgentHistoryIn(ctx context.Context, root string, agents []*model.Agent, inv *model.Inventory, period model.Period, now time.Time) *model.History {
	h := &model.History{Changes: []model.AgentChange{}}
	repo, err := Open(ctx, root)
	switch {
	case errors.Is(err, ErrNoGit):
		h.Note, h.Skipped = "change history skipped: git is not installed", true
		return h
	case err != nil:
		h.Note, h.Skipped = "change history skipped: "+filepath.Base(root)+" is not in a git repository", true
		return h
	}
	w := window{from: period.From.Time, to: now}
	if !period.To.IsZero() {
		// The last instant of the period's last day.
		if end := period.To.AddDate(0, 0, 1).Add(-time.Nanosecond); w.to.IsZero() || end.Before(w.to) {
			w.to = end
		}
	}
	before, after := map[string]bool{}, map[string]bool{}
	boundary := map[string]bool{}
	if shallow, at := repo.Shallow(ctx); shallow {
		for _, c := range at {
			boundary[c] = true
		}
		short := make([]string, len(at))
		for i, c := range at {
			short[i] = abbrev(c)
		}
		slices.Sort(short)
		h.Truncated = "history truncated at " + strings.Join(short, ", ") + " (shallow clone; fetch the full history with `git fetch --unshallow`)"
		if len(short) == 0 {
			h.Truncated = "history truncated (shallow clone; fetch the full history with `git fetch --unshallow`)"
		}
	}
	var systems map[string]*model.System
	var vendors map[string]*model.Vendor
	if inv != nil {
		systems, vendors = map[string]*model.System{}, map[string]*model.Vendor{}
		for i := range inv.Systems {
			systems[inv.Systems[i].ID] = &inv.Systems[i]
		}
		for i := range inv.Vendors {
			vendors[inv.Vendors[i].ID] = &inv.Vendors[i]
		}
	}
	var notes []string
	for _, a := range agents {
		rel, err := repo.Rel(a.File)
		if err != nil {
			notes = append(notes, a.ID+": "+err.Error())
			continue
		}
		changes, err := fileHistory(ctx, repo, a, rel, inv, systems, vendors, boundary, w, before, after)
		if err != nil {
			notes = append(notes, a.ID+": "+err.Error())
			continue
		}
		h.Changes = append(h.Changes, changes...)
	}
	h.BeforePeriod, h.AfterPeriod = len(before), len(after)
	if len(notes) > 0 {
		slices.Sort(notes)
		h.Note = "change history incomplete: " + strings.Join(notes, "; ")
	}
	slices.SortStableFunc(h.Changes, func(x, y model.AgentChange) int {
		if c := strings.Compare(x.Agent, y.Agent); c != 0 {
			return c
		}
		if c := x.Date.Compare(y.Date); c != 0 {
			return c
		}
		return strings.Compare(x.Commit, y.Commit)
	})
	return h
}

func abbrev(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// logEntry is one commit of `git log --follow --name-status` for a file.
type logEntry struct {
	commit, author, email, subject string
	parents                        []string
	date                           time.Time
	status, from, to               string
}

const logFormat = "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s"

func parseLog(out []byte) []logEntry {
	var entries []logEntry
	for _, rec := range strings.Split(string(out), "\x1e") {
		if rec == "" {
			continue
		}
		toks := strings.Split(rec, "\x00")
		head := strings.Split(toks[0], "\x1f")
		if len(head) < 6 {
			continue
		}
		e := logEntry{commit: head[0], parents: strings.Fields(head[1]), author: head[2], email: head[3], subject: head[5]}
		e.date, _ = time.Parse(time.RFC3339, head[4])
		e.date = e.date.UTC()
		rest := toks[1:]
		for i := 0; i < len(rest); i++ {
			st := strings.TrimSpace(rest[i])
			if st == "" {
				continue
			}
			switch {
			case (st[0] == 'R' || st[0] == 'C') && i+2 < len(rest):
				e.status, e.from, e.to = st[:1], rest[i+1], rest[i+2]
				i += 2
			case i+1 < len(rest):
				e.status, e.from, e.to = st[:1], rest[i+1], rest[i+1]
				i++
			}
			break
		}
		if e.status == "" {
			continue // a merge that did not change the file itself
		}
		entries = append(entries, e)
	}
	return entries
}

// window is the span of commit dates a history keeps, both ends included
// (zero: open).
type window struct{ from, to time.Time }

func fileHistory(ctx context.Context, repo *Repo, head *model.Agent, rel string, inv *model.Inventory,
	systems map[string]*model.System, vendors map[string]*model.Vendor, boundary map[string]bool, w window, before, after map[string]bool) ([]model.AgentChange, error) {
	out, err := repo.Git(ctx, "log", "--follow", "-M", "--no-color", logFormat, "--name-status", "-z", "--", rel)
	if err != nil {
		return nil, err
	}
	var changes []model.AgentChange
	for _, e := range parseLog(out) {
		switch {
		case !w.from.IsZero() && e.date.Before(w.from):
			before[e.commit] = true
			continue
		case !w.to.IsZero() && e.date.After(w.to):
			after[e.commit] = true
			continue
		}
		c := model.AgentChange{Agent: head.ID, File: e.to, Commit: e.commit, Author: e.author, Email: e.email,
			Date: e.date, Subject: e.subject}
		var before, after *model.Agent
		var beforeErr, afterErr string
		if e.status != "D" {
			after, afterErr = parseAt(ctx, repo, e.commit, e.to)
		}
		switch {
		case boundary[e.commit]:
			// A shallow clone's first commit looks like it added every file;
			// what it really changed is not in this clone.
			if after != nil {
				c.TierAfter = risk.Compute(after, systems[after.System], vendors).Tier
			}
			c.Delta = []string{"unknown: history truncated at this commit (shallow clone); its parent is not in this clone"}
			changes = append(changes, c)
			continue
		case e.status == "A":
		case len(e.parents) == 0:
			beforeErr = "parent commit not in this clone"
		default:
			before, beforeErr = parseAt(ctx, repo, e.parents[0], e.from)
		}
		if before != nil {
			c.TierBefore = risk.Compute(before, systems[before.System], vendors).Tier
		}
		if after != nil {
			c.TierAfter = risk.Compute(after, systems[after.System], vendors).Tier
		}
		c.Delta = delta(before, after, inv, e)
		if beforeErr != "" {
			c.Delta = append([]string{"before: " + beforeErr}, c.Delta...)
		}
		if afterErr != "" {
			c.Delta = append(c.Delta, "after: "+afterErr)
		}
		changes = append(changes, c)
	}
	return changes, nil
}

// parseAt parses an agent config as it was at a commit.
func parseAt(ctx context.Context, repo *Repo, commit, file string) (*model.Agent, string) {
	data, err := repo.Show(ctx, commit, file)
	if err != nil {
		return nil, "not readable at " + abbrev(commit)
	}
	a, ps := load.ParseAgent(file, data)
	if a == nil {
		msg := "does not parse"
		if errs := ps.Errors(); len(errs) > 0 {
			msg += ": " + errs[0].String()
		}
		return nil, msg
	}
	return a, ""
}

// delta says what a commit did to the agent's risk profile, one change a line
// ("widen: grant added jira:create_issue").
func delta(before, after *model.Agent, inv *model.Inventory, e logEntry) []string {
	side := func(a *model.Agent, file string) *diff.Side {
		s := &diff.Side{Inventory: inv}
		if a != nil {
			cp := *a
			cp.File = file
			s.Agents = []*model.Agent{&cp}
		}
		return s
	}
	// Both revisions get the same file name so that a rename is judged by the
	// log (which already says so) and not re-reported from the paths.
	r := diff.Compare(side(before, "agent.yaml"), side(after, "agent.yaml"), diff.Options{})
	var out []string
	if e.status == "R" && e.from != e.to {
		out = append(out, "neutral: file renamed from "+e.from)
	}
	for _, a := range r.Agents {
		for _, c := range a.Changes {
			if c.Field == "risk.computed" {
				continue
			}
			out = append(out, c.Effect+": "+c.What)
		}
	}
	if len(out) == 0 {
		out = append(out, "neutral: no risk-relevant change")
	}
	return out
}
