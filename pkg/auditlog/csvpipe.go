package auditlog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// The parallel CSV reader. Where a record ends depends on the quoting of
// everything before it, so the reading goroutine finds record boundaries;
// it only looks at the quotes and line ends of each line (csvLineCloses), a
// small part of the work. A line that is a whole record by itself, as
// nearly every line is, goes to the workers in chunks like JSON Lines, which
// split fields, build events and aggregate them. A line that opens a quoted
// field running past its end, a line longer than a chunk, and what follows a
// stray quote are read by the splitter one record at a time on the reading
// goroutine, exactly as readCSV reads them, so both give the same events and
// counted skips.

// csvJob is the CSV part of a job: the header's layout and the runs of
// whole-line records the chunk holds.
type csvJob struct {
	lay  *csvLayout
	runs []csvRun
}

// csvRun is a run of one-line records from offset off of the chunk's data
// (to the next run's off, or the end) whose first line is line.
type csvRun struct {
	off  int
	line int64
}

// csvParallel lets tests compare the parallel reader with readCSV, and
// csvChunkLimit (bytes, 0: none) lets them cut chunks much smaller than
// chunkSize.
var (
	csvParallel   = true
	csvChunkLimit = 0
)

// csvChunks reads one CSV file: the header first, then the records, most in
// parallel.
func (r *run) csvChunks(idx int32, f *inputFile, o *opened, base int64) error {
	if !csvParallel {
		return readCSV(o.r, idx, f.mapping, r.th.MaxRecordBytes, r.seq.add, r.seq.badRecordAt)
	}
	sp := &csvSplitter{r: o.r, max: r.th.MaxRecordBytes}
	lay, err := readCSVHeader(sp, f.mapping)
	if err != nil || lay == nil {
		return err
	}
	var w csvWork
	var carry []byte // the backing array of sp.back while it is a chunk's tail
	var cur *[]byte  // the chunk being filled
	var cj *csvJob
	send := func() {
		if cur == nil {
			return
		}
		if len(*cur) == 0 {
			r.free <- cur
		} else {
			r.jobs <- job{buf: cur, data: *cur, file: idx, lf: o.lf, seq: -1, csv: cj}
		}
		cur, cj = nil, nil
	}
	defer send()
	// slow reads one record that is not one whole line, or is longer than a
	// chunk, the splitter's way, here, into the sequential aggregate; false
	// at the end of the stream. carry is not reused until sp.back is drained.
	slow := func() (bool, error) {
		return lay.next(sp, &w, idx, r.seq.add, r.seq.badRecordAt)
	}
	for {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		if cur == nil {
			cur = <-r.free
			*cur = (*cur)[:0]
			cj = &csvJob{lay: lay}
		}
		buf := *cur
		if csvChunkLimit > 0 && csvChunkLimit < cap(buf) {
			buf = buf[:len(buf):csvChunkLimit]
		}
		from := len(buf)
		if len(sp.back) > 0 {
			// Bytes to read again (a chunk's tail, the lines after a stray
			// quote): their whole-line records are copied into the chunk
			// from where they are, so that a file of records over several
			// lines does not move a chunk's worth of bytes for each.
			win := sp.back
			if room := cap(buf) - from; len(win) > room {
				win = win[:room]
			}
			whole, lines, stop := csvWholeLines(win, sp.eof && len(win) == len(sp.back))
			if whole > 0 {
				cj.runs = append(cj.runs, csvRun{off: from, line: sp.line + 1})
				*cur = append(buf, win[:whole]...)
				sp.back = sp.back[whole:]
				sp.line += lines
			}
			switch {
			case stop:
				if more, err := slow(); !more || err != nil {
					return err
				}
				continue
			case whole > 0:
				if len(*cur) == cap(buf) {
					send()
				}
				continue
			case len(win) < len(sp.back):
				// The next line does not fit in what is left of the chunk,
				if from > 0 {
					send()
					continue
				}
				// or in a whole chunk.
				if more, err := slow(); !more || err != nil {
					return err
				}
				continue
			}
			// What is left is the start of a line: the stream goes on
			// after it, below.
		}
		// Fill what is left of the chunk: the bytes to read again first,
		// then the stream.
		n := copy(buf[from:cap(buf)], sp.back)
		buf = buf[:from+n]
		sp.back = sp.back[n:]
		var rerr error
		for len(sp.back) == 0 && !sp.eof && len(buf) < cap(buf) {
			m, err := sp.r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+m]
			if errors.Is(err, io.EOF) {
				sp.eof = true
			} else if err != nil {
				rerr = err
				break
			}
		}
		atEOF := len(sp.back) == 0 && sp.eof
		whole, lines, stop := csvWholeLines(buf[from:], atEOF)
		if whole > 0 {
			cj.runs = append(cj.runs, csvRun{off: from, line: sp.line + 1})
			sp.line += lines
		}
		rest := buf[from+whole:]
		*cur = buf[:from+whole]
		if len(rest) > 0 {
			// Read again from the splitter: the rest goes before what it
			// still holds.
			if len(sp.back) == 0 {
				carry = append(carry[:0], rest...)
				sp.back = carry
			} else {
				sp.back = append(append(make([]byte, 0, len(rest)+len(sp.back)), rest...), sp.back...)
			}
		}
		r.progress(base + o.raw.n)
		if rerr != nil {
			send()
			return fmt.Errorf("read error after line %d: %v", sp.line, rerr)
		}
		slowNext := stop
		if !stop && len(rest) > 0 {
			// The next line does not fit in what is left of the chunk.
			if from > 0 || whole > 0 {
				send()
				continue
			}
			// It is longer than a whole chunk.
			slowNext = true
		}
		if slowNext {
			if more, err := slow(); !more || err != nil {
				return err
			}
			continue
		}
		if atEOF {
			return nil
		}
		if len(*cur) == cap(buf) {
			send()
		}
	}
}

// csvWholeLines is the length of the longest prefix of b made of lines that
// are whole records by themselves, and how many lines it holds; stop says
// the line after it opens a quoted field that runs past its end. The last
// line counts without a line end only at the end of the stream.
func csvWholeLines(b []byte, atEOF bool) (n int, lines int64, stop bool) {
	for n < len(b) {
		line := b[n:]
		end := bytes.IndexByte(line, '\n')
		if end < 0 {
			if !atEOF {
				return n, lines, false
			}
			end = len(line)
		} else {
			line = line[:end]
			end++
		}
		if q := bytes.IndexByte(line, '"'); q >= 0 && !csvLineCloses(line, q) {
			return n, lines, true
		}
		n += end
		lines++
	}
	return n, lines, false
}

// csvLineCloses says whether a line (without its line end) leaves the
// splitter's state machine outside a quoted field at its end, given the
// offset q of its first quote. Only quotes can change that: a quote opens a
// field at the start of the line or after a comma, a comma outside quotes
// always starts a field, and a quote in an unquoted field is an error that
// leaves the field unquoted.
func csvLineCloses(line []byte, q int) bool {
	for {
		if q == 0 || line[q-1] == ',' {
			i := q + 1
			for {
				j := bytes.IndexByte(line[i:], '"')
				if j < 0 {
					return false
				}
				// A quote inside the field: a second one (after any CRs,
				// which leave the state machine where it is) reopens it.
				k := i + j + 1
				for k < len(line) && line[k] == '\r' {
					k++
				}
				if k < len(line) && line[k] == '"' {
					i = k + 1
					continue
				}
				i = k
				break
			}
			j := bytes.IndexByte(line[i:], '"')
			if j < 0 {
				return true
			}
			q = i + j
			continue
		}
		j := bytes.IndexByte(line[q+1:], '"')
		if j < 0 {
			return true
		}
		q += 1 + j
	}
}

// parseCSVChunk makes the one-line records of a chunk events or counted
// skips, as csvLayout.record does for the splitter's records.
func (r *run) parseCSVChunk(g *agg, w *csvWork, j job) {
	data := j.data
	valid := isASCII(data) || utf8.Valid(data)
	lay := j.csv.lay
	for k, run := range j.csv.runs {
		end := len(data)
		if k+1 < len(j.csv.runs) {
			end = j.csv.runs[k+1].off
		}
		b := data[run.off:end]
		n := run.line
		for len(b) > 0 {
			i := bytes.IndexByte(b, '\n')
			var raw []byte
			if i < 0 {
				raw, b = b, nil
			} else {
				raw, b = b[:i+1], b[i+1:]
			}
			cr := csvRecord{raw: raw, line: n, lines: 1, errAt: csvUnscanned}
			if int64(len(cr.text())) > lay.max {
				cr.oversize, cr.raw = true, nil
			}
			lay.record(&cr, !valid, w, j.file, g.add, g.badRecordAt)
			n++
		}
	}
}
