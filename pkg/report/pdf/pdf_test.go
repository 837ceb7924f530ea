package pdf

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/actions"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/evindex"
	"github.com/aims-cli/aims/pkg/testenv"
)

func render(t testing.TB, res *model.Result, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, res, opts); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

var testOpts = Options{InputsDigest: "sha256:" + digest("inputs")}

// writeOut keeps the PDF for a look when PDFCHECK_DIR is set.
func writeOut(t *testing.T, name string, b []byte) string {
	t.Helper()
	dir := os.Getenv("PDFCHECK_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLayoutHasNoProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  func() *model.Result
	}{
		{"full", func() *model.Result { return fixture(t, 6) }},
		{"no logs, no history, no frameworks", func() *model.Result {
			r := fixture(t, 6)
			r.Logs, r.History, r.Frameworks = nil, nil, nil
			for i := range r.Agents {
				r.Agents[i].Activity = nil
			}
			return r
		}},
		{"empty", func() *model.Result { return &model.Result{} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := build(tc.res(), testOpts)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range append(d.prev.problems, d.problems...) {
				t.Error(p)
			}
			// No near-empty page (issue 13): a short section follows the
			// one before it instead of starting a page of its own.
			for _, p := range d.sparse {
				t.Error(p)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a := render(t, fixture(t, 6), testOpts)
	b := render(t, fixture(t, 6), testOpts)
	if !bytes.Equal(a, b) {
		t.Fatalf("two renders differ (%d and %d bytes)", len(a), len(b))
	}
	if !bytes.HasPrefix(a, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", a[:min(len(a), 16)])
	}
	// Bookmarks (the outline) and internal links (contents, cross references).
	for _, want := range []string{"/Outlines", "/Subtype /Link", "/Dest ["} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("the PDF has no %s", want)
		}
	}
	// The inputs change the bytes: the comparison above can fail.
	c := render(t, fixture(t, 5), testOpts)
	if bytes.Equal(a, c) {
		t.Fatal("different results render the same bytes")
	}
}

func TestPopplerReadsIt(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		testenv.Tool(t, tool, "poppler-utils")
	}
	res := fixture(t, 6)
	path := writeOut(t, "report.pdf", render(t, res, testOpts))

	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	soa := text[strings.Index(text, "Statement of Applicability\n"):]
	for _, c := range res.Controls {
		if strings.HasPrefix(c.ID, "A.") && !regexp.MustCompile(`(?m)^\s*`+regexp.QuoteMeta(c.ID)+`\s`).MatchString(soa) {
			t.Errorf("Annex A control %s is not in the SoA text", c.ID)
		}
	}
	for _, want := range []string{"Page 1 of", "Müller – Zürich Analytics GmbH", "EU AI Act view (indicative)", "Log evidence", "Change history",
		"Vendor register", "Evidence index", "Method", "Contents", "support-triage", "Not answered", testOpts.InputsDigest[:20]} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.ContainsAny(text, "顧客日本語范围") {
		t.Error("CJK text reached the page: the Go fonts have no glyphs for it")
	}
	pages := strings.Count(text, "\f")
	if !strings.Contains(text, "Page 1 of "+itoa(pages)) {
		t.Errorf("footer does not say %q", "Page 1 of "+itoa(pages))
	}

	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, want := range []string{"Title: " + DefaultTitle + " – Müller – Zürich Analytics GmbH", "Pages: " + itoa(pages), "Page size: 595.28 x 841.89 pts (A4)", "Author: Müller – Zürich Analytics GmbH"} {
		if !regexp.MustCompile(`(?m)^` + strings.ReplaceAll(regexp.QuoteMeta(want), ": ", `:\s+`) + `\s*$`).Match(info) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
}

func TestNoLogsIsSaid(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 2)
	res.Logs, res.History = nil, nil
	path := writeOut(t, "nologs.pdf", render(t, res, Options{}))
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"No audit logs were analysed", "Not assessed: no audit logs were analysed", "Change history was not collected"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(text, "Every commit that changed an agent configuration") {
		t.Error("a change-history section was printed without history")
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain ASCII", "plain ASCII"},
		{"Müller – Zürich “quoted” …", "Müller – Zürich “quoted” …"},
		{"客户数据", "<U+5BA2><U+6237><U+6570><U+636E>"},
		{"a\tb\r\nc\rd", "a b\nc\nd"},
		{"bell\a nul\x00", "bell<U+0007> nul<U+0000>"},
		{"rtl \u202egnp.exe", "rtl <U+202E>gnp.exe"},
		{"\u05e9\u05dc\u05d5\u05dd", "<U+05E9><U+05DC><U+05D5><U+05DD>"},
		{"emoji 😀!", "emoji <U+1F600>!"},
		{"\U0010FFFD", "<U+10FFFD>"},
		{"ok ✓ no ✗", "ok v no x"},
		{"soft\u00adhyphen\u200b", "softhyphen"},
		{"e\u0301", "é"},
		{"Vi\u1ec7t", "Viet"},
		{"bad \xff\xfe utf8", "bad ?? utf8"},
	} {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCleanKeepsOnlyCoveredGlyphs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		s := randomString(rng, 40)
		for _, r := range clean(s) {
			if r != '\n' && !covered(r) {
				t.Fatalf("clean(%q) keeps %U, which the fonts lack", s, r)
			}
		}
	}
}

func TestWrap(t *testing.T) {
	measure := func(rune) float64 { return 1 }
	for _, tc := range []struct {
		in    string
		width float64
		want  []string
	}{
		{"one two three", 7, []string{"one two", "three"}},
		{"arn:aws:iam::1234:role/x", 10, []string{"arn:aws:", "iam::1234:", "role/x"}},
		{"abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"docs/agent-development-process.md", 31, []string{"docs/agent-development-", "process.md"}},
		{"agents/support-triage.yaml:10:3", 28, []string{"agents/", "support-triage.yaml:10:3"}},
		{"a\n\nb", 5, []string{"a", "", "b"}},
		{"", 5, []string{""}},
		{"x", 0.5, []string{"x"}},
	} {
		if diff := cmp.Diff(tc.want, wrap(tc.in, tc.width, measure)); diff != "" {
			t.Errorf("wrap(%q, %v) (-want +got):\n%s", tc.in, tc.width, diff)
		}
	}
}

func TestWrapNeverOverflowsNorLoses(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	measure := func(r rune) float64 { return float64(1 + int(r)%3) }
	for range 1500 {
		s := clean(randomString(rng, 120))
		width := 3 + rng.Float64()*30
		lines := wrap(s, width, measure)
		var got, want strings.Builder
		for _, l := range lines {
			w := 0.0
			for _, r := range l {
				w += measure(r)
			}
			if w > width && utf8.RuneCountInString(l) > 1 {
				t.Fatalf("wrap(%q, %.1f): line %q is %.1f wide", s, width, l, w)
			}
			got.WriteString(strings.ReplaceAll(l, " ", ""))
		}
		want.WriteString(strings.NewReplacer(" ", "", "\n", "").Replace(s))
		if got.String() != want.String() {
			t.Fatalf("wrap(%q) lost text:\n got %q\nwant %q", s, got.String(), want.String())
		}
	}
}

// randomString mixes ASCII, Latin, CJK, RTL, emoji, controls, combining marks,
// bidi overrides, invalid bytes and very long words.
func randomString(rng *rand.Rand, n int) string {
	pools := []string{
		"abcdefghijklmnopqrstuvwxyz     ", "ÄÖÜäöüßéèçñøåŁłŽž–—“”…€", "客户数据日本語한국어", "שלוםمرحبا", "😀🚀🔥👍🏽",
		"\x00\x01\a\b\t\n\r\x1b\x7f", "\u0301\u0308\u20dd", "\u202e\u202d\u200f\u2066", "/:-_.=&?@", "\xff\xfe\xc3",
	}
	var b strings.Builder
	for range n {
		p := pools[rng.IntN(len(pools))]
		if rng.IntN(30) == 0 {
			b.WriteString(strings.Repeat("x", 300))
			continue
		}
		rs := []rune(p)
		if p == "\xff\xfe\xc3" {
			b.WriteByte(p[rng.IntN(len(p))])
			continue
		}
		b.WriteRune(rs[rng.IntN(len(rs))])
	}
	return b.String()
}

// TestHostileText puts random and hostile strings into every text field: the
// report must render without error and without any layout problem.
func TestHostileText(t *testing.T) {
	testenv.Slow(t)
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 2 {
		res := fixture(t, 3)
		hostile := func() string {
			switch rng.IntN(5) {
			case 0:
				return strings.Repeat("W", 2000)
			case 1:
				return strings.Repeat("超长", 300)
			default:
				return randomString(rng, 5+rng.IntN(200))
			}
		}
		scramble(res, hostile)
		acts := []actions.Action{{FindingID: hostile(), Control: hostile(), Severity: hostile(), Subject: hostile(), Owner: hostile(),
			OwnerSource: hostile(), Due: hostile(), DueDays: 30, Status: hostile()}}
		res.Roles = []model.Role{{Role: hostile(), Name: hostile(), Email: hostile()}}
		res.Policies = []model.PolicyRecord{{Policy: model.Policy{ID: hostile(), Title: hostile(), Kind: hostile(), Owner: hostile(),
			ApprovedBy: hostile(), Evidence: []string{hostile()}}}}
		d, err := build(res, Options{InputsDigest: hostile(), Title: hostile(), Actions: acts})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, p := range append(d.prev.problems, d.problems...) {
			t.Errorf("round %d: %s", round, p)
		}
		var buf bytes.Buffer
		if err := d.f.Output(&buf); err != nil {
			t.Fatalf("round %d: output: %v", round, err)
		}
	}
}

// scramble replaces every string field a writer prints with hostile text.
func scramble(r *model.Result, h func() string) {
	r.Organization, r.Scope, r.Tool.Name, r.Tool.Version = h(), h(), h(), h()
	for i := range r.Catalogues {
		c := &r.Catalogues[i]
		c.ID, c.Title, c.Version, c.SHA256 = h(), h(), h(), h()
	}
	for i := range r.Summary.Groups {
		r.Summary.Groups[i].Title = h()
	}
	for i := range r.Controls {
		c := &r.Controls[i]
		c.Title, c.GroupTitle, c.Justification = h(), h(), h()
		c.Evidence = []string{h(), h()}
		for j := range c.Checks {
			c.Checks[j].Title = h()
		}
		if c.Attestation != nil {
			c.Attestation.Owner, c.Attestation.Justification = h(), h()
		}
	}
	for i := range r.Systems {
		s := &r.Systems[i].System
		s.Name, s.Purpose, s.Owner, s.IntendedUse, s.Users, s.Compute = h(), h(), h(), h(), h(), h()
		s.DataCategories, s.Documentation, s.Vendors = []string{h()}, []string{h()}, []string{h()}
		s.ImpactAssessment.Individuals, s.ImpactAssessment.Society, s.Risk.Ref = h(), h(), h()
		// The system figure: more tools and providers than it draws, every name hostile.
		f := &r.Systems[i].Flow
		agents := append(r.Systems[i].Agents, h())
		for range 15 {
			f.Tools = append(f.Tools, model.FlowResource{Name: h(), Readers: agents, Writers: agents})
			f.Providers = append(f.Providers, model.FlowProvider{Provider: h(), Agents: agents})
		}
		f.Data = []model.FlowResource{{Name: h(), Readers: agents, Categories: []string{h(), h()}}}
		for range 10 {
			f.Delegations = append(f.Delegations, model.FlowDelegation{From: agents[0], To: h(), Via: h(), ToSystem: h()})
		}
	}
	for i := range r.Agents {
		a := r.Agents[i].Agent
		a.Name, a.Owner, a.Purpose, a.Version, a.Scope, a.Audience, a.Isolation = h(), h(), h(), h(), h(), h(), h()
		a.Identities = []string{h(), h()}
		a.Model.Name, a.Model.Provider = h(), h()
		a.Tools = append(a.Tools, model.Grant{Name: h(), Operations: []string{h()}, Resources: []string{h()}})
		a.Data = append(a.Data, model.DataAccess{Source: h(), Categories: []string{h()}, Justification: h()})
		a.Logging.Export = h()
		a.Oversight.HumanReview, a.Oversight.Reviewers = []string{h()}, []string{h()}
		r.Agents[i].Computed.Factors = append(r.Agents[i].Computed.Factors, r.Agents[i].Computed.Factors[0])
		r.Agents[i].Computed.Factors[0].Detail = h()
		if act := r.Agents[i].Activity; act != nil {
			act.UnusedGrants = []string{h()}
			act.Tools[0].Tool, act.Tools[0].Operation = h(), h()
			act.Models[0].Name = h()
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Message, f.Remediation, f.Check, f.Location.File = h(), h(), h(), h()
	}
	for i := range r.Vendors {
		v := &r.Vendors[i].Vendor
		v.Name, v.DPA, v.DataLocation = h(), model.DPARef(h()), h()
		v.Certifications, v.Evidence = []string{h()}, []string{h()}
		v.Answers.Isolation = h()
		if v.Answers.AuditLog != nil {
			v.Answers.AuditLog.Captures = []string{h()}
		}
	}
	for i := range r.Evidence {
		e := &r.Evidence[i]
		e.Ref, e.Owner, e.SHA256 = h(), h(), h()
	}
	if l := r.Logs; l != nil {
		for i := range l.Files {
			l.Files[i].Path, l.Files[i].Format, l.Files[i].Unreadable = h(), h(), h()
			for j := range l.Files[i].Errors {
				l.Files[i].Errors[j].Reason = h()
			}
		}
		for i := range l.Shadow {
			l.Shadow[i].Identity = h()
		}
	}
	if hs := r.History; hs != nil {
		for i := range hs.Changes {
			c := &hs.Changes[i]
			c.Author, c.Email, c.Subject, c.Commit = h(), h(), h(), h()
			c.Delta = []string{h()}
		}
		hs.Note, hs.Truncated = h(), h()
	}
	for i := range r.Frameworks {
		v := &r.Frameworks[i]
		v.Title, v.Notice = h(), h()
		for j := range v.Items {
			v.Items[j].Title, v.Items[j].ID = h(), h()
			v.Items[j].Controls = []string{h()}
		}
	}
}

// FuzzCleanWrap: any input is cleaned to covered glyphs and wrapped within width.
func FuzzCleanWrap(f *testing.F) {
	for _, s := range []string{"Müller – Zürich", "客户数据", "\u202eabc", longARN, "a\tb\r\nc", "\xff"} {
		f.Add(s, 10.0)
	}
	f.Fuzz(func(t *testing.T, s string, width float64) {
		if width < 1 || width > 500 {
			return
		}
		c := clean(s)
		for _, r := range c {
			if r != '\n' && !covered(r) {
				t.Fatalf("clean(%q) keeps %U", s, r)
			}
		}
		measure := func(r rune) float64 { return 1 + float64(r%2) }
		for _, l := range wrap(c, width, measure) {
			w := 0.0
			for _, r := range l {
				w += measure(r)
			}
			if w > width && utf8.RuneCountInString(l) > 1 {
				t.Fatalf("line %q is %.1f wide, limit %.1f", l, w, width)
			}
		}
	})
}

// TestBlockersLeadTheSummary: the engine's blockers are printed in the
// executive summary before the tiles, each with its finding ID (issue 13 §4);
// none says so.
func TestBlockersLeadTheSummary(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	for _, tt := range []struct {
		name     string
		blockers []model.Blocker
		want     []string
	}{
		{name: "none", want: []string{"Certification blockers No certification blockers"}},
		{name: "two", blockers: []model.Blocker{
			{Kind: model.BlockerClauseFailed, Control: "6.1.2", Reason: "clause 6.1.2 fails"},
			{Kind: model.BlockerCriticalFinding, Control: "A.9.2", Finding: "F-0123456789ab", Reason: "a rejected write ran"},
		}, want: []string{"Clause fails", "clause 6.1.2 fails", "Critical finding", "F-0123456789ab", "a rejected write ran"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := fixture(t, 2)
			res.Summary.Blockers = tt.blockers
			path := writeOut(t, "blockers-"+tt.name+".pdf", render(t, res, Options{}))
			out, err := exec.Command("pdftotext", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			tiles := strings.Index(text, "Annex A controls by status")
			for _, w := range tt.want {
				i := strings.Index(text, w)
				if i < 0 || i > tiles {
					t.Errorf("%q not in the summary before the tiles (at %d, tiles at %d)", w, i, tiles)
				}
			}
		})
	}
}

// TestMissingDPAIsSaid: a vendor page never shows a DPA the evidence index
// found missing as if it were there (issue 13 §7).
func TestMissingDPAIsSaid(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 2)
	if len(res.Vendors) == 0 {
		t.Fatal("fixture has no vendors")
	}
	v := &res.Vendors[0].Vendor
	v.DPA = model.DPA{Given: true, InPlace: true, Ref: "docs/gone-dpa.pdf"}
	res.Evidence = append(res.Evidence, model.EvidenceRef{Ref: "docs/gone-dpa.pdf", Owner: "vendor:" + v.ID + ":dpa", Kind: "file", State: "missing"})
	path := writeOut(t, "dpa.pdf", render(t, res, Options{}))
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	if !strings.Contains(text, "docs/gone-dpa.pdf (missing: the file does not exist)") {
		t.Error("the vendor page does not say the DPA file is missing")
	}
}

// TestDistinctNamesStayDistinct: names in scripts the embedded fonts lack
// print as their code points, so two agents never read as the same "????"
// (issue 16: the PDF never turns distinct names into the same text).
func TestDistinctNamesStayDistinct(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 2)
	if len(res.Agents) < 2 {
		t.Fatal("fixture has fewer than two agents")
	}
	res.Agents[0].Agent.Name = "中文助手"
	res.Agents[1].Agent.Name = "עוזר 🚀"
	path := writeOut(t, "names.pdf", render(t, res, Options{}))
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"<U+4E2D><U+6587><U+52A9><U+624B>", "<U+05E2><U+05D5><U+05D6><U+05E8> <U+1F680>"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks the name %q", want)
		}
	}
	if strings.Contains(text, "????") {
		t.Error("a name collapsed to question marks")
	}
}

// TestOrganisationAndActions: the PDF has the roles, the policy register with
// each policy's state, and one corrective action per finding with its owner
// and due date, the rows of actions.csv (issue 13 §5, §6).
func TestOrganisationAndActions(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 2)
	res.Roles = []model.Role{{Role: "ai-owner", Name: "Priya Raman", Email: "priya@example.com"}}
	res.Policies = []model.PolicyRecord{
		{Policy: model.Policy{ID: "POL-AI-001", Title: "AI policy", Kind: "ai-policy", ApprovedBy: "Board", ApprovedOn: model.Date{Time: time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)}}, Overdue: true},
		{Policy: model.Policy{ID: "POL-USE-001", Title: "Responsible use", Kind: "responsible-use"}},
	}
	acts := actions.Register(res, nil, nil)
	if len(acts) == 0 {
		t.Fatal("fixture has no findings")
	}
	path := writeOut(t, "org.pdf", render(t, res, Options{Actions: acts}))
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	want := []string{"Organisation: roles and policies", "ai-owner Priya Raman priya@example.com",
		"POL-AI-001", "review overdue", "POL-USE-001", "not approved", "Corrective-action register"}
	for _, a := range acts {
		want = append(want, a.FindingID+" "+a.Control)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF text lacks %q", w)
		}
	}
	// Outside a pack (no register given) the section is left out.
	path = writeOut(t, "noactions.pdf", render(t, res, Options{}))
	out, err = exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "Corrective-action register") {
		t.Error("a register was printed without actions")
	}
}

// TestCoverSaysHowToVerify: in a pack the cover gives the signature state,
// the commands that check the pack, who prepared it, the counts in scope and
// how the inputs digest is recomputed (issue 13 §4).
func TestCoverSaysHowToVerify(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 2)
	res.Roles = []model.Role{{Role: "ai-owner", Name: "Priya Raman"}}
	for _, tt := range []struct {
		name   string
		opts   Options
		want   []string
		absent []string
	}{
		{name: "unsigned", opts: Options{Pack: true, InputsDigest: "e880ffb2"},
			want:   []string{"Prepared by Priya Raman", "In scope 2 agents", "Not signed", "sha256sum -c --strict SHA256SUMS", "aims verify PACK", "awk '$2 ~ /^inputs\\//' SHA256SUMS | sha256sum"},
			absent: []string{"openssl pkeyutl", "--pubkey"}},
		{name: "signed", opts: Options{Pack: true, SignerKey: "ab12cd34"},
			want: []string{"Signed (Ed25519)", "public key SHA-256 ab12cd34", "openssl pkeyutl -verify", "aims verify PACK --pubkey aims.pub"}},
		{name: "no pack", opts: Options{}, want: []string{"Prepared by Priya Raman"}, absent: []string{"How to verify", "Signature"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeOut(t, "cover-"+tt.name+".pdf", render(t, res, tt.opts))
			out, err := exec.Command("pdftotext", "-f", "1", "-l", "1", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("cover lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(text, w) {
					t.Errorf("cover has %q", w)
				}
			}
		})
	}
}

// TestCoverCommandsStayWhole: every command on the cover sits on lines of its
// own, so pasting a line runs it; the openssl one, too long for the column,
// continues with a backslash. Before, the inputs-digest recipe broke after
// "SHA256SUMS |" and the openssl line at a space (example pack, 2026-12-04).
func TestCoverCommandsStayWhole(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 1)
	key := digest("public key")
	path := writeOut(t, "cover-commands.pdf", render(t, res, Options{Pack: true, InputsDigest: digest("inputs"), SignerKey: key}))
	out, err := exec.Command("pdftotext", "-layout", "-f", "1", "-l", "1", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(out), "\n")
	for _, want := range []string{
		digest("inputs"),
		"awk '$2 ~ /^inputs\\//' SHA256SUMS | sha256sum",
		key,
		"sha256sum -c --strict SHA256SUMS",
		"openssl pkeyutl -verify -pubin -inkey aims.pub \\",
		"-rawin -in SHA256SUMS -sigfile SHA256SUMS.sig",
		"aims verify PACK --pubkey aims.pub",
	} {
		found := false
		for _, l := range lines {
			if strings.HasSuffix(strings.TrimSpace(l), want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no cover line ends in %q:\n%s", want, out)
		}
	}
}

// TestDataFlowFigure: each agent page draws its data flow with the facts of
// the markdown's Mermaid diagram: tools with operations, data sources with
// access and categories, the agent's isolation, the provider's key path
// (issue 13 §8).
func TestDataFlowFigure(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 1)
	a := res.Agents[0].Agent
	byok := true
	a.Isolation, a.Model.Provider, a.Model.Name, a.Model.BYOK = "container", "anthropic", "claude", &byok
	a.Tools = []model.Grant{{Name: "zendesk", Operations: []string{"read", "post"}}}
	a.Data = []model.DataAccess{{Source: "crm", Access: "write", Categories: []string{"personal"}}}
	path := writeOut(t, "flow.pdf", render(t, res, Options{}))
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, w := range []string{"Data flow", "tool zendesk: read, post", "crm (write): personal", "agent " + a.ID,
		"isolation: container", "anthropic claude", "BYOK, direct to the provider", "no training on customer data"} {
		if !strings.Contains(text, w) {
			t.Errorf("the figure lacks %q", w)
		}
	}
}

// TestSoAJustifiesEveryControl: a control with no declared justification
// shows the derived default soa.csv carries (it showed a dash), and a
// declared one shows as declared.
func TestSoAJustifiesEveryControl(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 2)
	var undeclared, declared *model.ControlResult
	for i := range res.Controls {
		c := &res.Controls[i]
		if !isAnnexA(*c) {
			continue
		}
		switch {
		case undeclared == nil && c.Applicable && c.Justification == "" && c.Attestation == nil:
			undeclared = c
		case declared == nil && c != undeclared:
			declared = c
		}
	}
	if undeclared == nil || declared == nil {
		t.Fatal("fixture lacks an Annex A control without a justification, or a second one")
	}
	undeclared.Checks = []model.CheckResult{{ID: "x", Subject: "agent", Subjects: 7, Passed: 7}, {ID: "y", Subject: "system", Subjects: 5, Passed: 5}}
	declared.Justification = "Needed for the Tallinn lending contract"
	path := writeOut(t, "soa.pdf", render(t, res, Options{}))
	out, err := exec.Command("pdftotext", "-f", "1", "-l", "12", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"applies: 7 agents and 5 systems in scope of its checks", "Needed for the Tallinn lending contract", "is a derived default"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Statement of Applicability lacks %q", want)
		}
	}
}

// TestEmptyHistorySaysWhy: the change history section says why it lists no
// commit (it printed "None."), and a shallow clone's note prints once.
func TestEmptyHistorySaysWhy(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 1)
	res.History = &model.History{Changes: []model.AgentChange{}, AfterPeriod: 2,
		Truncated: "history truncated at 1a2b3c4d5e6f (shallow clone; fetch the full history with `git fetch --unshallow`)"}
	path := writeOut(t, "history.pdf", render(t, res, Options{}))
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	if !strings.Contains(text, "No commit changed an agent configuration in the period; 2 commits after the period or the run's clock") {
		t.Error("the change history does not say why it is empty")
	}
	if strings.Contains(text, "truncated at history truncated") {
		t.Error("the shallow-clone note repeats itself")
	}
}

// TestEvidenceIndexIsThePacks: the evidence index section lays out the
// pack's index, one row per file with its state (included, missing ...) and
// referrers aggregated; it listed each reference with state "ok", a file
// named twice on two rows.
func TestEvidenceIndexIsThePacks(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 1)
	index := []evindex.Row{
		{Path: "docs/zz-policy.md", Kind: "file", State: evindex.Included, Size: 130, SHA256: digest("p"), PackPath: "evidence/docs/zz-policy.md",
			Referrers: []string{"control:A.2.2", "policy:POL-9"}},
		{Path: "docs/zz-gone.pdf", Kind: "file", State: evindex.Missing, Reason: "no readable, non-empty file at this path", Referrers: []string{"vendor:v:dpa"}},
	}
	path := writeOut(t, "index.pdf", render(t, res, Options{Pack: true, Evidence: index}))
	out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	sec := text[strings.LastIndex(text, "Evidence files and URLs"):]
	if n := strings.Count(sec, "docs/zz-policy.md"); n != 1 {
		t.Errorf("docs/zz-policy.md is on %d rows, want 1", n)
	}
	flat := strings.Join(strings.Fields(sec), " ")
	for _, want := range []string{"control:A.2.2 policy:POL-9 included", "missing no readable, non-empty file at this path"} {
		if !strings.Contains(flat, want) {
			t.Errorf("evidence index lacks %q", want)
		}
	}
}

// TestFindingsPrintedOnce: a finding's remediation is printed once, in the
// findings section; the agent and vendor pages list the finding in one entry
// with its number, ID and place (they repeated the remediation).
func TestFindingsPrintedOnce(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 2)
	agent := res.Agents[0].Agent.ID
	res.Findings = append(res.Findings, model.Finding{ID: "F-0123456789ab", Control: "A.9.2", Check: "once", Severity: model.SeverityHigh,
		SubjectKind: model.SubjectAgent, Subject: agent, Location: model.Pos{File: "agents/x.yaml", Line: 3},
		Message: "agent runs writes unreviewed", Remediation: "Zebracorn remediation text that must appear once"})
	path := writeOut(t, "once.pdf", render(t, res, Options{}))
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	if n := strings.Count(text, "Zebracorn remediation"); n != 1 {
		t.Errorf("the remediation is printed %d times, want once", n)
	}
	if n := strings.Count(text, "F-0123456789ab"); n != 2 {
		t.Errorf("the finding ID is printed %d times, want it in the findings section and on the agent page", n)
	}
	if !strings.Contains(text, "Findings for "+agent+" (remediation in section 7, by number)") {
		t.Error("the agent page does not say where the remediation is")
	}
}

// TestSystemFlowFigure: each system's section draws its data flow with the
// facts of the markdown's system diagram: shared tools and data sources, the
// agents, the providers with their key path and delegations (issue 13 §8).
func TestSystemFlowFigure(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 2)
	s := &res.Systems[0]
	yes := true
	s.Agents = []string{res.Agents[0].Agent.ID, res.Agents[1].Agent.ID}
	s.Flow = model.SystemFlow{
		Tools:       []model.FlowResource{{Name: "search_kb", Readers: s.Agents}},
		Data:        []model.FlowResource{{Name: "crm", Writers: s.Agents[:1], Categories: []string{"personal", "contact"}}},
		Providers:   []model.FlowProvider{{Provider: "anthropic", BYOK: &yes, Agents: s.Agents}},
		Delegations: []model.FlowDelegation{{From: s.Agents[0], To: "helper", Via: "transfer_to_agent", ToSystem: "sys-b"}},
	}
	path := writeOut(t, "sysflow.pdf", render(t, res, Options{}))
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, w := range []string{"Data flow of " + s.System.ID, "tool search_kb", "crm: personal, contact", "agent " + s.Agents[1],
		"anthropic BYOK, direct to the provider", "Delegation: " + s.Agents[0] + " hands tasks to helper (system sys-b) through transfer_to_agent"} {
		if !strings.Contains(text, w) {
			t.Errorf("the figure lacks %q", w)
		}
	}
}

// TestExcerptsListed: in a pack the log evidence section lists each file of
// logs/excerpts/ with how many records are behind its finding and how many
// it holds (issue 13); outside a pack there is no such list.
func TestExcerptsListed(t *testing.T) {
	testenv.Tool(t, "pdftotext", "poppler-utils")
	res := fixture(t, 1)
	ex := []Excerpt{{Finding: "F-0123456789ab", Path: "logs/excerpts/F-0123456789ab.txt", Records: 4321, Excerpted: 20}}
	for _, tc := range []struct {
		name string
		opts Options
		want bool
	}{{"pack", Options{Pack: true, Excerpts: ex}, true}, {"no pack", Options{}, false}} {
		path := writeOut(t, tc.name+".pdf", render(t, res, tc.opts))
		out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(string(out)), " ")
		got := strings.Contains(flat, "F-0123456789ab 4,321 20 logs/excerpts/F-0123456789ab.txt")
		if got != tc.want || strings.Contains(flat, "Log records in the pack") != tc.want {
			t.Errorf("%s: excerpt row listed = %v, want %v", tc.name, got, tc.want)
		}
	}
}
