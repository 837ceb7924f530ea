package auditlog

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

// The fast native scanner is trusted only because of these tests: on every
// line, if it accepts the line, fastjson + decodeNative must accept it too
// and give the same event; when it declines, the caller uses fastjson, so
// errors are fastjson's by construction.

// evSnap is an event as comparable values.
type evSnap struct {
	T                                                            string
	IDs                                                          []string
	Actor, Action, Tool, Op, Resource, Model, Outcome, RequestID string
	Cats                                                         []string
	HasInput, HasOutput, IOCapable                               bool
}

func snap(ev *event) evSnap {
	s := evSnap{
		T: ev.t.String(), Actor: string(ev.actor), Action: string(ev.action), Tool: string(ev.tool),
		Op: string(ev.op), Resource: string(ev.resource), Model: string(ev.model), Outcome: string(ev.outcome),
		RequestID: string(ev.requestID), HasInput: ev.hasInput, HasOutput: ev.hasOutput, IOCapable: ev.ioCapable,
	}
	for i := 0; i < ev.nids; i++ {
		s.IDs = append(s.IDs, string(ev.ids[i]))
	}
	for _, c := range ev.cats {
		s.Cats = append(s.Cats, string(c))
	}
	return s
}

// slowDecode is the reference: fastjson and decodeNative, as parseChunk did
// before the fast path. It returns the event or the skip reason.
func slowDecode(p *fastjson.Parser, line []byte) (evSnap, string) {
	// fastjson parses a copy, so the caller's line is left as it was.
	v, err := p.ParseBytes(line)
	if err != nil {
		return evSnap{}, jsonReason(err)
	}
	var ev event
	if err := decodeNative(v, &ev); err != nil {
		return evSnap{}, err.Error()
	}
	return snap(&ev), ""
}

// diffCheck compares both paths on one line and reports whether the fast
// path accepted it.
func diffCheck(t testing.TB, p *fastjson.Parser, sc *[]byte, line []byte) bool {
	t.Helper()
	orig := append([]byte(nil), line...)
	var ev event
	ev.cats = make([][]byte, 0, 1) // as a reused event would have
	ok := scanNative(line, &ev, sc)
	if !bytes.Equal(line, orig) {
		t.Fatalf("scanNative modified its input %q", orig)
	}
	if !ok {
		return false
	}
	fast := snap(&ev)
	want, reason := slowDecode(p, line)
	if reason != "" {
		t.Fatalf("fast path accepted a line fastjson rejects (%s):\n%q", reason, line)
	}
	if d := cmp.Diff(want, fast); d != "" {
		t.Fatalf("fast path event differs (-fastjson +fast) for\n%q\n%s", line, d)
	}
	return true
}

func exampleLines(t testing.TB) [][]byte {
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "logs", "agent-activity.jsonl"))
	if err != nil {
		t.Fatalf("example log: %v", err)
	}
	var out [][]byte
	for _, l := range bytes.Split(data, []byte("\n")) {
		if len(l) > 0 {
			out = append(out, l)
		}
	}
	return append(out, []byte(benchLine))
}

// scanCases are hand-written edge cases; accept says whether the fast path
// must take the line itself (else it must leave it to fastjson). Either way
// diffCheck holds it to fastjson's result.
var scanCases = []struct {
	name   string
	line   string
	accept bool
}{
	{"minimal", `{"time":"2026-01-01T00:00:00Z","agent":"a"}`, true},
	{"spaces everywhere", " \t{ \"time\" : \"2026-01-01T00:00:00Z\" ,\r\n\"agent\" :\"a\" } \t", true},
	{"escaped quote in value", `{"time":"2026-01-01T00:00:00Z","agent":"a\"b"}`, true},
	{"escapes", `{"time":"2026-01-01T00:00:00Z","agent":"a","actor":"l1\nl2\t\\\/\b\f\r"}`, true},
	{"unicode escape", `{"time":"2026-01-01T00:00:00Z","agent":"\u0061gt-\u00e9\u20AC"}`, true},
	{"surrogate pair", `{"time":"2026-01-01T00:00:00Z","agent":"a","tool":"\ud83d\ude00x"}`, true},
	{"lone high surrogate", `{"time":"2026-01-01T00:00:00Z","agent":"a","tool":"\ud83dx"}`, true},
	{"high surrogate then non-surrogate", `{"time":"2026-01-01T00:00:00Z","agent":"a","tool":"\ud83d\u0041"}`, true},
	{"high surrogate then bad hex", `{"time":"2026-01-01T00:00:00Z","agent":"a","tool":"\ud83d\uzzzz"}`, true},
	{"lone low surrogate", `{"time":"2026-01-01T00:00:00Z","agent":"a","tool":"\ude00"}`, true},
	{"short unicode escape", `{"time":"2026-01-01T00:00:00Z","agent":"a","tool":"\u12"}`, true},
	{"bad hex escape", `{"time":"2026-01-01T00:00:00Z","agent":"a","tool":"\uGHIJ"}`, true},
	{"unknown escape kept", `{"time":"2026-01-01T00:00:00Z","agent":"a","tool":"\x\q"}`, true},
	{"escaped backslash before quote", `{"time":"2026-01-01T00:00:00Z","agent":"a\\"}`, true},
	{"three backslashes before quote", `{"time":"2026-01-01T00:00:00Z","agent":"a\\\"b"}`, true},
	{"escaped time", `{"time":"2026-01-01T00:00:00\u005a","agent":"a"}`, true},
	{"raw control char in string", "{\"time\":\"2026-01-01T00:00:00Z\",\"agent\":\"a\x01b\"}", true},
	{"number agent", `{"time":"2026-01-01T00:00:00Z","agent":12}`, true},
	{"odd number agent", `{"time":"2026-01-01T00:00:00Z","agent":1-2e+}`, true},
	{"number starting with e", `{"time":"2026-01-01T00:00:00Z","agent":e}`, true},
	{"object agent", `{"time":"2026-01-01T00:00:00Z","agent":{"id":"x"}}`, false},
	{"second agent", `{"time":"2026-01-01T00:00:00Z","agent":"a","agent":"b"}`, false},                                    // duplicate key: fastjson path skips it
	{"same agent twice", `{"time":"2026-01-01T00:00:00Z","agent":"a","agent":"a"}`, false},                                // duplicate key: fastjson path skips it
	{"five agents", `{"time":"2026-01-01T00:00:00Z","agent":"a","agent":"b","agent":"c","agent":"d","agent":"e"}`, false}, // duplicate key: fastjson path skips it
	{"empty agent", `{"time":"2026-01-01T00:00:00Z","agent":""}`, false},
	{"null fields", `{"time":"2026-01-01T00:00:00Z","agent":"a","tool":null,"input":null,"output":null}`, true},
	{"structured input", `{"time":"2026-01-01T00:00:00Z","agent":"a","input":{"q":[1,2,{"x":null}]},"output":[]}`, true},
	{"bool input", `{"time":"2026-01-01T00:00:00Z","agent":"a","input":false,"output":true}`, true},
	{"empty input", `{"time":"2026-01-01T00:00:00Z","agent":"a","input":"","output":0}`, true},
	{"escaped input only", `{"time":"2026-01-01T00:00:00Z","agent":"a","input":"\"","output":"\u0000"}`, true},
	{"categories", `{"time":"2026-01-01T00:00:00Z","agent":"a","data_categories":["x","",7,null,{"a":1},["y"],"p\u00e9"]}`, true},
	{"empty categories", `{"time":"2026-01-01T00:00:00Z","agent":"a","data_categories":[ ]}`, true},
	{"categories not an array", `{"time":"2026-01-01T00:00:00Z","agent":"a","data_categories":"x"}`, true},
	{"categories twice", `{"time":"2026-01-01T00:00:00Z","agent":"a","data_categories":["x"],"data_categories":["y"]}`, false}, // duplicate key: fastjson path skips it
	{"unknown nested", `{"extra":{"a":[{"b":"}]\"{"},-1.5e3,true,false,null,"x\\"]},"time":"2026-01-01T00:00:00Z","agent":"a","z":[[[]]]}`, true},
	{"unknown empty key", `{"":1,"time":"2026-01-01T00:00:00Z","agent":"a"}`, true},
	{"time twice", `{"time":"bad","time":"2026-01-01T00:00:00Z","agent":"a"}`, false},
	{"fractional offset time", `{"time":"2026-01-01T01:00:00.123456789+01:00","agent":"a"}`, true},
	{"space time", `{"time":"2026-01-01 00:00:00Z","agent":"a"}`, true},
	{"epoch string time", `{"time":"1767225600","agent":"a"}`, true},

	// What fastjson decides.
	{"number time", `{"time":1767225600000,"agent":"a"}`, false},
	{"bad time", `{"time":"yesterday","agent":"a"}`, false},
	{"null time", `{"time":null,"agent":"a"}`, false},
	{"no time", `{"agent":"a"}`, false},
	{"no agent", `{"time":"2026-01-01T00:00:00Z"}`, false},
	{"empty object", `{}`, false},
	{"array", `[{"time":"2026-01-01T00:00:00Z","agent":"a"}]`, false},
	{"string", `"x"`, false},
	{"escaped key", `{"ti\u006de":"2026-01-01T00:00:00Z","agent":"a"}`, false},
	{"truncated", `{"time":"2026-01-01T00:00:00Z","agent":"a","tool":"x`, false},
	{"truncated after colon", `{"time":"2026-01-01T00:00:00Z","agent":`, false},
	{"truncated number", `{"time":"2026-01-01T00:00:00Z","agent":"a","n":12`, false},
	{"missing brace", `{"time":"2026-01-01T00:00:00Z","agent":"a"`, false},
	{"trailing comma", `{"time":"2026-01-01T00:00:00Z","agent":"a",}`, false},
	{"trailing data", `{"time":"2026-01-01T00:00:00Z","agent":"a"} x`, false},
	{"two objects", `{"time":"2026-01-01T00:00:00Z","agent":"a"}{}`, false},
	{"missing colon", `{"time" "2026-01-01T00:00:00Z","agent":"a"}`, false},
	{"missing comma", `{"time":"2026-01-01T00:00:00Z" "agent":"a"}`, false},
	{"bare word", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":yes}`, false},
	{"truex", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":truex}`, false},
	{"nul", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":nul}`, false},
	{"tru", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":tru}`, false},
	{"fals in array", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":[fals]}`, false},
	{"nul input", `{"time":"2026-01-01T00:00:00Z","agent":"a","input":nul}`, false},
	{"NaN", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":NaN}`, false},
	{"nan lower", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":nan}`, false},
	{"minus inf", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":-Inf}`, false},
	{"lone minus", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":-}`, false},
	{"array trailing comma", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":[1,]}`, false},
	{"array missing comma", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":[1 2]}`, false},
	{"object trailing comma", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":{"a":1,}}`, false},
	{"unquoted key", `{time:"2026-01-01T00:00:00Z","agent":"a"}`, false},
	{"single quotes", `{'time':'2026-01-01T00:00:00Z','agent':'a'}`, false},
	{"deep nesting", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, false},
	{"too deep for fastjson", `{"time":"2026-01-01T00:00:00Z","agent":"a","x":` + strings.Repeat("[", 400) + strings.Repeat("]", 400) + `}`, false},
	{"form feed is not space", "{\"time\":\"2026-01-01T00:00:00Z\",\f\"agent\":\"a\"}", false},
	{"whitespace only", "  \t ", false},
	{"escaped quote ends line", `{"time":"2026-01-01T00:00:00Z","agent":"a\"}`, false},
}

func TestScanNativeCases(t *testing.T) {
	var p fastjson.Parser
	var sc []byte
	for _, tc := range scanCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := diffCheck(t, &p, &sc, []byte(tc.line)); got != tc.accept {
				_, reason := slowDecode(&p, []byte(tc.line))
				t.Errorf("fast path accepted = %v, want %v (fastjson: %q)", got, tc.accept, reason)
			}
		})
	}
}

// TestScanNativeExample: the fast path takes every good line of the example
// log and of the benchmark, with the events fastjson gives (the example's
// deliberately bad lines are left to fastjson).
func TestScanNativeExample(t *testing.T) {
	var p fastjson.Parser
	var sc []byte
	bad := 0
	for i, l := range exampleLines(t) {
		if diffCheck(t, &p, &sc, l) {
			continue
		}
		if _, reason := slowDecode(&p, l); reason == "" {
			t.Errorf("line %d: fast path declined a valid event: %s", i+1, l)
		} else {
			bad++
		}
	}
	if bad > 5 {
		t.Errorf("%d bad lines in the example log: the fast path is barely exercised", bad)
	}
}

// mutate applies one to three random edits that stress JSON syntax and
// string escapes.
func mutate(rng *rand.Rand, in []byte) []byte {
	b := append([]byte(nil), in...)
	pieces := []string{`\`, `"`, `\"`, `\\`, `\u`, `\u00e9`, `\ud83d`, `\ude00`, `\ud83d\ude00`, `\uZZ`, `\n`, `\/`, `\q`,
		`{`, `}`, `[`, `]`, `,`, `:`, ` `, "\t", "\r", "\f", "\x00", `0`, `-`, `+`, `e`, `.`, `1e9`, `true`, `tru`, `fals`, `null`, `nul`, `nan`, `Inf`,
		`"x":`, `"time":`, `"agent":`, `"data_categories":`, `"input":`, `{}`, `[]`, `[1,{"a":[]}]`, `é`, `€`}
	values := []string{`null`, `true`, `false`, `0`, `-1.5e3`, `""`, `"x"`, `"\u0041\\"`, `{}`, `{"a":{"b":[1,"}"]}}`,
		`[]`, `["x",1,null]`, `"2026-01-01T00:00:00Z"`, `"2026-13-01T00:00:00Z"`, `1767225600`, `"a\"b"`}
	for n := 1 + rng.IntN(3); n > 0; n-- {
		if len(b) == 0 {
			b = append(b, '{')
		}
		at := rng.IntN(len(b) + 1)
		switch rng.IntN(9) {
		case 0: // delete a byte
			if at < len(b) {
				b = append(b[:at], b[at+1:]...)
			}
		case 1: // insert a piece
			b = append(b[:at], append([]byte(pieces[rng.IntN(len(pieces))]), b[at:]...)...)
		case 2: // replace a byte by a piece
			if at < len(b) {
				b = append(b[:at], append([]byte(pieces[rng.IntN(len(pieces))]), b[at+1:]...)...)
			}
		case 3: // truncate
			b = b[:at]
		case 4: // duplicate a span
			end := at + rng.IntN(40)
			if end > len(b) {
				end = len(b)
			}
			b = append(b[:end], append(append([]byte(nil), b[at:end]...), b[end:]...)...)
		case 5: // replace the value after a colon by another value
			if i := bytes.IndexByte(b[min(at, len(b)):], ':'); i >= 0 {
				vs := at + i + 1
				ve := vs
				for ve < len(b) && b[ve] != ',' && b[ve] != '}' {
					ve++
				}
				b = append(b[:vs], append([]byte(values[rng.IntN(len(values))]), b[ve:]...)...)
			}
		case 6: // add an unknown field at the front
			if i := bytes.IndexByte(b, '{'); i >= 0 {
				f := `"u":` + values[rng.IntN(len(values))] + `,`
				b = append(b[:i+1], append([]byte(f), b[i+1:]...)...)
			}
		case 7: // put an escape inside a string value
			if i := bytes.Index(b[min(at, len(b)):], []byte(`":"`)); i >= 0 {
				p := at + i + 3
				b = append(b[:p], append([]byte(pieces[rng.IntN(13)]), b[p:]...)...)
			}
		case 8: // swap two bytes
			if at+1 < len(b) {
				b[at], b[at+1] = b[at+1], b[at]
			}
		}
	}
	return b
}

// TestScanNativeMutations runs both paths on many mutations of the seeds and
// also makes sure the mutations exercise both verdicts of the fast path.
func TestScanNativeMutations(t *testing.T) {
	seeds := exampleLines(t)
	for _, c := range scanCases {
		seeds = append(seeds, []byte(c.line))
	}
	rng := rand.New(rand.NewPCG(42, 4242))
	var p fastjson.Parser
	var sc []byte
	n := 200000
	if testing.Short() {
		n = 20000
	}
	accepted, agreedBad := 0, 0
	for i := 0; i < n; i++ {
		line := mutate(rng, seeds[rng.IntN(len(seeds))])
		if diffCheck(t, &p, &sc, line) {
			accepted++
		} else if _, reason := slowDecode(&p, line); reason != "" {
			agreedBad++
		}
	}
	t.Logf("%d mutations: fast path took %d, fastjson rejected %d", n, accepted, agreedBad)
	if accepted < n/10 || agreedBad < n/10 {
		t.Errorf("mutations too one-sided to test the fast path: accepted %d, rejected %d of %d", accepted, agreedBad, n)
	}
}

// TestScanNativeStrings compares string decoding on random escape-heavy
// contents, the part of the scanner most likely to go subtly wrong.
func TestScanNativeStrings(t *testing.T) {
	alphabet := []string{`\`, `\\`, `\"`, `u`, `\u`, `d8`, `D8`, `3d`, `de`, `00`, `0`, `F`, `f`, `a`, `x`, `n`, `/`, `é`, `"`, ` `, `\ud83d`, `\ude00`}
	rng := rand.New(rand.NewPCG(7, 77))
	var p fastjson.Parser
	var sc []byte
	accepted := 0
	for i := 0; i < 50000; i++ {
		var s strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			s.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		line := `{"time":"2026-01-01T00:00:00Z","agent":"a","actor":"` + s.String() + `","data_categories":["` + s.String() + `"]}`
		if diffCheck(t, &p, &sc, []byte(line)) {
			accepted++
		}
	}
	if accepted < 10000 {
		t.Errorf("only %d escape-heavy lines took the fast path", accepted)
	}
}

// TestScanNativePipeline: the whole analysis of the example log and of
// mutated lines is the same with and without the fast path, whatever the
// worker count (events, findings, skip reasons, lines).
func TestScanNativePipeline(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	seeds := exampleLines(t)
	var buf bytes.Buffer
	for _, l := range seeds {
		buf.Write(l)
		buf.WriteByte('\n')
	}
	for i := 0; i < 5000; i++ {
		l := mutate(rng, seeds[rng.IntN(len(seeds))])
		buf.Write(bytes.ReplaceAll(l, []byte("\n"), nil))
		buf.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "mutated.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(fast bool, workers int) *model.LogSummary {
		t.Helper()
		old := nativeFastPath
		nativeFastPath = fast
		defer func() { nativeFastPath = old }()
		s, err := Analyze(context.Background(), []Source{{Path: path, Format: FormatJSONL}}, benchAgents(), Options{Workers: workers, BaseDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	want := run(false, 1)
	if want.Files[0].Skipped == 0 || want.Files[0].Events == 0 {
		t.Fatalf("the mutated file should hold good and bad records: %+v", want.Files[0])
	}
	for _, w := range []int{1, 3} {
		if d := cmp.Diff(want, run(true, w)); d != "" {
			t.Errorf("workers %d: summary differs with the fast path (-fastjson +fast):\n%s", w, d)
		}
	}
}

// FuzzNativeScan holds the fast path to fastjson on arbitrary input.
func FuzzNativeScan(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "logs", "agent-activity.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	for _, l := range bytes.Split(data, []byte("\n")) {
		f.Add(l)
	}
	for _, c := range scanCases {
		f.Add([]byte(c.line))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var p fastjson.Parser
		var sc []byte
		diffCheck(t, &p, &sc, line)
	})
}

// TestFastRFC3339 holds the arithmetic time parser to time.Date on random
// and boundary instants, offsets and fractions.
func TestFastRFC3339(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 33))
	check := func(y, mo, d, h, mi, s, ns, offMin int) {
		t.Helper()
		want := time.Date(y, time.Month(mo), d, h, mi, s, ns, time.FixedZone("", offMin*60)).UTC()
		str := want.In(time.FixedZone("", offMin*60)).Format("2006-01-02T15:04:05.999999999Z07:00")
		got, ok := fastRFC3339([]byte(str))
		if !ok || got != want {
			t.Fatalf("%s: got %v (ok %v), want %v", str, got, ok, want)
		}
	}
	for _, y := range []int{1, 1600, 1899, 1900, 1969, 1970, 2000, 2024, 2100, 9999} {
		for mo := 1; mo <= 12; mo++ {
			check(y, mo, daysIn(mo, y), 23, 59, 59, 999999999, 0)
			check(y, mo, 1, 0, 0, 0, 0, 0)
		}
	}
	for i := 0; i < 100000; i++ {
		y := 1 + rng.IntN(9998)
		mo := 1 + rng.IntN(12)
		off := rng.IntN(24*60*2-1) - (24*60 - 1)
		if y == 1 || y == 9999 {
			off = 0 // keep the instant inside the four-digit years
		}
		check(y, mo, 1+rng.IntN(daysIn(mo, y)), rng.IntN(24), rng.IntN(60), rng.IntN(60), rng.IntN(1e9), off)
	}
	for _, s := range []string{"2026-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00", "2026-01-01T00:00:00.Z", "2026-00-01T00:00:00Z"} {
		if _, ok := fastRFC3339([]byte(s)); ok {
			t.Errorf("%s accepted", s)
		}
	}
}

// TestRouteKeys: the per-worker route cache must tell identity lists apart
// even when an identity holds a NUL byte, and routes the same tool under
// different operations separately.
func TestRouteKeys(t *testing.T) {
	lines := strings.Join([]string{
		`{"time":"2026-01-01T00:00:00Z","agent":"a\u0000b","tool":"t","operation":"read"}`,
		`{"time":"2026-01-01T00:00:01Z","agent":"a","tool":"t","operation":"read"}`,
		`{"time":"2026-01-01T00:00:02Z","agent":"a","tool":"t","operation":"write"}`,
		`{"time":"2026-01-01T00:00:03Z","agent":"a","tool":"t","operation":"read"}`,
		// Two agent keys: ambiguous, a counted skip, never an event of either.
		`{"time":"2026-01-01T00:00:04Z","agent":"a","agent":"b","tool":"t","operation":"read"}`,
	}, "\n") + "\n"
	path := filepath.Join(t.TempDir(), "routes.jsonl")
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	agents := []*model.Agent{{ID: "a", Tools: []model.Grant{{Name: "t", Operations: []string{"read"}}}}}
	s, err := Analyze(context.Background(), []Source{{Path: path}}, agents, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Agents) != 1 || s.Agents[0].Events != 3 || s.Skipped != 1 {
		t.Fatalf("agent a: want 3 events and 1 skip, got %+v, %d skipped", s.Agents, s.Skipped)
	}
	if len(s.Shadow) != 1 || s.Shadow[0].Identity != "a\x00b" || s.Shadow[0].Events != 1 {
		t.Fatalf("want one shadow agent %q with 1 event, got %+v", "a\x00b", s.Shadow)
	}
	var ops []string
	for _, tu := range s.Agents[0].Tools {
		ops = append(ops, tu.Tool+":"+tu.Operation+":"+strconv.FormatInt(tu.Count, 10))
	}
	if d := cmp.Diff([]string{"t:read:2", "t:write:1"}, ops); d != "" {
		t.Errorf("operations (-want +got):\n%s", d)
	}
}

func TestIsASCII(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 55))
	for i := 0; i < 20000; i++ {
		b := make([]byte, rng.IntN(100))
		for j := range b {
			b[j] = byte(rng.IntN(128))
		}
		if len(b) > 0 && rng.IntN(2) == 0 {
			b[rng.IntN(len(b))] |= 0x80
		}
		want := true
		for _, c := range b {
			if c >= 0x80 {
				want = false
			}
		}
		if got := isASCII(b); got != want {
			t.Fatalf("isASCII(%q) = %v", b, got)
		}
	}
}

// TestReviewIDLengths: review decisions are matched to calls by request IDs
// of any length, short ones kept inline and long ones by string, and IDs
// that differ only past the inline size or by one byte stay apart.
func TestReviewIDLengths(t *testing.T) {
	a := &model.Agent{ID: "agt-9", Tools: []model.Grant{{Name: "slack", Operations: []string{"post"}}},
		Oversight: model.Oversight{HumanReview: []string{"slack:post"}}}
	var lines []string
	var wantRan, wantMissing []string
	for i, n := range []int{1, 22, 23, 24, 38, 39, 40, 41, 80} {
		id := func(c string) string { return strings.Repeat(c, n) }
		ts := func(s int) string { return time.Date(2026, 4, 3, 10, i, s, 0, time.UTC).Format(time.RFC3339) }
		lines = append(lines,
			ev(ts(0), "agt-9", "human.review", "slack", "post", "denied", id("r")),
			ev(ts(1), "agt-9", "tool.call", "slack", "post", "success", id("r")), // ran although rejected
			ev(ts(2), "agt-9", "human.review", "slack", "post", "success", id("a")),
			ev(ts(3), "agt-9", "tool.call", "slack", "post", "success", id("a")),     // approved
			ev(ts(4), "agt-9", "tool.call", "slack", "post", "success", id("a")+"b"), // no review
		)
		wantRan = append(wantRan, "e.jsonl:"+strconv.Itoa(5*i+2))
		wantMissing = append(wantMissing, "e.jsonl:"+strconv.Itoa(5*i+5))
	}
	dir := t.TempDir()
	write(t, dir, "e.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	for _, workers := range []int{1, 2} {
		s := analyze(t, dir, []*model.Agent{a}, Options{Workers: workers}, "e.jsonl")
		for _, f := range s.Findings {
			switch f.Check {
			case CheckRejectedToolRan:
				if f.Count != len(wantRan) || f.Location.String() != wantRan[0] {
					t.Errorf("workers %d: %s: count %d at %s, want %d at %s", workers, f.Check, f.Count, f.Location, len(wantRan), wantRan[0])
				}
			case CheckReviewMissing:
				if f.Count != len(wantMissing) || f.Location.String() != wantMissing[0] {
					t.Errorf("workers %d: %s: count %d at %s, want %d at %s", workers, f.Check, f.Count, f.Location, len(wantMissing), wantMissing[0])
				}
			}
		}
	}
}
