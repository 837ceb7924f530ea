// Package actions builds the corrective-action register of ISO/IEC 42001
// 10.2: one open action per finding, with an owner and a due date from the
// severity policy of aims.yaml. It is the one home of that rule; the XLSX
// sheet and actions.csv only format its rows.
package actions

import (
	"time"

	"github.com/aims-cli/aims/pkg/model"
)

// DefaultDueDays is the severity policy used where aims.yaml sets none
// (corrective_actions.due_days).
var DefaultDueDays = map[string]int{
	model.SeverityCritical: 7,
	model.SeverityHigh:     30,
	model.SeverityMedium:   90,
	model.SeverityLow:      180,
}

// RoleFallback is the AIMS role that owns an action whose subject names no owner.
const RoleFallback = "ai-owner"

// StatusOpen is the status of every action the tool raises: only the
// organisation can close one.
const StatusOpen = "open"

// Action is one row of the register.
type Action struct {
	FindingID string `json:"finding_id"`
	Control   string `json:"control"`
	Severity  string `json:"severity"`
	Subject   string `json:"subject"` // kind:id, or "" for the organisation
	Message   string `json:"message"`
	Owner     string `json:"owner"`
	// OwnerSource says where Owner came from: "agent", "system", "policy",
	// "control attestation", "role ai-owner", or "none".
	OwnerSource string `json:"owner_source"`
	DueDays     int    `json:"due_days"`
	Due         string `json:"due"` // YYYY-MM-DD: assessment date + DueDays
	Status      string `json:"status"`
	Remediation string `json:"remediation,omitempty"`
}

// Register returns one action per finding of res, in finding order. inv may
// be nil (owners then come from the result and no role). dueDays overrides
// DefaultDueDays per severity; values below 1 are ignored.
func Register(res *model.Result, inv *model.Inventory, dueDays map[string]int) []Action {
	if res == nil {
		return nil
	}
	days := map[string]int{}
	for k, v := range DefaultDueDays {
		days[k] = v
	}
	for k, v := range dueDays {
		if v > 0 {
			days[k] = v
		}
	}
	systemOwner := map[string]string{}
	for _, s := range res.Systems {
		systemOwner[s.System.ID] = s.System.Owner
	}
	agentOwner := map[string][2]string{}
	for _, a := range res.Agents {
		if a.Agent == nil {
			continue
		}
		switch {
		case a.Agent.Owner != "":
			agentOwner[a.Agent.ID] = [2]string{a.Agent.Owner, "agent"}
		case systemOwner[a.Agent.System] != "":
			agentOwner[a.Agent.ID] = [2]string{systemOwner[a.Agent.System], "system"}
		}
	}
	controlOwner := map[string]string{}
	for _, c := range res.Controls {
		if c.Attestation != nil {
			controlOwner[c.ID] = c.Attestation.Owner
		}
	}
	policyOwner := map[string]string{}
	role := ""
	if inv != nil {
		for _, p := range inv.Policies {
			policyOwner[p.ID] = p.Owner
		}
		for _, r := range inv.Organization.Roles {
			if r.Role == RoleFallback && role == "" {
				role = r.Name
			}
		}
	}
	day := res.GeneratedAt.UTC().Truncate(24 * time.Hour)
	out := make([]Action, 0, len(res.Findings))
	for _, f := range res.Findings {
		a := Action{FindingID: f.ID, Control: f.Control, Severity: f.Severity, Message: f.Message,
			Remediation: f.Remediation, Status: StatusOpen}
		if f.Subject != "" {
			a.Subject = f.SubjectKind + ":" + f.Subject
		}
		owner, src := "", ""
		switch f.SubjectKind {
		case model.SubjectAgent:
			o := agentOwner[f.Subject]
			owner, src = o[0], o[1]
		case model.SubjectSystem:
			owner, src = systemOwner[f.Subject], "system"
		case model.SubjectPolicy:
			owner, src = policyOwner[f.Subject], "policy"
		}
		if owner == "" && controlOwner[f.Control] != "" {
			owner, src = controlOwner[f.Control], "control attestation"
		}
		if owner == "" && role != "" {
			owner, src = role, "role "+RoleFallback
		}
		if owner == "" {
			src = "none"
		}
		a.Owner, a.OwnerSource = owner, src
		a.DueDays = days[f.Severity]
		if a.DueDays == 0 {
			a.DueDays = DefaultDueDays[model.SeverityLow]
		}
		if !res.GeneratedAt.IsZero() {
			a.Due = day.AddDate(0, 0, a.DueDays).Format(time.DateOnly)
		}
		out = append(out, a)
	}
	return out
}

// Header is the header row of actions.csv and the register sheet.
var Header = []string{"finding_id", "control", "severity", "subject", "finding", "owner", "owner_source", "due", "due_days", "status", "remediation"}
