// Package auditlog reads audit-log exports (native JSON Lines, CSV, OTLP,
// CloudTrail, OCSF; plain or gzip; files, directories or globs), attributes
// every event to an inventory agent, and derives the log facts of docs/contract.md §4:
// per-agent activity, shadow agents and findings with the file:line of the
// first offending event.
//
// Memory grows with the number of agents, identities and distinct tools,
// never with the number of events: JSON Lines are parsed in parallel in
// line-aligned chunks with one reused parser per worker; each worker keeps a
// partial aggregate whose fields merge commutatively (sums, min positions,
// set unions), so the output is the same whatever the worker count.
package auditlog

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/aims-cli/aims/pkg/secrets"
	"io"
	"runtime"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

// Source is one audit-log export to read.
type Source struct {
	// Path is a file, a directory (read recursively, sorted) or a glob.
	Path string
	// Format is auto, jsonl, csv, otlp, cloudtrail or ocsf ("" means auto).
	Format string
	// Mapping maps native event fields (time, agent, tool ...) to CSV column names.
	Mapping map[string]string
}

// Options tune one analysis.
type Options struct {
	// Period limits the analysis to whole UTC days, inclusive; empty means everything.
	Period model.Period
	// Thresholds: log_gap_hours and max_record_bytes are used; zero values take the defaults.
	Thresholds model.Thresholds
	// Now is the run's clock (kept for age-based checks; the analysis itself is clock-free).
	Now time.Time
	// BaseDir resolves relative source paths and is stripped from reported paths.
	BaseDir string
	// Records is how many records each finding keeps in Finding.Records
	// (the pack's excerpts); below model.MaxSamples it keeps MaxSamples.
	Records int
	// Workers parse JSON Lines in parallel; 0 means one per CPU.
	Workers int
	// Progress, when set, is called from one goroutine with the bytes read so far
	// and the total size of the files.
	Progress func(done, total int64)
}

// chunkSize is the unit of parallel work on JSON Lines.
const chunkSize = 1 << 20

// Analyze reads every source and returns the log facts. agents nil means no
// inventory was loaded: every identity is then listed as an agent and nothing
// is judged against grants. Unreadable files and bad records are reported in
// the summary, never returned as an error; the error is only for a cancelled
// context.
func Analyze(ctx context.Context, sources []Source, agents []*model.Agent, opts Options) (*model.LogSummary, error) {
	defer limitMemory()()
	th := opts.Thresholds.WithDefaults()
	an := newAnalysis(agents, opts, th)
	files := expand(sources, opts.BaseDir)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	r := &run{ctx: ctx, an: an, files: files, opts: opts, th: th, workers: workers}
	if err := r.do(); err != nil {
		return nil, err
	}
	// Judged on what the records say; reported without the credentials a
	// record's fields may carry (a token as tool, a URL password as resource).
	return secrets.Scrub(r.summary, nil), nil
}

type job struct {
	buf  *[]byte
	data []byte
	file int32
	line int64
	lf   *logFormat
	seq  int // OTLP: the place of the chunk in the replay order
	csv  *csvJob
}

// otlpSteps is the recorded steps of one OTLP chunk or document record, with
// the buffer (or buffer token) to give back once they are replayed: holding
// it until then bounds the batches in flight to the buffer pool.
type otlpSteps struct {
	seq int
	ops []otlpOp
	buf *[]byte
}

type run struct {
	ctx     context.Context
	an      *analysis
	files   []*inputFile
	opts    Options
	th      model.Thresholds
	workers int

	jobs chan job
	free chan *[]byte
	wg   sync.WaitGroup
	aggs []*agg
	seq  *agg
	// otlp is the one real OTLP state; only the replayer goroutine touches
	// it (and otlpAgg) until the workers are done.
	otlp     *otlpState
	otlpAgg  *agg
	otlpSeq  int // next batch number, assigned by the reading goroutine
	batches  chan otlpSteps
	replayed chan struct{}
	docOps   []otlpOp
	docRec   *otlpState
	parser   fastjson.Parser
	ev       event
	done     int64
	total    int64
	summary  *model.LogSummary
}

func (r *run) do() error {
	r.jobs = make(chan job, r.workers)
	r.free = make(chan *[]byte, 2*r.workers+2)
	for i := 0; i < 2*r.workers+2; i++ {
		b := make([]byte, 0, chunkSize)
		r.free <- &b
	}
	r.aggs = make([]*agg, r.workers)
	for i := range r.aggs {
		r.aggs[i] = newAgg(r.an)
		r.wg.Add(1)
		go r.worker(r.aggs[i])
	}
	r.seq = newAgg(r.an)
	r.otlpAgg = newAgg(r.an)
	r.otlp = newOTLPState(r.otlpAgg)
	r.docRec = newOTLPRecorder(&r.docOps)
	r.batches = make(chan otlpSteps, r.workers)
	r.replayed = make(chan struct{})
	go r.replayer()

	stats := make([]model.LogFile, len(r.files))
	for _, f := range r.files {
		if f.problem == "" {
			if fi, err := statSize(f.path); err == nil {
				r.total += fi
			}
		}
	}
	var ctxErr error
	for i, f := range r.files {
		if ctxErr = r.ctx.Err(); ctxErr != nil {
			break
		}
		st := &stats[i]
		st.Path = f.display
		st.Format = f.format
		if f.problem != "" {
			st.Unreadable = f.problem
			continue
		}
		o, err := open(f)
		if err != nil {
			st.Unreadable = err.Error()
			st.Bytes = f.size
			continue
		}
		st.Format = o.format
		base := r.done
		err = r.readFile(int32(i), f, o, base)
		st.Bytes = f.size
		if err != nil && !errors.Is(err, context.Canceled) {
			st.Unreadable = err.Error()
		}
		st.SHA256 = o.digest()
		o.close()
		r.done = base + f.size
		r.progress(r.done)
	}
	close(r.jobs)
	r.wg.Wait()
	close(r.batches)
	<-r.replayed
	if ctxErr == nil {
		ctxErr = r.ctx.Err()
	}
	if ctxErr != nil {
		return ctxErr
	}
	r.otlp.finish()
	// The first worker's aggregate takes in the others: a fresh one would
	// hold a copy of every waiting call beside the originals (issue 14).
	aggs := r.aggs
	r.aggs = nil
	total := aggs[0]
	for i := 1; i < len(aggs); i++ {
		total.merge(aggs[i])
		aggs[i] = nil
	}
	total.merge(r.seq)
	total.merge(r.otlpAgg)
	total.finishReviews()
	r.summary = summarize(total, r.files, stats, r.an)
	r.summary.Period = r.opts.Period
	return nil
}

// replayer applies the OTLP batches in their number order (workers finish
// chunks out of order) and gives their buffers back.
func (r *run) replayer() {
	defer close(r.replayed)
	waiting := map[int]otlpSteps{}
	next := 0
	for b := range r.batches {
		waiting[b.seq] = b
		for {
			b, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			r.otlp.replay(b.ops)
			if b.buf != nil {
				r.free <- b.buf
			}
		}
	}
}

func (r *run) progress(done int64) {
	if r.opts.Progress != nil {
		r.opts.Progress(done, r.total)
	}
}

// readFile reads one opened file with the reader its format and layout need.
// The error is a reason that stops this file (what was read so far counts).
func (r *run) readFile(idx int32, f *inputFile, o *opened, base int64) error {
	maxRec := r.th.MaxRecordBytes
	switch {
	case o.lf.chunks != nil:
		return o.lf.chunks(r, idx, f, o, base)
	case o.lf.read != nil:
		return o.lf.read(o.r, idx, f.mapping, maxRec, r.seq.add, r.seq.badRecordAt)
	case o.layout == layoutLines:
		return r.chunks(idx, o, base)
	}
	// Documents, split sequentially; an OTLP record's steps go through the
	// replayer after the chunks before it.
	sp := &splitter{r: o.r, max: maxRec,
		bad: func(line int64, reason string) { r.seq.badRecord(idx, line, reason) },
	}
	sp.record = func(key string, raw []byte, line int64) {
		if r.ctx.Err() != nil {
			return
		}
		r.progress(base + o.raw.n)
		if !utf8.Valid(raw) {
			r.seq.badRecord(idx, line, "invalid UTF-8")
			return
		}
		v, err := r.parser.ParseBytes(raw)
		if err != nil {
			r.seq.badJSON(idx, line, raw, err)
			return
		}
		if o.lf.spans {
			r.docOps = r.docOps[:0]
			r.docRec.record(v, key, idx, line, newLineLocator(raw, line).lineOf)
			ops := append([]otlpOp(nil), r.docOps...)
			r.batches <- otlpSteps{seq: r.otlpSeq, ops: ops, buf: <-r.free}
			r.otlpSeq++
			return
		}
		r.decode(r.seq, &r.ev, v, o.lf, idx, line)
	}
	err := sp.run()
	if err == io.EOF {
		return nil
	}
	return err
}

// chunks cuts a JSON Lines file into line-aligned chunks for the workers.
func (r *run) chunks(idx int32, o *opened, base int64) error {
	maxRec := r.th.MaxRecordBytes
	line := int64(1)
	var carry []byte
	skipping := false // inside a line over the limit
	skipLine := int64(0)
	for {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		bp := <-r.free
		buf := append((*bp)[:0], carry...)
		carry = nil
		// Fill the buffer; grow it only for a line longer than a chunk.
		var rerr error
		for {
			if len(buf) == cap(buf) {
				if bytes.IndexByte(buf, '\n') >= 0 || int64(len(buf)) > maxRec {
					break
				}
				nb := make([]byte, len(buf), 2*cap(buf))
				copy(nb, buf)
				buf = nb
			}
			n, err := o.r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err != nil {
				rerr = err
				break
			}
		}
		if skipping {
			// Drop the rest of an over-long line.
			if i := bytes.IndexByte(buf, '\n'); i >= 0 {
				buf = buf[:copy(buf, buf[i+1:])]
				skipping = false
				line = skipLine + 1
			} else {
				*bp = buf[:0]
				r.free <- bp
				if rerr == io.EOF {
					return nil
				}
				if rerr != nil {
					return fmt.Errorf("read error after line %d: %v", line, rerr)
				}
				continue
			}
		}
		data := buf
		if rerr == nil {
			i := bytes.LastIndexByte(buf, '\n')
			if i < 0 {
				// One line longer than the limit: report it and skip to its end.
				r.seq.badRecord(idx, line, fmt.Sprintf("line exceeds max_record_bytes (%d)", maxRec))
				skipping, skipLine = true, line
				*bp = buf[:0]
				if cap(buf) > 4*chunkSize {
					nb := make([]byte, 0, chunkSize)
					*bp = nb
				}
				r.free <- bp
				continue
			}
			data = buf[:i+1]
			carry = append([]byte(nil), buf[i+1:]...)
		}
		*bp = buf
		if len(data) > 0 {
			j := job{buf: bp, data: data, file: idx, line: line, lf: o.lf, seq: -1}
			if o.lf.spans {
				j.seq = r.otlpSeq
				r.otlpSeq++
			}
			r.jobs <- j
			line += int64(bytes.Count(data, []byte{'\n'}))
		} else {
			r.free <- bp
		}
		r.progress(base + o.raw.n)
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			return fmt.Errorf("read error after line %d: %v", line, rerr)
		}
	}
}

// wstate is one worker's reusable parsing state.
type wstate struct {
	p  fastjson.Parser
	ev event
	sc []byte // scanNative's scratch buffer
	// ops and otlp record the OTLP steps of the current chunk.
	ops  []otlpOp
	otlp *otlpState
	csv  csvWork
}

// nativeFastPath lets tests compare the fast native scanner with fastjson.
var nativeFastPath = true

func (r *run) worker(g *agg) {
	defer r.wg.Done()
	var w wstate
	for j := range r.jobs {
		w.ops = nil // the batch keeps the previous slice
		r.parseChunk(g, &w, j)
		if cap(*j.buf) > 4*chunkSize {
			nb := make([]byte, 0, chunkSize)
			*j.buf = nb
		}
		if j.seq >= 0 {
			r.batches <- otlpSteps{seq: j.seq, ops: w.ops, buf: j.buf}
			continue
		}
		r.free <- j.buf
	}
}

func (r *run) parseChunk(g *agg, w *wstate, j job) {
	if j.csv != nil {
		r.parseCSVChunk(g, &w.csv, j)
		return
	}
	maxRec := r.th.MaxRecordBytes
	data := j.data
	valid := isASCII(data) || utf8.Valid(data)
	scan := j.lf.scan
	if !nativeFastPath {
		scan = nil
	}
	ev := &w.ev
	n := j.line
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var line []byte
		if i < 0 {
			line, data = data, nil
		} else {
			line, data = data[:i], data[i+1:]
		}
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		switch {
		case len(line) == 0:
		case int64(len(line)) > maxRec:
			g.badRecord(j.file, n, fmt.Sprintf("line exceeds max_record_bytes (%d)", maxRec))
		case !valid && !utf8.Valid(line):
			g.badRecord(j.file, n, "invalid UTF-8")
		default:
			if scan != nil {
				ev.reset()
				if scan(line, ev, &w.sc) {
					ev.file, ev.line = j.file, n
					g.add(ev)
					break
				}
			}
			v, err := w.p.ParseBytes(line)
			if err != nil {
				if len(bytes.TrimSpace(line)) > 0 {
					g.badJSON(j.file, n, line, err)
				}
			} else if j.lf.spans {
				if w.otlp == nil {
					w.otlp = newOTLPRecorder(&w.ops)
				}
				w.otlp.record(v, "", j.file, n, nil)
			} else {
				r.decode(g, ev, v, j.lf, j.file, n)
			}
		}
		n++
	}
}

// isASCII reports whether b holds only ASCII bytes, 32 bytes a step: logs
// are mostly ASCII, and this is several times faster than utf8.Valid on them.
func isASCII(b []byte) bool {
	var acc uint64
	for len(b) >= 32 {
		acc |= binary.LittleEndian.Uint64(b) | binary.LittleEndian.Uint64(b[8:]) |
			binary.LittleEndian.Uint64(b[16:]) | binary.LittleEndian.Uint64(b[24:])
		b = b[32:]
	}
	for _, c := range b {
		acc |= uint64(c)
	}
	return acc&0x8080808080808080 == 0
}

// decode maps one parsed record of a stateless format and aggregates it.
func (r *run) decode(g *agg, ev *event, v *fastjson.Value, lf *logFormat, file int32, line int64) {
	ev.reset()
	ev.file, ev.line = file, line
	bad := func(err error) {
		if ig, ok := err.(ignoredError); ok {
			g.ignore(file, string(ig))
			return
		}
		g.badRecord(file, line, err.Error())
	}
	if lf.decodeMany != nil {
		lf.decodeMany(v, ev, g.add, bad)
		return
	}
	if err := lf.decode(v, ev); err != nil {
		bad(err)
		return
	}
	g.add(ev)
}

// jsonReason shortens fastjson's messages to a reason a person can act on.
func jsonReason(err error) string {
	msg := err.Error()
	if len(msg) > 160 {
		msg = msg[:160] + "..."
	}
	return "invalid JSON: " + msg
}
