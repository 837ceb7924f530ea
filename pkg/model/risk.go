package model

// RiskFactor is one reason the score moved, with its points.
type RiskFactor struct {
	ID     string `json:"id"`
	Points int    `json:"points"`
	Detail string `json:"detail"`
}

// RiskProfile is the computed risk of one agent.
type RiskProfile struct {
	Tier    string       `json:"tier"`
	Score   int          `json:"score"`
	Factors []RiskFactor `json:"factors"`
}

// Risk verdict states: how an agent's declared risk level stands against
// its computed tier. The verdict is made once (risk.Judge); every writer
// shows its State and never compares tiers itself.
const (
	// RiskNotDeclared: neither the agent nor its system declares a level.
	RiskNotDeclared = "not-declared"
	// RiskCovered: the declared level is at or above the computed tier.
	RiskCovered = "covered"
	// RiskBelow: the declared level is below the computed tier, and no
	// acceptance in effect covers it (a finding).
	RiskBelow = "below"
	// RiskAccepted: below, but accepted by a named person until a date.
	RiskAccepted = "accepted"
)

// RiskVerdict is the one judgement of an agent's declared against its
// computed risk. The computed tier is indicative: the tool's reading of the
// configuration, not an assessment.
type RiskVerdict struct {
	State    string `json:"state"`
	Declared string `json:"declared,omitempty"`
	// Source says where the declared level is set: "agent", "system" or "".
	Source   string `json:"declared_source,omitempty"`
	Computed string `json:"computed_tier"`
	// Below: a declared level lies below the computed tier (accepted or not).
	Below bool `json:"below"`
	// Accepted is the acceptance that applies (the agent's, else its
	// system's), in effect or not; AcceptedFrom says whose it is.
	Accepted     *RiskAcceptance `json:"accepted,omitempty"`
	AcceptedFrom string          `json:"accepted_from,omitempty"`
	// Expired: the acceptance ended before the assessment date, so the
	// divergence is a finding again. NotYet: it starts after that date.
	Expired bool `json:"expired,omitempty"`
	NotYet  bool `json:"not_yet,omitempty"`
}

// Summary is the verdict in words, as every report prints it.
func (v RiskVerdict) Summary() string {
	switch v.State {
	case RiskNotDeclared:
		return "no declared level"
	case RiskCovered:
		return "declared level covers the computed tier"
	case RiskAccepted, RiskBelow:
		if n := v.Note(); n != "" {
			return "declared below computed: " + n
		}
		return "declared below computed"
	}
	return ""
}

// Note says what became of the risk acceptance of a declared level below
// the computed tier: accepted (who, when, until), expired, not yet in
// effect; "" when there is none or the level is not below.
func (v RiskVerdict) Note() string {
	acc := v.Accepted
	if !v.Below || acc == nil {
		return ""
	}
	switch {
	case v.State == RiskAccepted:
		return "risk accepted by " + acc.By + " on " + acc.On.String() + " until " + acc.Expires.String()
	case v.NotYet:
		return "the risk acceptance by " + acc.By + " starts on " + acc.On.String()
	case v.Expired && acc.Expires.IsZero():
		return "the risk acceptance by " + acc.By + " has no expiry date, so it does not hold"
	case v.Expired:
		return "the risk acceptance by " + acc.By + " expired on " + acc.Expires.String()
	}
	return ""
}
