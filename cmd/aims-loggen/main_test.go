package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/testenv"
)

// The generator is what `make bench` measures: the same seed must give the
// same bytes, and every format must be read by aims with no record lost.
func TestDeterministicAndReadable(t *testing.T) {
	testenv.Slow(t)
	for _, wl := range []string{"basic", "platform"} {
		for _, format := range []string{"jsonl", "csv", "ocsf", "otlp", "cloudtrail"} {
			t.Run(wl+"-"+format, func(t *testing.T) {
				dir := t.TempDir()
				a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
				for _, out := range []string{a, b} {
					if err := run(wl, format, out, "", 400_000, 7); err != nil {
						t.Fatal(err)
					}
				}
				if da, db := digestTree(t, a), digestTree(t, b); da != db {
					t.Fatalf("same seed, different output")
				}
				s, err := auditlog.Analyze(context.Background(), []auditlog.Source{{Path: a, Format: format}}, nil, auditlog.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if s.Events == 0 || s.Skipped != 0 {
					t.Fatalf("aims read %d events, skipped %d: %+v", s.Events, s.Skipped, s.Files)
				}
			})
		}
	}
}

// The platform workload's reviews match calls by request ID, in both file
// orders, at about 2% of the events.
func TestPlatformReviews(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p.jsonl")
	if err := run("platform", "jsonl", out, "", 3_000_000, 42); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	calls := map[string]int{}   // request ID -> line of the write call
	reviews := map[string]int{} // request ID -> line of its review
	var n, writes int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
		var e struct{ Action, Operation, RequestID string }
		var raw map[string]any
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		e.Action, _ = raw["action"].(string)
		e.Operation, _ = raw["operation"].(string)
		e.RequestID, _ = raw["request_id"].(string)
		switch {
		case e.Action == "human.review":
			reviews[e.RequestID] = n
		case e.Action == "tool.call" && (e.Operation == "post" || e.Operation == "update"):
			writes++
			calls[e.RequestID] = n
		}
	}
	before, after := 0, 0
	for rid, rl := range reviews {
		cl, ok := calls[rid]
		if !ok {
			t.Fatalf("review of %s matches no call", rid)
		}
		if rl < cl {
			before++
		} else {
			after++
		}
	}
	share := float64(len(reviews)) / float64(n)
	if share < 0.01 || share > 0.03 {
		t.Errorf("reviews are %.1f%% of %d events, want about 2%%", 100*share, n)
	}
	if before == 0 || after == 0 {
		t.Errorf("reviews before their call: %d, after: %d; want both orders", before, after)
	}
	if len(reviews) >= writes {
		t.Errorf("%d reviews for %d writes: some writes must lack a review", len(reviews), writes)
	}
}

func digestTree(t *testing.T, root string) string {
	t.Helper()
	var buf bytes.Buffer
	err := filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		buf.WriteString(rel)
		buf.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
