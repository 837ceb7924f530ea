package grant

// GlobCase is one row of the glob table: does Pattern match S.
type GlobCase struct {
	Pattern, S string
	Want       bool
}

// GlobCases is the one table of glob meanings. grant's, diff's and
// auditlog's tests all run it through their own entry points, so that log
// analysis and diff cannot drift apart again. It is data, not behaviour.
var GlobCases = []GlobCase{
	{"crm", "crm", true},
	{"crm", "CRM", false},
	{"crm*", "crm_export", true},
	{"*", "", true},
	{"*", "a/b/c", true}, // '*' crosses '/'
	{"s3://reports/*", "s3://reports/2026/q1.csv", true}, // at any depth
	{"s3://reports/*", "s3://other/x", false},
	{"repo/*/issues", "repo/a/b/issues", true},
	{"file?.txt", "file1.txt", true},
	{"file?.txt", "file12.txt", false},
	{"file?", "fileé", true}, // '?' is one character, not one byte
	{"[abc]x", "bx", true},
	{"[abc]x", "dx", false},
	{"[^abc]x", "dx", true},
	{"[a-c]*", "crm", true},
	{"[", "[", true}, // malformed: matches only itself
	{"[", "a", false},
	{"a[b", "ab", false},
	{`a\*`, "a*", true},
	{`a\*`, "ab", false},
	{"arn:aws:iam::1:role/*", "arn:aws:iam::1:role/path/name", true},
}
