package risk

import (
	"time"

	"github.com/aims-cli/aims/pkg/model"
)

// Declared returns the agent's declared risk level, else its system's, and
// which of the two set it ("agent", "system", "").
func Declared(a *model.Agent, sys *model.System) (level, source string) {
	switch {
	case a.Risk.Level != "":
		return a.Risk.Level, "agent"
	case sys != nil && sys.Risk.Level != "":
		return sys.Risk.Level, "system"
	}
	return "", ""
}

// Judge is the one verdict of an agent's declared risk against its computed
// tier at now. A declared level below the computed tier is accepted while a
// risk acceptance (risk.accepted of the agent, else of its system) is in
// effect: from its date through its expiry date. Before or after that the
// divergence stands, and the verdict says why the acceptance did not count.
func Judge(a *model.Agent, sys *model.System, computed string, now time.Time) model.RiskVerdict {
	v := model.RiskVerdict{Computed: computed}
	v.Declared, v.Source = Declared(a, sys)
	switch {
	case a.Risk.Accepted != nil:
		v.Accepted, v.AcceptedFrom = a.Risk.Accepted, "agent"
	case sys != nil && sys.Risk.Accepted != nil:
		v.Accepted, v.AcceptedFrom = sys.Risk.Accepted, "system"
	}
	switch {
	case v.Declared == "":
		v.State = model.RiskNotDeclared
		return v
	case Rank(v.Declared) >= Rank(computed):
		v.State = model.RiskCovered
		return v
	}
	v.Below, v.State = true, model.RiskBelow
	if acc := v.Accepted; acc != nil {
		now = now.UTC()
		switch {
		case !acc.On.IsZero() && now.Before(acc.On.Time):
			v.NotYet = true
		case acc.Expires.IsZero() || !now.Before(acc.Expires.AddDate(0, 0, 1)):
			// An acceptance without an end date never holds: the loader
			// requires one, and a risk accepted for ever is not reviewed.
			v.Expired = true
		default:
			v.State = model.RiskAccepted
		}
	}
	return v
}
