package main

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// platformTools are the six tools of the platform workload; every agent is
// granted them with read, post and update.
var platformTools = []string{"crm", "tickets", "slack", "ledger", "docs", "email"}

// platformResources is how many distinct resource values each tool draws from.
const platformResources = 100_000

func platformAgents() []agentSpec {
	out := make([]agentSpec, 0, 50)
	for i := 1; i <= 50; i++ {
		out = append(out, agentSpec{
			id:        fmt.Sprintf("pa-%03d", i),
			tools:     platformTools,
			ops:       []string{"read", "post", "update"},
			models:    []string{"claude-3-haiku", "gpt-4o-mini"},
			reviewOps: []string{"post", "update"},
			resPrefix: "res/",
		})
	}
	return out
}

// platformEvents is a workload closer to real agent platforms than the basic
// one: 50 agents, resources drawn from 100,000 values per tool, write
// operations (about 2% of events) each with a human review matched by
// request ID, written in both orders (the review before the call, or long
// after it: files are not time-sorted); 95% approvals, 4% rejections (a
// tenth of them run anyway), 1% of writes with no review; 1% errors; 0.1% of
// calls outside the grants (an ungranted tool, or a resource outside the
// glob).
func platformEvents(emit func(*rec) int, size int64, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, seed^0x51ed2701f3a5c7b9))
	as := platformAgents()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	span := int64(89 * 24 * 3600 * 1000)
	perEvent := span / (size / 300)
	if perEvent < 1 {
		perEvent = 1
	}
	// Reviews held back to be written after their call, at most this many.
	type late struct {
		r   rec
		due int64
	}
	var held []late
	var written, n int64
	ts := start
	var r rec
	for written < size {
		n++
		ts += perEvent/2 + rng.Int64N(perEvent+1)
		if ts > start+span {
			ts = start + rng.Int64N(span)
		}
		t := time.UnixMilli(ts).UTC()
		a := as[rng.IntN(len(as))]
		rid := fmt.Sprintf("req-%012x", n)
		tool := platformTools[rng.IntN(len(platformTools))]
		res := "res/" + tool + "-" + strconv.Itoa(rng.IntN(platformResources))
		x := rng.IntN(1000)
		r = rec{t: t, agent: a.id, actor: "user-" + strconv.Itoa(rng.IntN(500)), action: "tool.call", tool: tool, op: "read", res: res, outcome: "success", rid: rid, callID: "call-" + rid, io: true}
		switch {
		case x < 300:
			r.action, r.tool, r.op, r.res = "model.call", "", "", ""
			r.model = a.models[rng.IntN(len(a.models))]
		case x < 301:
			r.tool = "export_customer_list" // not granted
			r.res = "res/export-1"
		case x < 320:
			r.op = []string{"post", "update"}[rng.IntN(2)]
		}
		if rng.IntN(100) == 0 {
			r.outcome = "error"
		}
		if rng.IntN(1000) == 0 && r.tool != "" {
			r.res = "other/" + tool // outside the resource glob
		}
		if r.op == "post" || r.op == "update" {
			rv := rec{t: t.Add(-2 * time.Second), agent: a.id, actor: "reviewer-" + strconv.Itoa(rng.IntN(5)) + "@northwind.example", action: "human.review", tool: r.tool, op: r.op, rid: rid, callID: r.callID, outcome: "success"}
			y := rng.IntN(100)
			switch {
			case y < 95:
			case y < 99:
				rv.outcome = "denied"
				if rng.IntN(10) != 0 {
					r.outcome = "denied" // the platform blocked the rejected call
				}
			default:
				rv.action = "" // no review at all
			}
			switch {
			case rv.action == "":
			case rng.IntN(2) == 0:
				written += int64(emit(&rv))
			default:
				// Written later in the file, as an export that is not sorted.
				held = append(held, late{r: rv, due: n + 1 + rng.Int64N(5000)})
			}
		}
		written += int64(emit(&r))
		for i := 0; i < len(held); {
			if held[i].due <= n || len(held) > 4096 {
				written += int64(emit(&held[i].r))
				held[i] = held[len(held)-1]
				held = held[:len(held)-1]
				continue
			}
			i++
		}
	}
	for i := range held {
		emit(&held[i].r)
	}
}
