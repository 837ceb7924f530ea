package load

import (
	"fmt"

	"github.com/aims-cli/aims/pkg/model"
)

// CheckSoA checks the inventory's Statement-of-Applicability attestations
// against the loaded catalogues' controls (ids; known says whether one is
// there): an attestation naming no control is an error with a did-you-mean,
// an exclusion without a justification a warning (assess reports it as a
// finding too).
func CheckSoA(inv *model.Inventory, ids []string, known func(id string) bool) Problems {
	var ps Problems
	for i, a := range inv.Controls {
		if !known(a.ID) && !IsTODO(a.ID) {
			msg := fmt.Sprintf("controls[%d]: %q is not a control of the loaded catalogue(s)", i, a.ID)
			if s := Suggest(a.ID, ids); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			ps = append(ps, Problem{Pos: inv.Pos.Lookup(fmt.Sprintf("controls[%d].id", i)), Severity: Error, Msg: msg})
		}
		if a.UnjustifiedExclusion() {
			ps = append(ps, Problem{Pos: inv.Pos.Lookup(fmt.Sprintf("controls[%d].applicable", i)), Severity: Warning,
				Code: "soa-justification", Msg: fmt.Sprintf("control %s is excluded (applicable: false) without a justification", a.ID)})
		}
	}
	return ps
}
