package auditlog

import (
	"bytes"

	"github.com/aims-cli/aims/pkg/model"
)

// deniedHTTP reports whether an HTTP status means the caller was refused
// (RFC 9110 §15.5.2 401 Unauthorized, §15.5.4 403 Forbidden), as opposed to
// an error of the call itself.
func deniedHTTP(code int) bool { return code == 401 || code == 403 }

// deniedRPC reports whether a JSON-RPC error code is an authorisation
// refusal. JSON-RPC 2.0 reserves -32000..-32099 for servers; MCP gateways
// (AgentCore Gateway among them) return -32001 "Unauthorized"/"Forbidden"
// there, and some mirror the HTTP status as the code.
func deniedRPC(code int, msg []byte) bool {
	if code == 401 || code == 403 {
		return true
	}
	return code <= -32000 && code >= -32099 && deniedText(msg)
}

// deniedText reports whether an error code or message names a refusal:
// AWS AccessDenied/AccessDeniedException/UnauthorizedOperation, "Forbidden",
// "Unauthorized", "permission denied".
func deniedText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	lc := bytes.ToLower(b)
	for _, w := range deniedWords {
		if bytes.Contains(lc, w) {
			return true
		}
	}
	return false
}

var deniedWords = [][]byte{[]byte("accessdenied"), []byte("access denied"), []byte("unauthorized"), []byte("unauthorised"), []byte("forbidden"), []byte("permission denied"), []byte("not authorized")}

// failureOutcome is the one classification every reader uses for a failed
// call: denied when the HTTP status, JSON-RPC error or error text says the
// caller was refused, error otherwise.
func failureOutcome(httpCode, rpcCode int, text []byte) []byte {
	if deniedHTTP(httpCode) || deniedRPC(rpcCode, text) || deniedText(text) {
		return []byte(model.OutcomeDenied)
	}
	return []byte(model.OutcomeError)
}
