package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"kith/generator/content"
	"kith/generator/output"
	"kith/generator/site"
	"kith/templates"
)

// TestPatchedUpdateEqualsLinked: random sequences of edits to a journal on
// disk, each followed by an update that links the journal as the cache of
// parsed notes held it while the journal is walked and patches it with
// the notes that changed (linkUpdate); after every step the update's site
// is the one linked from scratch from the journal loaded anew: the same
// model (journal.Dump), the same files with the same bytes, the same
// errors. Most steps must have been patched, else the test proves little.
func TestPatchedUpdateEqualsLinked(t *testing.T) {
	seeds, steps := 6, 24
	if testing.Short() {
		seeds, steps = 2, 12
	}
	ctx := context.Background()
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			root := t.TempDir()
			j := &journalDisk{t: t, dir: filepath.Join(root, "journal"), rnd: rand.New(rand.NewPCG(uint64(seed), 16)), content: true}
			j.seed()
			so := site.Options{Journal: os.DirFS(j.dir), Theme: templates.FS(), Today: today}
			opt := Options{
				Site:      so,
				Generator: func() string { return "test" },
				Cache:     filepath.Join(root, "cache", "inputs.bin"),
				Parsed:    filepath.Join(root, "cache", "notes.bin"),
				Dest:      filepath.Join(root, "site"),
				Output:    output.Options{Incremental: true},
			}
			patched := 0
			for step := range steps {
				what := "the first build"
				if step > 0 {
					what = j.edit()
				}
				res, err := Run(ctx, opt)
				set, lerr := content.Load(ctx, so.Journal)
				if lerr != nil {
					t.Fatal(lerr)
				}
				theme, terr := site.Theme(so)
				if terr != nil {
					t.Fatal(terr)
				}
				want, werr := site.Link(set, so, theme)
				if res.Patched {
					patched++
				}
				t.Logf("step %d (%s): patched %v, relinked because %q", step, what, res.Patched, res.Relinked)
				var got, wantp content.Problems
				if errors.As(err, &got) || errors.As(werr, &wantp) {
					if got.Error() != wantp.Error() {
						t.Fatalf("step %d (%s): got errors %v, want %v", step, what, err, werr)
					}
					continue
				}
				if err != nil || werr != nil {
					t.Fatalf("step %d (%s): got error %v, want %v", step, what, err, werr)
				}
				if res.Unchanged {
					continue // an edit that wrote the bytes the note had: nothing linked (TestIncrementalEqualsFresh checks the site)
				}
				sameSite(t, fmt.Sprintf("step %d (%s)", step, what), res.Site, want, opt.Dest)
			}
			if patched < steps/3 {
				t.Errorf("%d of %d updates patched, want a third at least", patched, steps)
			}
		})
	}
}

// sameSite fails the test unless got and want have the same model and the
// same files with the same bytes; got was built into dest, where the
// search index's files went as they were made (site.SetSearchSink).
func sameSite(t *testing.T, at string, got, want *site.Site, dest string) {
	t.Helper()
	var gd, wd bytes.Buffer
	if err := got.J.Dump(&gd); err != nil {
		t.Fatal(err)
	}
	if err := want.J.Dump(&wd); err != nil {
		t.Fatal(err)
	}
	if gd.String() != wd.String() {
		gl, wl := bytes.Split(gd.Bytes(), []byte("\n")), bytes.Split(wd.Bytes(), []byte("\n"))
		for i := range min(len(gl), len(wl)) {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("%s: the models differ at line %d: got %q, want %q", at, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: the models differ: %d lines, want %d", at, len(gl), len(wl))
	}
	gf, wf := got.Files(), want.Files()
	if !slices.Equal(gf, wf) {
		t.Fatalf("%s: got files %v, want %v", at, gf, wf)
	}
	for _, name := range wf {
		g, err := got.File(name)
		if data, made := got.Made(name); made && data == nil {
			g, err = os.ReadFile(filepath.Join(dest, filepath.FromSlash(name)))
		}
		if err != nil {
			t.Fatal(err)
		}
		w, err := want.File(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g, w) {
			t.Fatalf("%s: %s differs from the site linked from scratch", at, name)
		}
	}
}

// TestWalkHint: the walk's hint fires for a journal with a file the cache
// of hashes does not vouch for (edited, added), never for one it vouches
// for entirely, and names the folder of the file changed last; the walk
// waits for the cache (read here while the walk waits).
func TestWalkHint(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, name := range []string{"kith.yaml", "content/people/A.md", "content/people/B.md", "content/entries/2026/e.md"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	last := time.Now().Add(time.Minute) // the file changed last
	if err := os.Chtimes(filepath.Join(dir, "content", "entries", "2026", "e.md"), last, last); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	w, err := walkTree(ctx, fsys, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A cache that vouches for every file as the walk saw it (written
	// well after: no file is racy).
	cache := &statCache{written: time.Now().Add(time.Hour).UnixNano()}
	for _, f := range w.files {
		cache.old = append(cache.old, cacheEntry{path: f.path, st: f.st})
	}
	tests := []struct {
		name       string
		change     func(t *testing.T)
		cacheFirst bool
		fires      bool
	}{
		{"unchanged, cache read first", func(*testing.T) {}, true, false},
		{"unchanged, cache read while the walk waits", func(*testing.T) {}, false, false},
		// The changes add up: each case fires for its own change first.
		{"a note added", func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "content", "people", "C.md"), []byte("x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, true, true},
		{"a note edited", func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "content", "people", "A.md"), []byte("longer\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change(t)
			h := newWalkHint()
			if tt.cacheFirst {
				h.read(cache)
			} else {
				go func() { // ends when the cache is given
					time.Sleep(10 * time.Millisecond)
					h.read(cache)
				}()
			}
			if _, err := walkTree(ctx, fsys, true, h); err != nil {
				t.Fatal(err)
			}
			if got, want := h.folder(), "content/entries/2026"; got != want {
				t.Errorf("got recent folder %q, want %q", got, want)
			}
			fired := false
			select {
			case <-h.changed:
				fired = true
			default:
			}
			if fired != tt.fires {
				t.Errorf("got fired %v, want %v", fired, tt.fires)
			}
		})
	}
	// Every file as the cache saw it, but changed just before it was
	// written (the cache does not vouch for them; they are hashed again at
	// the end of the walk): no reason to link ahead.
	t.Run("unchanged, every file changed just before the cache was written", func(t *testing.T) {
		w, err := walkTree(ctx, fsys, true, nil)
		if err != nil {
			t.Fatal(err)
		}
		racyCache := &statCache{written: time.Now().UnixNano()}
		for _, f := range w.files {
			racyCache.old = append(racyCache.old, cacheEntry{path: f.path, st: f.st})
		}
		h := newWalkHint()
		h.read(racyCache)
		if _, err := walkTree(ctx, fsys, true, h); err != nil {
			t.Fatal(err)
		}
		select {
		case <-h.changed:
			t.Error("got fired, want not: every file is as the cache saw it")
		default:
		}
	})
}
