package pack

import (
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/secrets"
)

// RedactResult returns a deep copy of res with redact applied to every
// string (see secrets.Scrub).
func RedactResult(res *model.Result, redact func(string) string) *model.Result {
	return secrets.Scrub(res, redact)
}
