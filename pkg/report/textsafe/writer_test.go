package textsafe

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                      "plain",
		"a\nagents/x.yaml:1: ok":     "a agents/x.yaml:1: ok",
		"a\r\nb\tc\u0085d":           "a  b c d",
		"\x1b[2J\u202eexe\x7f\u009b": `\x1b[2J\u202eexe\x7f\x9b`,
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// hostileValue holds every class Writer escapes: DEL, C1 (NEL, CSI), bidi
// override and isolate, line separator, beside text that passes (ESC is
// the encoder's to escape, non-Latin letters stay).
const hostileValue = "a\x7fb\u0085c\u009b2Jd\u202eexe\u2066x\u2028y 中文 \x1b"

// TestWriterJSON: the JSON a Writer passes on, written one byte per Write
// (runes split across calls), holds no character a terminal acts on and
// decodes to the same value.
func TestWriterJSON(t *testing.T) {
	doc, err := json.Marshal(map[string]string{"name": hostileValue})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := NewWriter(&out, JSON)
	for i := range doc {
		if _, err := w.Write(doc[i : i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	for _, r := range out.String() {
		if r == 0x1b || streamUnsafe(r) {
			t.Fatalf("raw %U in %s", r, out.String())
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if d := cmp.Diff(hostileValue, back["name"]); d != "" {
		t.Errorf("value changed (-want +got):\n%s", d)
	}
}

func TestWriterXML(t *testing.T) {
	type doc struct {
		Name string `xml:"name,attr"`
		Text string `xml:",chardata"`
	}
	v := strings.ReplaceAll(hostileValue, "\x1b", "") // invalid in XML 1.0: encoding/xml's to replace
	raw, err := xml.Marshal(doc{Name: v, Text: v})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := NewWriter(&out, XML)
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	_ = w.Flush()
	for _, r := range out.String() {
		if streamUnsafe(r) {
			t.Fatalf("raw %U in %s", r, out.String())
		}
	}
	var back doc
	if err := xml.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(doc{Name: v, Text: v}, back); d != "" {
		t.Errorf("value changed (-want +got):\n%s", d)
	}
}

// FuzzWriter: any bytes, cut anywhere, come out with no character a
// terminal acts on outside C0, and valid UTF-8 in stays valid out.
func FuzzWriter(f *testing.F) {
	f.Add([]byte(`{"a":"`+hostileValue+`"}`), 3)
	f.Add([]byte("\xe2\x80"), 1)
	f.Add([]byte("\u009b31m"), 1)
	f.Fuzz(func(t *testing.T, data []byte, cut int) {
		if cut < 0 || cut > len(data) {
			cut = len(data) / 2
		}
		var out bytes.Buffer
		w := NewWriter(&out, JSON)
		_, _ = w.Write(data[:cut])
		_, _ = w.Write(data[cut:])
		_ = w.Flush()
		for _, r := range out.String() {
			if streamUnsafe(r) {
				t.Fatalf("raw %U from %q", r, data)
			}
		}
	})
}
