package search

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"kith/generator/content"
	"kith/generator/journal"
)

// TestBodiesSame: the index's files, and the terms and postings of the
// cache, are the same whether the snippets of the notes' bodies were made
// while the journal loaded (Bodies), all of them or some, or by the
// index, with a cache and without. The cache numbers the terms in the
// order they were met: work moved into Bodies must not change it.
func TestBodiesSame(t *testing.T) {
	fsys := os.DirFS("../..")
	day, err := content.ParseDate("2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	// load loads and links the journal, handing made the bodies of the
	// notes parsed that pick says to, as the build does.
	load := func(t *testing.T, made *Bodies, pick func(sum [32]byte) bool) *journal.Journal {
		t.Helper()
		set, _, err := content.LoadWith(context.Background(), fsys, content.LoadOptions{Parsed: func(d content.Doc) {
			if b := d.Body(); b != nil && pick(b.Sum) {
				made.Add(b.Sum, b.Markdown)
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		return journal.Build(set, journal.Options{Today: day})
	}
	none := func([32]byte) bool { return false }
	for _, cached := range []bool{false, true} {
		index := func(t *testing.T, j *journal.Journal, made *Bodies) map[string][]byte {
			t.Helper()
			var c *Cache
			if cached {
				c = &Cache{Path: filepath.Join(t.TempDir(), "search.idx"), Stamp: "test"}
			}
			sink := newMemSink()
			if _, _, err := Update(j, nil, "", nil, c, sink, made); err != nil {
				t.Fatal(err)
			}
			files := maps.Clone(sink.files)
			if cached {
				// The cache's bytes depend on the order its pieces
				// were made in; its terms, in order, and their
				// postings do not.
				old, err := readCache(c.Path, cacheStamp(c, ""))
				if err != nil {
					t.Fatal(err)
				}
				var terms []byte
				for g, term := range old.terms {
					terms = fmt.Appendf(terms, "%s %d %x\n", term, old.countOf(int32(g)), old.postsOf(int32(g)))
				}
				files["cache terms"] = terms
			}
			return files
		}
		want := index(t, load(t, nil, none), nil)
		for _, c := range []struct {
			name string
			pick func(sum [32]byte) bool
		}{
			{"all", func([32]byte) bool { return true }},
			{"some", func(sum [32]byte) bool { return sum[0]%2 == 0 }},
			{"none", none},
		} {
			name := c.name
			if cached {
				name += "/cache"
			}
			t.Run(name, func(t *testing.T) {
				made := NewBodies()
				j := load(t, made, c.pick)
				drain(made)
				made.Wait()
				n := len(made.made)
				got := index(t, j, made)
				if c.name != "none" && n == 0 {
					t.Fatal("no snippet was made while the journal loaded")
				}
				if !maps.EqualFunc(got, want, func(a, b []byte) bool { return string(a) == string(b) }) {
					for name, data := range want {
						if string(got[name]) != string(data) {
							t.Errorf("%s: got %.200s, want %.200s", name, got[name], data)
						}
					}
					t.Fatalf("got %d files, want %d", len(got), len(want))
				}
			})
		}
	}
}

// TestBodiesWait: Wait ends the goroutine with bodies still queued (left
// to the index), may be called again, and Add after it does nothing.
func TestBodiesWait(t *testing.T) {
	b := NewBodies()
	for i := range 1000 {
		b.Add([32]byte{byte(i), byte(i >> 8), 1}, []byte("Met Dana at the café near the office."))
	}
	b.Wait()
	b.Wait()
	b.Add([32]byte{9}, []byte("after"))
	if s, ok := b.snippet(&[32]byte{9}); ok {
		t.Errorf("a body added after Wait was made: %q", s)
	}
	var nilBodies *Bodies
	nilBodies.Add([32]byte{1}, []byte("x"))
	nilBodies.Wait()
	if _, ok := nilBodies.snippet(&[32]byte{1}); ok {
		t.Error("nil Bodies has a snippet")
	}
}

// drain waits until b's goroutine has taken every body queued, so that
// a test's Wait leaves none to the index.
func drain(b *Bodies) {
	for {
		b.mu.Lock()
		n := len(b.queue)
		b.mu.Unlock()
		if n == 0 {
			return
		}
		runtime.Gosched()
	}
}
