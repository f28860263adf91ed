package content_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"kith/generator/content"
	"kith/generator/synth"
)

// canary is text a note marks private; it must never reach a cache.
const canary = "CANARY-7f3a-never-cached"

// treeOf walks fsys as the build's walk does: every file with its type and
// (unless rnd says to leave one unknown) the hash of its bytes; .git/ and
// public/ are not walked into.
func treeOf(t *testing.T, fsys fs.FS, rnd *rand.Rand) *content.Tree {
	t.Helper()
	tr := &content.Tree{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch {
			case p == ".":
			case path.Base(p) == ".git" || p == "public":
				tr.Pruned = append(tr.Pruned, p)
				return fs.SkipDir
			default:
				tr.Dirs = append(tr.Dirs, p)
			}
			return nil
		}
		f := content.File{Path: p, Type: d.Type()}
		if d.Type().IsRegular() && rnd.IntN(10) > 0 {
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			f.Sum, f.Known = sha256.Sum256(b), true
		}
		tr.Files = append(tr.Files, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(tr.Dirs)
	slices.Sort(tr.Pruned)
	slices.SortFunc(tr.Files, func(a, b content.File) int { return strings.Compare(a.Path, b.Path) })
	return tr
}

// journalEdits makes random edits to a journal in memory.
type journalEdits struct {
	fsys fstest.MapFS
	rnd  *rand.Rand
	n    int
}

func (j *journalEdits) notes() []string {
	var out []string
	for p := range j.fsys {
		if strings.HasSuffix(p, ".md") && strings.HasPrefix(p, "content/") {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

func (j *journalEdits) pick() string {
	ns := j.notes()
	return ns[j.rnd.IntN(len(ns))]
}

func (j *journalEdits) write(p, s string) {
	j.fsys[p] = &fstest.MapFile{Data: []byte(s), Mode: 0o644, ModTime: time.Unix(int64(j.n), 0)}
}

// edit makes one random edit and says what it was.
func (j *journalEdits) edit() string {
	j.n++
	switch j.rnd.IntN(12) {
	case 0:
		p := fmt.Sprintf("content/people/New Person %d.md", j.n)
		j.write(p, fmt.Sprintf("---\nname: New Person %d\norg: Acme\ntags: [x, y]\n---\nMet at [[Some Event]].\n\n- 2026-01-0%d Coffee #call\n", j.n, 1+j.n%9))
		return "add " + p
	case 1:
		p := j.pick()
		j.write(p, string(j.fsys[p].Data)+fmt.Sprintf("\nA new line %d with [[Someone %d]].\n", j.n, j.n))
		return "edit the body of " + p
	case 2:
		p := j.pick()
		j.write(p, strings.Replace(string(j.fsys[p].Data), "\n", fmt.Sprintf("\ntags: [t%d]\n", j.n), 1))
		return "edit the front matter of " + p
	case 3:
		p := j.pick()
		q := path.Join(path.Dir(p), fmt.Sprintf("renamed %d.md", j.n))
		j.fsys[q] = j.fsys[p]
		delete(j.fsys, p)
		return "rename " + p + " to " + q
	case 4:
		p := j.pick()
		delete(j.fsys, p)
		return "delete " + p
	case 5:
		p := j.pick()
		j.fsys[p] = &fstest.MapFile{Data: j.fsys[p].Data, Mode: 0o644, ModTime: time.Unix(int64(j.n), 0)}
		return "touch " + p
	case 6:
		p := j.pick()
		b := bytes.Clone(j.fsys[p].Data)
		if i := bytes.LastIndexByte(b, 'e'); i >= 0 {
			b[i] = 'a' // the same size
		}
		j.fsys[p] = &fstest.MapFile{Data: b, Mode: 0o644, ModTime: j.fsys[p].ModTime}
		return "change a byte of " + p
	case 7:
		folders := []string{
			"folders:\n  people: [content/people, content/entries/2024]\n  entries: [content/entries]\n  events: [content/events]\n",
			"folders:\n  people: [content/people]\n  entries: [content/entries, content/events]\n  events: [content/events/x]\n",
			"folders:\n  people: [content/people, content/elsewhere]\n  entries: [content/entries]\n  events: [content/events]\n",
			"folders:\n  people: [content/people, .]\n  entries: [content/entries]\n  events: [content/events]\n",
			"",
		}
		j.write("kith.yaml", "title: T\n"+folders[j.rnd.IntN(len(folders))])
		return "change kith.yaml's folders"
	case 8:
		p := fmt.Sprintf("content/people/Private %d.md", j.n)
		j.write(p, "---\nname: Private "+canary+"\nprivate: true\nbirthday: "+canary+"\n---\n"+canary+"\n")
		return "add a private note " + p
	case 9:
		p := j.pick()
		j.write(p, string(j.fsys[p].Data)+"\nSeen %% "+canary+" %% today.\n\n```private\n"+canary+"\n```\n")
		return "hide text in " + p
	case 10:
		others := []string{"content/people/Odd.MD", "content/people/.hidden/x.md", "content/people/old~/Kept.md", "content/elsewhere/Else.md", ".git/x.md", "public/p.md", "content/entries/2024/2024.md"}
		p := others[j.rnd.IntN(len(others))]
		j.write(p, "---\nname: Other\n---\n")
		return "add " + p
	default:
		p := j.pick()
		j.write(p, "---\nname: [broken\n---\n")
		return "break the YAML of " + p
	}
}

// checkBodySums fails unless every note of set that has a record has
// the SHA-256 of its file's bytes in fsys as its Sum and its body's
// (Body.Sum), whichever way it was loaded: the search index takes a
// body to be the same whenever its Sum is.
func checkBodySums(t *testing.T, fsys fstest.MapFS, set *content.Set) {
	t.Helper()
	for p, d := range set.Docs {
		var b *content.Body
		switch {
		case d.Person != nil:
			b = &d.Person.Body
		case d.Entry != nil:
			b = &d.Entry.Body
		case d.Event != nil:
			b = &d.Event.Body
		default:
			continue
		}
		want := sha256.Sum256(fsys[p].Data)
		if d.Sum != want || b.Sum != want {
			t.Errorf("%s: got sums %x and %x (body), want %x", p, d.Sum[:4], b.Sum[:4], want[:4])
		}
	}
}

// TestCachedLoadEqualsLoad: after random edits, a load from the tree and
// the cache of the load before gives exactly the set Load gives, takes the
// unchanged notes from the cache, and the cache never holds private text.
func TestCachedLoadEqualsLoad(t *testing.T) {
	ctx := context.Background()
	seeds, steps := 6, 40
	if testing.Short() {
		seeds, steps = 2, 15
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(uint64(seed), 15))
			j := &journalEdits{fsys: synth.Generate(synth.Options{People: 30, Entries: 120, Events: 4, Seed: int64(seed) + 1}), rnd: rnd}
			var cache *content.Cache
			for step := range steps {
				what := "the first load"
				if step > 0 {
					what = j.edit()
				}
				want, err := content.Load(ctx, j.fsys)
				if err != nil {
					t.Fatal(err)
				}
				got, st, err := content.LoadWith(ctx, j.fsys, content.LoadOptions{Tree: treeOf(t, j.fsys, rnd), Cache: cache})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					for p, d := range want.Docs {
						if !reflect.DeepEqual(got.Docs[p], d) {
							t.Errorf("%s: got %+v, want %+v", p, got.Docs[p], d)
						}
					}
					t.Fatalf("step %d (%s): the set differs from Load's (%d and %d notes)", step, what, len(got.Docs), len(want.Docs))
				}
				checkBodySums(t, j.fsys, got)
				if step%5 == 4 { // Set.Update reads a note again
					p := j.pick()
					j.write(p, string(j.fsys[p].Data)+"\nOne more line.\n")
					if _, err := got.Update(j.fsys, p); err != nil {
						t.Fatal(err)
					}
					checkBodySums(t, j.fsys, got)
				}
				if step > 0 && st.Cached < st.Notes/2 {
					t.Errorf("step %d (%s): %d of %d notes from the cache, want most", step, what, st.Cached, st.Notes)
				}
				enc := got.EncodeCache("test")
				if bytes.Contains(enc, []byte(canary)) {
					t.Fatalf("step %d (%s): the cache holds private text", step, what)
				}
				if cache, err = content.DecodeCache(enc, "test"); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestCachedLoadUsesTree: with the tree of a journal whose folders it
// vouches for, the note folders are not walked again; a folder it did not
// go into, or a missing one, falls back to the walk, with the same set.
func TestCachedLoadUsesTree(t *testing.T) {
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(1, 1))
	tests := []struct {
		name, config string
		walked       bool
	}{
		{"default folders", "", false},
		{"a missing folder", "folders:\n  people: [content/people]\n  entries: [content/entries, nowhere/else]\n", false},
		{"the whole journal, with public/ not walked into", "folders:\n  people: [.]\n", true},
		{"a folder under public/", "folders:\n  people: [public/people]\n", true},
		{"a file where a folder is named", "folders:\n  people: [kith.yaml]\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := synth.Generate(synth.Options{People: 5, Entries: 10, Events: 1, Seed: 1})
			fsys["kith.yaml"] = &fstest.MapFile{Data: []byte("title: T\n" + tt.config)}
			fsys["public/people/x.md"] = &fstest.MapFile{Data: []byte("---\nname: X\n---\n")}
			want, err := content.Load(ctx, fsys)
			if err != nil {
				t.Fatal(err)
			}
			got, st, err := content.LoadWith(ctx, fsys, content.LoadOptions{Tree: treeOf(t, fsys, rnd)})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the set differs from Load's")
			}
			if st.Walked != tt.walked {
				t.Errorf("got walked %v, want %v", st.Walked, tt.walked)
			}
		})
	}
}

// TestCacheIsUsed: a note found in the cache is taken from it, not read:
// a cache made to say something else about a note shows in the set.
func TestCacheIsUsed(t *testing.T) {
	ctx := context.Background()
	fsys := synth.Generate(synth.Options{People: 3, Entries: 3, Events: 1, Seed: 2})
	tree := treeOf(t, fsys, rand.New(rand.NewPCG(0, 0)))
	for i := range tree.Files {
		if tree.Files[i].Type.IsRegular() {
			b, _ := fs.ReadFile(fsys, tree.Files[i].Path)
			tree.Files[i].Sum, tree.Files[i].Known = sha256.Sum256(b), true
		}
	}
	set, err := content.Load(ctx, fsys)
	if err != nil {
		t.Fatal(err)
	}
	var p string
	for q, d := range set.Docs {
		if d.Person != nil {
			p = q
			d.Person.Name = "From the cache"
			break
		}
	}
	cache, err := content.DecodeCache(set.EncodeCache("k"), "k")
	if err != nil {
		t.Fatal(err)
	}
	got, st, err := content.LoadWith(ctx, fsys, content.LoadOptions{Tree: tree, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if got.Docs[p].Person.Name != "From the cache" || st.Cached != st.Notes {
		t.Errorf("got name %q and %d of %d notes from the cache, want the cache's name and every note", got.Docs[p].Person.Name, st.Cached, st.Notes)
	}
	// Without a tree the notes are read, and still not parsed.
	got, st, err = content.LoadWith(ctx, fsys, content.LoadOptions{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if got.Docs[p].Person.Name != "From the cache" || st.Cached != st.Notes || !st.Walked {
		t.Errorf("without a tree: got name %q and %d of %d notes from the cache (walked %v), want the cache's name and every note", got.Docs[p].Person.Name, st.Cached, st.Notes, st.Walked)
	}
}

// TestCatchUpEqualsLoad: after random edits, the set of a cache written
// some edits before (Cache.Set), caught up with the journal's tree
// (CatchUp, Apply), is the set Load gives, and the delta names every note
// whose record differs from the cache's.
func TestCatchUpEqualsLoad(t *testing.T) {
	ctx := context.Background()
	seeds, steps := 6, 40
	if testing.Short() {
		seeds, steps = 2, 15
	}
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(uint64(seed), 16))
			j := &journalEdits{fsys: synth.Generate(synth.Options{People: 30, Entries: 120, Events: 4, Seed: int64(seed) + 1}), rnd: rnd}
			first, err := content.Load(ctx, j.fsys)
			if err != nil {
				t.Fatal(err)
			}
			cache, err := content.DecodeCache(first.EncodeCache("test"), "test")
			if err != nil {
				t.Fatal(err)
			}
			caughtUp := 0
			for step := range steps {
				what := j.edit()
				want, err := content.Load(ctx, j.fsys)
				if err != nil {
					t.Fatal(err)
				}
				set, err := cache.Set(ctx, j.fsys)
				if err != nil {
					t.Fatal(err)
				}
				was := map[string]content.Doc{}
				for p, d := range set.Docs {
					was[p] = d
				}
				tree := treeOf(t, j.fsys, rnd)
				if step%2 == 0 { // as the build's walk has it: every hash known
					for i := range tree.Files {
						if tree.Files[i].Type.IsRegular() {
							b, _ := fs.ReadFile(j.fsys, tree.Files[i].Path)
							tree.Files[i].Sum, tree.Files[i].Known = sha256.Sum256(b), true
						}
					}
				}
				d, ok, err := set.CatchUp(ctx, j.fsys, tree)
				if err != nil {
					t.Fatal(err)
				}
				if ok {
					caughtUp++
					d.Apply()
					checkBodySums(t, j.fsys, set)
					if !reflect.DeepEqual(set.Docs, want.Docs) || !reflect.DeepEqual(set.Problems, want.Problems) ||
						!reflect.DeepEqual(set.Config, want.Config) || !reflect.DeepEqual(set.ConfigProblems, want.ConfigProblems) ||
						!slices.Equal(set.Read, want.Read) || !slices.Equal(set.Paths(), want.Paths()) {
						for p, doc := range want.Docs {
							if !reflect.DeepEqual(set.Docs[p], doc) {
								t.Errorf("%s: got %+v, want %+v", p, set.Docs[p], doc)
							}
						}
						t.Fatalf("step %d (%s): the caught-up set differs from Load's (%d and %d notes)", step, what, len(set.Docs), len(want.Docs))
					}
					for p := range want.Docs {
						if _, ok := slices.BinarySearch(d.Notes, p); !ok && !reflect.DeepEqual(was[p], want.Docs[p]) {
							t.Errorf("step %d (%s): %s changed, but the delta does not name it", step, what, p)
						}
					}
					for p := range was {
						if _, ok := slices.BinarySearch(d.Notes, p); !ok && want.Docs[p] == (content.Doc{}) {
							t.Errorf("step %d (%s): %s is gone, but the delta does not name it", step, what, p)
						}
					}
					if d.Stats.Notes != len(want.Docs) || d.Stats.Cached+len(d.Notes) < d.Stats.Notes {
						t.Errorf("step %d (%s): got stats %+v and %d notes named, want %d notes", step, what, d.Stats, len(d.Notes), len(want.Docs))
					}
				}
				// The cache is written again now and then, as the build
				// does when it lacks too many notes.
				if rnd.IntN(4) == 0 {
					if cache, err = content.DecodeCache(want.EncodeCache("test"), "test"); err != nil {
						t.Fatal(err)
					}
				}
			}
			if caughtUp < steps/3 {
				t.Errorf("caught up %d times in %d steps, want most", caughtUp, steps)
			}
		})
	}
}
