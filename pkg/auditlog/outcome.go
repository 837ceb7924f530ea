package auditlog

import (
	"bytes"
	"strconv"

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

var deniedWords = [][]byte{[]byte("accessdenied"), []byte("access denied"), []byte("unauthorized"), []byte("unauthorised"), []byte("forbidden"),
	[]byte("permission denied"), []byte("permission_denied"), []byte("unauthenticated"), []byte("not authorized")}

// failureOutcome is the one classification every reader uses for a failed
// call: denied when the HTTP status, JSON-RPC error or error text says the
// caller was refused, error otherwise.
func failureOutcome(httpCode, rpcCode int, text []byte) []byte {
	if deniedHTTP(httpCode) || deniedRPC(rpcCode, text) || deniedText(text) {
		return []byte(model.OutcomeDenied)
	}
	return []byte(model.OutcomeError)
}

// statusOutcome is the outcome of a call from what a producer reports of
// it: whether it failed (a span's ERROR status, an error attribute, a
// failed status), its HTTP status, its JSON-RPC error code and error text.
// A 401/403 or an authorisation error is denied even when nothing else
// marks the call as failed; any other HTTP status of 400 or more is an
// error. Every reader that sees such fields uses it, so a refusal counts
// the same whichever format logged it.
func statusOutcome(failed bool, httpCode, rpcCode int, text []byte) string {
	if deniedHTTP(httpCode) || deniedRPC(rpcCode, text) {
		return model.OutcomeDenied
	}
	if failed || httpCode >= 400 || rpcCode != 0 {
		return string(failureOutcome(httpCode, rpcCode, text))
	}
	return model.OutcomeSuccess
}

// gRPC status codes that refuse the caller (PERMISSION_DENIED, UNAUTHENTICATED).
func deniedGRPC(code int) bool { return code == 7 || code == 16 }

// codeNumber reads a status code written as a number or a numeric string;
// 0 when it is neither (a textual code belongs with the error text).
func codeNumber(b []byte) int {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || len(b) > 12 {
		return 0
	}
	n, err := strconv.Atoi(string(b))
	if err != nil {
		return 0
	}
	return n
}
