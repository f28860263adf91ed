package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"kith/generator/content"
	"kith/generator/output"
	"kith/generator/site"
	"kith/generator/synth"
	"kith/templates"
)

// loadCanary is text the journal marks private; no cache may hold it.
const loadCanary = "CANARY-b41e-private"

// editsOnDisk makes random edits to a journal folder, as a person and
// their editor do.
type editsOnDisk struct {
	t   *testing.T
	dir string
	rnd *rand.Rand
	n   int
}

func (e *editsOnDisk) path(name string) string { return filepath.Join(e.dir, filepath.FromSlash(name)) }

func (e *editsOnDisk) write(name, text string) {
	e.t.Helper()
	if err := os.MkdirAll(filepath.Dir(e.path(name)), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(e.path(name), []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *editsOnDisk) read(name string) []byte {
	e.t.Helper()
	b, err := os.ReadFile(e.path(name))
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// pick returns a note, a regular file under content/.
func (e *editsOnDisk) pick() string {
	e.t.Helper()
	var notes []string
	filepath.WalkDir(filepath.Join(e.dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(e.dir, p)
			notes = append(notes, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(notes)
	return notes[e.rnd.IntN(len(notes))]
}

func (e *editsOnDisk) edit() string {
	e.t.Helper()
	e.n++
	switch e.rnd.IntN(14) {
	case 13:
		l := fmt.Sprintf("content/people/Folder %d", e.n)
		if err := os.Symlink("../events", e.path(l)); err != nil {
			e.t.Fatal(err)
		}
		return "link the folder " + l + " to content/events"
	case 0:
		p := fmt.Sprintf("content/people/New %d.md", e.n)
		e.write(p, fmt.Sprintf("---\nname: New %d\norg: Acme\n---\n- 2026-01-02 Coffee #call\n", e.n))
		return "add " + p
	case 1:
		p := e.pick()
		e.write(p, string(e.read(p))+fmt.Sprintf("\nOne more line %d.\n", e.n))
		return "edit " + p
	case 2:
		p := e.pick()
		e.write(p, strings.Replace(string(e.read(p)), "\n", fmt.Sprintf("\ntags: [t%d]\n", e.n), 1))
		return "edit the front matter of " + p
	case 3:
		p := e.pick()
		q := filepath.ToSlash(filepath.Join(filepath.Dir(p), fmt.Sprintf("renamed %d.md", e.n)))
		if err := os.Rename(e.path(p), e.path(q)); err != nil {
			e.t.Fatal(err)
		}
		return "rename " + p
	case 4:
		p := e.pick()
		if err := os.Remove(e.path(p)); err != nil {
			e.t.Fatal(err)
		}
		return "delete " + p
	case 5:
		p := e.pick()
		at := time.Now().Add(time.Duration(e.n) * time.Minute)
		if err := os.Chtimes(e.path(p), at, at); err != nil {
			e.t.Fatal(err)
		}
		return "touch " + p
	case 6:
		p := e.pick()
		info, err := os.Stat(e.path(p))
		if err != nil {
			e.t.Fatal(err)
		}
		b := e.read(p)
		b[len(b)-2] ^= 1 // the same size
		e.write(p, string(b))
		if err := os.Chtimes(e.path(p), info.ModTime(), info.ModTime()); err != nil {
			e.t.Fatal(err)
		}
		return "change a byte of " + p + ", keeping its size and time"
	case 7:
		folders := []string{
			"folders:\n  people: [content/people, content/entries/2024]\n  entries: [content/entries]\n  events: [content/events]\n",
			"folders:\n  people: [content/people, content/elsewhere]\n  entries: [content/entries]\n  events: [content/events]\n",
			"folders:\n  people: [content/people]\n  entries: [content/entries, content/events]\n  events: [content/events/x]\n",
			"",
		}
		e.write("kith.yaml", "title: T\n"+folders[e.rnd.IntN(len(folders))])
		return "change kith.yaml's folders"
	case 8:
		p := fmt.Sprintf("content/people/Private %d.md", e.n)
		e.write(p, "---\nname: "+loadCanary+"\nprivate: true\nbirthday: "+loadCanary+"\n---\n"+loadCanary+"\n")
		return "add a private note"
	case 9:
		p := e.pick()
		e.write(p, string(e.read(p))+"\nSeen %% "+loadCanary+" %% today.\n\n```private\n"+loadCanary+"\n```\n")
		return "hide text in " + p
	case 10:
		p := e.pick()
		l := fmt.Sprintf("content/people/Link %d.md", e.n)
		rel, _ := filepath.Rel(filepath.Dir(e.path(l)), e.path(p))
		if err := os.Symlink(rel, e.path(l)); err != nil {
			e.t.Fatal(err)
		}
		return "link " + l + " to " + p
	case 11:
		others := []string{"content/people/Odd.MD", "content/people/.hidden/x.md", "content/people/old~/Kept.md", "content/elsewhere/Else.md", "content/entries/2024/2024.md"}
		p := others[e.rnd.IntN(len(others))]
		e.write(p, fmt.Sprintf("---\nname: Other %d\n---\n", e.n))
		return "add " + p
	default:
		p := e.pick()
		// An editor's save: a new file renamed over the note.
		tmp := e.path(p) + ".tmp"
		if err := os.WriteFile(tmp, append(e.read(p), "\nSaved.\n"...), 0o644); err != nil {
			e.t.Fatal(err)
		}
		if err := os.Rename(tmp, e.path(p)); err != nil {
			e.t.Fatal(err)
		}
		return "save " + p + " by renaming over it"
	}
}

// loadOptions are the options of a build of dir with both caches in
// cacheDir, and a clock an hour ahead (every file is old by then).
func loadOptions(dir, cacheDir string) Options {
	return Options{
		Site:      site.Options{Journal: os.DirFS(dir), Theme: templates.FS(), Today: today},
		Generator: func() string { return "test" },
		Cache:     filepath.Join(cacheDir, "kith", "inputs.bin"),
		Parsed:    filepath.Join(cacheDir, "kith", "notes.bin"),
		Now:       func() time.Time { return time.Now().Add(time.Hour) },
	}
}

// TestLoadWithCachesEqualsLoad is the property test of the caches: after
// random edits (add, edit, rename, delete, touch, a change that keeps the
// size and time, an editor's rename, kith.yaml's folders, links, private
// text), the load stage with the cache of hashes and of parsed notes gives
// exactly the set content.Load gives; it takes most notes from the cache;
// Changed names every note that changed; and the caches are private and
// hold no private text.
func TestLoadWithCachesEqualsLoad(t *testing.T) {
	ctx := context.Background()
	seeds, steps := 4, 30
	if testing.Short() {
		seeds, steps = 1, 12
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "journal")
			if err := synth.Write(dir, synth.Options{People: 20, Entries: 80, Events: 3, Seed: int64(seed) + 1}); err != nil {
				t.Fatal(err)
			}
			e := &editsOnDisk{t: t, dir: dir, rnd: rand.New(rand.NewPCG(uint64(seed), 1))}
			cacheDir := filepath.Join(root, "cache")
			var before *content.Set
			for step := range steps {
				what := "the first load"
				if step > 0 {
					what = e.edit()
				}
				opt := loadOptions(dir, cacheDir)
				viaInputs := step%2 == 1
				if viaInputs { // as Run does: the digest first, then the load from its walk
					if _, err := buildInputs(ctx, &opt, opt.Site, nil); err != nil {
						t.Fatal(err)
					}
				}
				got, err := Load(ctx, opt)
				if err != nil {
					t.Fatalf("step %d (%s): %v", step, what, err)
				}
				want, err := content.Load(ctx, os.DirFS(dir))
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Set, want) {
					for p, d := range want.Docs {
						if !reflect.DeepEqual(got.Set.Docs[p], d) {
							t.Errorf("%s differs", p)
						}
					}
					t.Fatalf("step %d (%s, through the digest: %v): the set differs from content.Load's", step, what, viaInputs)
				}
				if step > 1 && got.Stats.Cached < got.Stats.Notes/2 {
					t.Errorf("step %d (%s): %d of %d notes from the cache, want most", step, what, got.Stats.Cached, got.Stats.Notes)
				}
				if before != nil && step > 1 {
					if got.Changed == nil {
						t.Errorf("step %d (%s): Changed is not known", step, what)
					}
					for p, d := range want.Docs {
						if b, ok := before.Docs[p]; (!ok || b.Sum != d.Sum) && !slices.Contains(got.Changed, p) {
							t.Errorf("step %d (%s): %s changed, not in Changed %q", step, what, p, got.Changed)
						}
					}
					for p := range before.Docs {
						if _, ok := want.Docs[p]; !ok && !slices.Contains(got.Changed, p) {
							t.Errorf("step %d (%s): %s is gone, not in Changed", step, what, p)
						}
					}
				}
				before = want
				for _, f := range []string{opt.Cache, opt.Parsed} {
					b, err := os.ReadFile(f)
					if err != nil {
						continue // not written: nothing changed enough
					}
					if bytes.Contains(b, []byte(loadCanary)) {
						t.Fatalf("step %d (%s): %s holds private text", step, what, f)
					}
					if info, _ := os.Stat(f); info.Mode().Perm() != 0o600 {
						t.Errorf("%s: mode %v, want 0600", f, info.Mode().Perm())
					}
				}
				if info, err := os.Stat(filepath.Join(cacheDir, "kith")); err != nil || info.Mode().Perm() != 0o700 {
					t.Errorf("the cache folder: %v, %v; want mode 0700", info.Mode().Perm(), err)
				}
			}
		})
	}
}

// TestLoadSurvivesBadCaches: a parsed-notes cache that is truncated,
// damaged, empty, of another program or replaced by something else costs
// a slower load, never another set.
func TestLoadSurvivesBadCaches(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	dir := filepath.Join(root, "journal")
	if err := synth.Write(dir, synth.Options{People: 10, Entries: 30, Events: 2, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	want, err := content.Load(ctx, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	opt := loadOptions(dir, filepath.Join(root, "cache"))
	if _, err := Load(ctx, opt); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(opt.Parsed)
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/3] ^= 0x20
	other := loadOptions(dir, filepath.Join(root, "cache"))
	other.Generator = func() string { return "another kith" }
	tests := []struct {
		name string
		data []byte
		opt  Options
	}{
		{"good", good, opt},
		{"truncated", good[:len(good)*2/3], opt},
		{"a bit flipped", flipped, opt},
		{"empty", nil, opt},
		{"the hashes' cache", nil, opt},
		{"another program's", good, other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data
			if tt.name == "the hashes' cache" {
				data, _ = os.ReadFile(opt.Cache)
			}
			if err := os.WriteFile(opt.Parsed, data, 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := Load(ctx, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Set, want) {
				t.Errorf("the set differs from content.Load's")
			}
			if wantCached := tt.name == "good"; (got.Stats.Cached > 0) != wantCached {
				t.Errorf("got %d notes from the cache; want some: %v", got.Stats.Cached, wantCached)
			}
		})
	}
}

// TestCachedNotesMayBeChanged: the notes taken from the cache (which is
// mapped) may be written to, as parsed ones may, without touching the
// cache or another note.
func TestCachedNotesMayBeChanged(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	dir := filepath.Join(root, "journal")
	if err := synth.Write(dir, synth.Options{People: 5, Entries: 10, Events: 1, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	opt := loadOptions(dir, filepath.Join(root, "cache"))
	if _, err := Load(ctx, opt); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(opt.Parsed)
	if err != nil {
		t.Fatal(err)
	}
	ld, err := Load(ctx, opt)
	if err != nil || ld.Stats.Cached == 0 {
		t.Fatalf("got %v and %d notes from the cache, want some", err, ld.Stats.Cached)
	}
	for _, d := range ld.Set.Docs {
		if d.Person != nil && len(d.Person.Body.Markdown) > 0 {
			md := d.Person.Body.Markdown
			md[0] = '!'
			if got := append(md, 'x'); &got[0] == &md[0] {
				t.Errorf("a body from the cache can grow into the bytes after it")
			}
		}
	}
	if after, _ := os.ReadFile(opt.Parsed); !bytes.Equal(after, before) {
		t.Errorf("writing to a note changed the cache's file")
	}
}

// TestRunWithCachesEqualsFresh: builds with both caches, after random
// edits, write the site a build without any cache writes.
func TestRunWithCachesEqualsFresh(t *testing.T) {
	ctx := context.Background()
	steps := 8
	if testing.Short() {
		steps = 3
	}
	root := t.TempDir()
	dir := filepath.Join(root, "journal")
	if err := synth.Write(dir, synth.Options{People: 12, Entries: 40, Events: 2, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	e := &editsOnDisk{t: t, dir: dir, rnd: rand.New(rand.NewPCG(9, 9))}
	dest := filepath.Join(root, "site")
	built := 0
	for step := range steps {
		what := "the first build"
		if step > 0 {
			what = e.edit()
		}
		opt := loadOptions(dir, filepath.Join(root, "cache"))
		opt.Dest = dest
		opt.Output = output.Options{Protect: []string{dir}, Incremental: true}
		_, err := Run(ctx, opt)
		fresh := filepath.Join(root, fmt.Sprint("fresh", step))
		_, ferr := Run(ctx, Options{Site: opt.Site, Dest: fresh})
		if fmt.Sprint(err) != fmt.Sprint(ferr) {
			t.Fatalf("step %d (%s): got error %v, want %v as a build without caches", step, what, err, ferr)
		}
		if err != nil {
			continue // the journal has errors: nothing is written, by either
		}
		got, want := files(t, dest), files(t, fresh)
		delete(got, output.Sums) // only an update records the digest of its inputs
		delete(want, output.Sums)
		if !maps.Equal(got, want) {
			t.Fatalf("step %d (%s): the site differs from a fresh build", step, what)
		}
		built++
	}
	if built < 2 {
		t.Errorf("%d of %d steps built a site, want more", built, steps)
	}
}

// files reads every file under dir, by slash path.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
