package search

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestStream checks that pieces put from several goroutines at once, more
// than one pwritev's worth in one put, empty ones included, are each
// where put says, and that the file is as long as all of them.
func TestStream(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache", "search.idx")
	w := newStream(path)
	if w == nil {
		t.Fatal("got no stream, want a new data file")
	}
	type put struct {
		bufs [][]byte
		off  int
	}
	puts := make([]put, 8)
	var wg sync.WaitGroup
	for g := range puts {
		var bufs [][]byte
		for i := range 1500 * (g%2 + 1) {
			bufs = append(bufs, []byte(strings.Repeat(string(rune('a'+(g+i)%26)), i%9)))
		}
		puts[g].bufs = bufs
		wg.Add(1)
		go func() { // ends when its pieces are written
			defer wg.Done()
			puts[g].off = w.put(bufs...)
		}()
	}
	wg.Wait()
	size, err := w.close()
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := filepath.Match(dataPattern(path), filepath.Base(w.f.Name())); !ok {
		t.Errorf("got data file %s, want one named like %s", w.f.Name(), dataPattern(path))
	}
	got, err := os.ReadFile(w.f.Name())
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for g, p := range puts {
		all := bytes.Join(p.bufs, nil)
		want += len(all)
		if p.off+len(all) > len(got) || !bytes.Equal(got[p.off:p.off+len(all)], all) {
			t.Errorf("goroutine %d: got other bytes at %d, want its %d bytes of pieces", g, p.off, len(all))
		}
	}
	if size != want || len(got) != want {
		t.Errorf("got size %d and a file of %d bytes, want %d", size, len(got), want)
	}
	w.remove()
	if _, err := os.Stat(w.f.Name()); !os.IsNotExist(err) {
		t.Errorf("got %v after remove, want the data file gone", err)
	}
}
