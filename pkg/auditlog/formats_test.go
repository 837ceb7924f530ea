package auditlog

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each registry entry is whole: a name, a description, one way to read its
// records and a way to be sniffed. A half entry would be accepted by
// --log-format and then read as something else.
func TestLogFormatRegistryEntries(t *testing.T) {
	seen := map[string]bool{FormatAuto: true}
	for _, lf := range logFormats {
		if lf.name == "" || lf.name != strings.ToLower(lf.name) || seen[lf.name] {
			t.Errorf("%q: name empty, not lower-case or registered twice", lf.name)
		}
		seen[lf.name] = true
		if lf.description == "" {
			t.Errorf("%s: no description", lf.name)
		}
		readers := 0
		for _, set := range []bool{lf.read != nil, lf.decode != nil, lf.decodeMany != nil, lf.spans} {
			if set {
				readers++
			}
		}
		if readers != 1 {
			t.Errorf("%s: %d readers (read, decode, decodeMany, spans), want 1", lf.name, readers)
		}
		if lf.scan != nil && lf.decode == nil {
			t.Errorf("%s: a scan fast path needs decode for the lines it declines", lf.name)
		}
		text := lf.read != nil
		if text && (lf.sniffRecord != nil || lf.sniffDocument != nil || len(lf.wrappers) > 0) {
			t.Errorf("%s: a text format has JSON sniffers or wrappers", lf.name)
		}
		if text && lf.sniffText == nil {
			t.Errorf("%s: a text format no sniffer claims", lf.name)
		}
		if !text && lf.name != FormatJSONL && (lf.sniffRecord == nil || lf.sniffDocument == nil) {
			t.Errorf("%s: a JSON format needs sniffRecord and sniffDocument (only native is the fallback)", lf.name)
		}
	}
}

// Every registered format has a sample in testdata/formats (NAME.*, cut from
// testdata/samples) that auto-detection names as that format and its reader
// turns into events without a skip. A JSON sample is tried on one line (the
// record sniffer) and pretty-printed (the document sniffer).
func TestEveryFormatIsSniffedAndRead(t *testing.T) {
	for _, lf := range logFormats {
		t.Run(lf.name, func(t *testing.T) {
			paths, _ := filepath.Glob(filepath.Join("testdata", "formats", lf.name+".*"))
			if len(paths) != 1 {
				t.Fatalf("want one sample testdata/formats/%s.*, found %d", lf.name, len(paths))
			}
			data, err := os.ReadFile(paths[0])
			if err != nil {
				t.Fatal(err)
			}
			variants := map[string][]byte{filepath.Base(paths[0]): data}
			if lf.read == nil {
				var one, pretty bytes.Buffer
				if err := json.Compact(&one, data); err != nil {
					t.Fatalf("a JSON format's sample must be one JSON value: %v", err)
				}
				if err := json.Indent(&pretty, one.Bytes(), "", "  "); err != nil {
					t.Fatal(err)
				}
				variants["line.json"] = append(one.Bytes(), '\n')
				variants["pretty.json"] = append(pretty.Bytes(), '\n')
			}
			dir := t.TempDir()
			for name, b := range variants {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
				s := analyze(t, dir, nil, Options{}, name)
				if len(s.Files) != 1 {
					t.Fatalf("%s: %d files in the summary", name, len(s.Files))
				}
				got := s.Files[0]
				if got.Format != lf.name || got.Unreadable != "" || got.Events == 0 || got.Skipped != 0 {
					t.Errorf("%s: read as %s (unreadable %q), %d events, %d skipped; want %s, events, no skip",
						name, got.Format, got.Unreadable, got.Events, got.Skipped, lf.name)
				}
			}
		})
	}
}

// A format declared through the Go API that the registry does not know is
// a file the summary reports as unreadable, not one read as something else.
func TestUnknownDeclaredFormat(t *testing.T) {
	s := analyze(t, ".", nil, Options{}, "testdata/formats/jsonl.jsonl")
	if s.Files[0].Format != FormatJSONL {
		t.Fatalf("auto: %s", s.Files[0].Format)
	}
	_, _, err := detect([]byte(`{"time":"2026-01-01T00:00:00Z"}`), "xml", "x.log")
	if err == nil || !strings.Contains(err.Error(), `unknown format "xml" (want one of: auto, jsonl`) {
		t.Errorf("declared xml: %v", err)
	}
}
