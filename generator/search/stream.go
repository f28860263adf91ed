package search

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// stream is the data file of a cache being written while the whole index
// is made: each goroutine that makes a piece (a part's forward postings in
// merge, a batch of terms' postings, a buffer of encoded files) writes it
// at once, at a place of its own, while the others go on working. Written
// at the end, in one writev, the 33 MB of a large journal's first cache
// took 130-145 ms on one CPU while the other waited (most of it the first
// touch of the file's pages, see docs/performance.md, eighth session).
// The pieces are in the file in the order they were made, not the
// table's: the table says where each is.
type stream struct {
	f    *os.File
	off  atomic.Int64 // the end of what was given a place
	mu   sync.Mutex
	err  error // the first error writing
	done bool  // closed
}

// newStream creates the data file of a new cache at path (O_EXCL, 0600,
// its folder made 0700), or returns nil if it cannot: the cache is then
// written whole at the end, as an update writes it.
func newStream(path string) *stream {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), dataPattern(path))
	if err != nil {
		return nil
	}
	return &stream{f: f}
}

// put writes bufs one after another at a place of their own and returns
// where the first begins; safe from any goroutine. On a nil stream it
// does nothing (and returns 0). An error is kept for close.
func (s *stream) put(bufs ...[]byte) int {
	if s == nil {
		return 0
	}
	n := 0
	for _, b := range bufs {
		n += len(b)
	}
	off := s.off.Add(int64(n)) - int64(n)
	if n == 0 {
		return int(off)
	}
	if err := writeAt(s.f, bufs, off); err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
	}
	return int(off)
}

// close closes the file and returns its size and the first error met
// writing or closing it.
func (s *stream) close() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.done {
		s.done = true
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
