package search

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
)

// stream is the data file of a cache being written while the whole index
// is made: each goroutine that makes a piece (a batch of terms' postings)
// gives it a place in the file at once and goes on working, and one
// goroutine of the stream's writes the pieces there as they come. (Until
// the ninth session the cache held the index's files too.) Written at the
// end, in one writev, the 33 MB of a
// large journal's first cache took 130-145 ms on one CPU while the other
// waited (most of it the first touch of the file's pages, see
// docs/performance.md, eighth session); written by the goroutines that
// made them, into one file, they cost more CPU than that (the file's
// lock, contended, spins). The pieces are in the file in the order they
// were given places, not the table's: the table says where each is. A
// piece must not change until close.
type stream struct {
	f      *os.File
	off    atomic.Int64 // the end of what was given a place
	q      chan streamPut
	done   chan struct{} // closed when the writer has written everything
	err    error         // the first error writing; the writer's until done
	mu     sync.Mutex
	closed bool
}

// streamPut is pieces to write one after another from off.
type streamPut struct {
	bufs [][]byte
	off  int64
}

// newStream creates the data file of a new cache at path (O_EXCL, 0600,
// its folder made 0700) and starts its writer, or returns nil if it
// cannot: the cache is then written whole at the end, as an update
// writes it.
func newStream(path string) *stream {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), dataPattern(path))
	if err != nil {
		return nil
	}
	s := &stream{f: f, q: make(chan streamPut, 64), done: make(chan struct{})}
	go func() { // ends when close has closed q and every piece is written
		defer close(s.done)
		for p := range s.q {
			if s.err == nil {
				s.err = writeAt(s.f, p.bufs, p.off)
			}
		}
	}()
	return s
}

// put gives bufs a place, one after another, and returns where the first
// begins; the writer writes them there. Safe from any goroutine; bufs
// (the list) may be reused once put returns, the pieces not before close.
// On a nil stream it does nothing (and returns 0).
func (s *stream) put(bufs ...[]byte) int {
	if s == nil {
		return 0
	}
	n := 0
	for _, b := range bufs {
		n += len(b)
	}
	off := s.off.Add(int64(n)) - int64(n)
	if n > 0 {
		s.q <- streamPut{bufs: slices.Clone(bufs), off: off}
	}
	return int(off)
}

// close waits for every piece to be written, closes the file and returns
// its size and the first error met writing or closing it.
func (s *stream) close() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.q)
		<-s.done
		if err := s.f.Close(); s.err == nil {
			s.err = err
		}
	}
	return int(s.off.Load()), s.err
}

// remove closes and removes the file (a cache not written).
func (s *stream) remove() {
	if s == nil {
		return
	}
	_, _ = s.close()
	_ = os.Remove(s.f.Name())
}
