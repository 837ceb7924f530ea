package auditlog

import "strings"

// bedrockGeos are the geography prefixes of Amazon Bedrock's system-defined
// cross-region inference profiles ("us.anthropic.claude-3-5-sonnet-...",
// "global.anthropic.claude-sonnet-4-...").
// https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
var bedrockGeos = []string{"us.", "us-gov.", "eu.", "apac.", "au.", "jp.", "ca.", "global."}

// modelMatch reports whether a logged model ID m is allowed by the
// allow-list entry pattern (a glob). The model is tried as logged, then as
// the resource of an ARN (arn:aws:bedrock:REGION:ACCOUNT:foundation-model/ID,
// .../inference-profile/ID, .../application-inference-profile/ID), then as the
// last path segment ("provider/model"), then as the base model of a Bedrock
// cross-region profile ID ("eu.anthropic.claude-3-haiku-..." ->
// "anthropic.claude-3-haiku-...").
//
// An entry naming a base model so allows every profile of it; an entry
// naming a profile ("eu.anthropic.claude*") allows only that profile, since
// the geography is what the entry restricts. An application inference
// profile's ID is opaque: it matches an entry naming its ARN or ID.
func modelMatch(pattern, m string) bool {
	if globMatch(pattern, m) {
		return true
	}
	rest := m
	if strings.HasPrefix(rest, "arn:") {
		// arn:partition:service:region:account:resource
		parts := strings.SplitN(rest, ":", 6)
		if len(parts) == 6 {
			rest = parts[5]
			if globMatch(pattern, rest) {
				return true
			}
		}
	}
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		rest = rest[i+1:]
		if globMatch(pattern, rest) {
			return true
		}
	}
	if base, ok := profileBase(rest); ok && !isProfileID(pattern) {
		return globMatch(pattern, base)
	}
	return false
}

// profileBase strips the geography of a cross-region profile ID.
func profileBase(id string) (string, bool) {
	for _, g := range bedrockGeos {
		if strings.HasPrefix(id, g) && len(id) > len(g) {
			return id[len(g):], true
		}
	}
	return id, false
}

// isProfileID reports whether an allow-list entry names a profile (its ID
// or ARN) rather than a base model.
func isProfileID(pattern string) bool {
	if strings.Contains(pattern, "inference-profile/") {
		return true
	}
	_, ok := profileBase(pattern)
	return ok
}
