package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"kith/generator/calendar"
	"kith/generator/content"
	"kith/generator/crypt"
	"kith/generator/output"
	"kith/generator/site"
	"kith/templates"
)

// testEncryption returns an encryption with a key drawn from a fixed seed,
// so that opaque names and sealed bytes are the same in every build.
func testEncryption(t testing.TB) *site.Encryption {
	t.Helper()
	rnd := rand.NewChaCha8([32]byte{'k', 'i', 't', 'h'})
	key, err := crypt.NewKey(rnd)
	if err != nil {
		t.Fatal(err)
	}
	kf, err := key.Wrap(rnd, "correct horse battery staple", crypt.WrapOptions{Iterations: 1000, InsecureLowIterations: true})
	if err != nil {
		t.Fatal(err)
	}
	return &site.Encryption{Key: key, KeyFile: kf}
}

// journalDisk is a journal on disk that the property test edits.
type journalDisk struct {
	t       *testing.T
	dir     string
	rnd     *rand.Rand
	next    int  // numbers new names
	content bool // edit also what a note says without changing the journal's shape (contentEdit)
}

func (j *journalDisk) write(name, text string) {
	j.t.Helper()
	p := filepath.Join(j.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		j.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		j.t.Fatal(err)
	}
}

func (j *journalDisk) remove(name string) {
	j.t.Helper()
	if err := os.Remove(filepath.Join(j.dir, filepath.FromSlash(name))); err != nil {
		j.t.Fatal(err)
	}
}

// list returns the notes under a folder of content/, sorted.
func (j *journalDisk) list(folder string) []string {
	j.t.Helper()
	var out []string
	root := filepath.Join(j.dir, "content", folder)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(j.dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func (j *journalDisk) pick(names []string) string { return names[j.rnd.IntN(len(names))] }

// names of the people now in the journal (their notes' file names).
func (j *journalDisk) people() []string {
	var out []string
	for _, p := range j.list("people") {
		out = append(out, strings.TrimSuffix(filepath.Base(p), ".md"))
	}
	return out
}

var firstNames = []string{"Ada", "Bo", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Juno"}

func (j *journalDisk) person(name string, draft bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nname: %s\n", name)
	if j.rnd.IntN(2) == 0 {
		fmt.Fprintf(&b, "aliases: [%s%d]\n", strings.Fields(name)[0], j.rnd.IntN(3))
	}
	fmt.Fprintf(&b, "org: Org %d\ntags: [t%d]\nexpertise: [skill %d]\n", j.rnd.IntN(3), j.rnd.IntN(4), j.rnd.IntN(5))
	if j.rnd.IntN(2) == 0 {
		fmt.Fprintf(&b, "needs: [skill %d]\n", j.rnd.IntN(5))
	}
	if draft {
		b.WriteString("draft: true\n")
	}
	fmt.Fprintf(&b, "keep_in_touch: %dw\n---\n\nNotes on %s, version %d.\n\n## Log\n\n- 2026-0%d-1%d Talked about things. #call\n",
		1+j.rnd.IntN(8), name, j.rnd.IntN(1000), 1+j.rnd.IntN(9), j.rnd.IntN(10))
	return b.String()
}

func (j *journalDisk) entry(day int, people []string) string {
	kinds := []string{"call", "coffee", "meeting"}
	var b strings.Builder
	fmt.Fprintf(&b, "---\ndate: 2026-%02d-%02d\ntitle: Meeting %d\nwith: [%s]\nkind: %s\n", 1+day%10, 1+day%27, j.rnd.IntN(1000), strings.Join(people, ", "), j.pick(kinds))
	if j.rnd.IntN(3) == 0 {
		b.WriteString("received: Advice on a thing\n")
	}
	if j.rnd.IntN(3) == 0 {
		b.WriteString("follow_up: 2026-12-01\n")
	}
	fmt.Fprintf(&b, "---\n\nWe met, and [[%s]] said hello.\n", people[0])
	return b.String()
}

func (j *journalDisk) event(people []string) string {
	return fmt.Sprintf("---\nname: Event %d\ndate: 2026-%02d-10\npeople: [%s]\n---\n\nA gathering.\n", j.rnd.IntN(1000), 1+j.rnd.IntN(12), strings.Join(people, ", "))
}

// somePeople returns one to two people of the journal, not drafts.
func (j *journalDisk) somePeople() []string {
	ps := j.people()
	var live []string
	for _, p := range ps {
		b, _ := os.ReadFile(filepath.Join(j.dir, "content", "people", p+".md"))
		if !bytes.Contains(b, []byte("draft: true")) {
			live = append(live, p)
		}
	}
	if len(live) == 0 {
		return nil
	}
	out := []string{j.pick(live)}
	if o := j.pick(live); o != out[0] && j.rnd.IntN(2) == 0 {
		out = append(out, o)
	}
	return out
}

func (j *journalDisk) newName() string {
	j.next++
	return fmt.Sprintf("%s N%d", j.pick(firstNames), j.next)
}

// seed writes a small journal.
func (j *journalDisk) seed() {
	j.write("kith.yaml", "title: Test journal\nowner: Me\ncalendar: true\n")
	for range 5 {
		n := j.newName()
		j.write("content/people/"+n+".md", j.person(n, false))
	}
	for i := range 8 {
		j.write(fmt.Sprintf("content/entries/2026/e%d.md", i), j.entry(i, j.somePeople()))
	}
	j.write("content/events/ev0.md", j.event(j.somePeople()))
}

// edit makes one random change and says what it was. It keeps the journal
// free of errors: a note that names a person is removed with them.
func (j *journalDisk) edit() string {
	people, entries, events := j.list("people"), j.list("entries"), j.list("events")
	if j.content && j.rnd.IntN(3) < 2 {
		if what := j.contentEdit(); what != "" {
			return what
		}
	}
	switch op := j.rnd.IntN(14); {
	case op == 0:
		n := j.newName()
		j.write("content/people/"+n+".md", j.person(n, false))
		return "add person " + n
	case op == 1 && len(people) > 0:
		p := j.pick(people)
		name := strings.TrimSuffix(filepath.Base(p), ".md")
		j.write(p, j.person(name, false))
		return "edit person " + name
	case op == 2 && len(people) > 2:
		// Rename: the file and the name; notes naming the old name go.
		p := j.pick(people)
		old := strings.TrimSuffix(filepath.Base(p), ".md")
		j.dropMentions(old)
		j.remove(p)
		n := j.newName()
		j.write("content/people/"+n+".md", j.person(n, false))
		return "rename person " + old + " to " + n
	case op == 3 && len(people) > 2:
		p := j.pick(people)
		old := strings.TrimSuffix(filepath.Base(p), ".md")
		j.dropMentions(old)
		j.remove(p)
		return "delete person " + old
	case op == 4 && len(people) > 0:
		p := j.pick(people)
		b, _ := os.ReadFile(filepath.Join(j.dir, filepath.FromSlash(p)))
		text := string(b)
		if i := strings.Index(text, "aliases: ["); i >= 0 {
			text = text[:i] + "aliases: [Z" + text[i+len("aliases: ["):]
		} else {
			text = strings.Replace(text, "\norg:", "\naliases: [Nick"+fmt.Sprint(j.rnd.IntN(9))+"]\norg:", 1)
		}
		j.write(p, text)
		return "change an alias of " + p
	case op == 5 && len(people) > 2:
		p := j.pick(people)
		name := strings.TrimSuffix(filepath.Base(p), ".md")
		j.dropMentions(name)
		j.write(p, j.person(name, true))
		return "mark " + name + " a draft"
	case op == 6 && len(j.somePeople()) > 0:
		j.next++
		p := fmt.Sprintf("content/entries/2026/n%d.md", j.next)
		j.write(p, j.entry(j.next, j.somePeople()))
		return "add entry " + p
	case op == 7 && len(entries) > 0 && len(j.somePeople()) > 0:
		p := j.pick(entries)
		j.write(p, j.entry(j.rnd.IntN(30), j.somePeople()))
		return "edit entry " + p
	case op == 8 && len(entries) > 0:
		p := j.pick(entries)
		b, _ := os.ReadFile(filepath.Join(j.dir, filepath.FromSlash(p)))
		j.remove(p)
		j.next++
		to := fmt.Sprintf("content/entries/2025/r%d.md", j.next)
		j.write(to, string(b))
		return "rename entry " + p + " to " + to
	case op == 9 && len(entries) > 1:
		p := j.pick(entries)
		j.remove(p)
		return "delete entry " + p
	case op == 10 && len(j.somePeople()) > 0:
		j.next++
		p := fmt.Sprintf("content/events/ev%d.md", j.next)
		if len(events) > 0 && j.rnd.IntN(2) == 0 {
			p = j.pick(events)
		}
		j.write(p, j.event(j.somePeople()))
		return "add or edit event " + p
	case op == 11 && len(events) > 0:
		p := j.pick(events)
		j.remove(p)
		return "delete event " + p
	case op == 12:
		j.write("kith.yaml", fmt.Sprintf("title: Journal %d\nowner: Me\ncalendar: %v\n", j.rnd.IntN(100), j.rnd.IntN(2) == 0))
		return "change kith.yaml"
	case op == 13:
		if _, err := os.Stat(filepath.Join(j.dir, "templates", "person.html")); err == nil {
			j.remove("templates/person.html")
			return "remove the person template override"
		}
		b, err := fs.ReadFile(templates.FS(), "person.html")
		if err != nil {
			j.t.Fatal(err)
		}
		j.write("templates/person.html", strings.Replace(string(b), "</h1>", " (override)</h1>", 1))
		return "override the person template"
	}
	return "nothing"
}

// contentEdit changes what one note says without changing the journal's
// shape (no note added, removed or renamed, no name or alias): the edits a
// user makes most, which an update renders only the affected pages of. It
// says what it did, or "" when the journal has nothing to edit that way.
func (j *journalDisk) contentEdit() string { return j.contentEditOp(j.rnd.IntN(contentEdits)) }

// contentEdits is how many kinds of edit contentEditOp makes.
const contentEdits = 12

// contentEditOp makes the edit op (0 to contentEdits-1) of contentEdit.
func (j *journalDisk) contentEditOp(op int) string {
	people, entries := j.list("people"), j.list("entries")
	live := j.somePeople()
	if len(people) == 0 || len(live) == 0 {
		return ""
	}
	p := j.pick(people)
	b, err := os.ReadFile(filepath.Join(j.dir, filepath.FromSlash(p)))
	if err != nil {
		j.t.Fatal(err)
	}
	text := string(b)
	front := func(key, value string) string { // add or replace a front matter line
		if i := strings.Index(text, "\n"+key+":"); i >= 0 {
			end := strings.IndexByte(text[i+1:], '\n') + i + 1
			return text[:i+1] + key + ": " + value + text[end:]
		}
		return strings.Replace(text, "\norg:", "\n"+key+": "+value+"\norg:", 1)
	}
	day := fmt.Sprintf("2026-%02d-%02d", 1+j.rnd.IntN(11), 1+j.rnd.IntN(28))
	other := j.pick(live)
	switch op {
	case 0:
		text = strings.Replace(text, "\n\n## Log", fmt.Sprintf(" A new thought %d.\n\n## Log", j.rnd.IntN(1000)), 1)
		j.write(p, text)
		return "edit the body of " + p
	case 1:
		j.write(p, front("needs", fmt.Sprintf("[skill %d]", j.rnd.IntN(5))))
		return "change the needs of " + p
	case 2:
		j.write(p, front("likes", fmt.Sprintf("[tea %d, chess]", j.rnd.IntN(3))))
		return "change the likes of " + p
	case 3:
		j.write(p, front("expertise", fmt.Sprintf("[skill %d, skill %d]", j.rnd.IntN(5), j.rnd.IntN(5))))
		return "change the expertise of " + p
	case 4:
		j.write(p, text+fmt.Sprintf("- %s Coffee about plans. #meeting\n", day))
		return "add a log line to " + p
	case 5:
		j.write(p, text+fmt.Sprintf("- %s Helped me with a draft. #received\n", day))
		return "add a favour to " + p
	case 6:
		j.write(p, text+fmt.Sprintf("- %s Thanked them for the draft. #thanked\n", day))
		return "add a thank-you to " + p
	case 7:
		j.write(p, strings.Replace(text, "\n\n## Log", fmt.Sprintf(" Ask [[%s]] about it.\n\n## Log", other), 1))
		return "link " + p + " to " + other
	case 8:
		j.write(p, text+fmt.Sprintf("- %s Looking for a skill %d person. #needs\n", day, j.rnd.IntN(5)))
		return "add a #needs line to " + p
	case 9:
		if len(entries) == 0 {
			return ""
		}
		e := j.pick(entries)
		b, err := os.ReadFile(filepath.Join(j.dir, filepath.FromSlash(e)))
		if err != nil {
			j.t.Fatal(err)
		}
		et := string(b)
		if strings.Contains(et, "follow_up:") {
			et = strings.Replace(et, "follow_up: 2026-12-01\n", "", 1)
		} else {
			et = strings.Replace(et, "\nkind:", "\nfollow_up: "+day+"\nkind:", 1)
		}
		et = strings.Replace(et, "said hello.", fmt.Sprintf("said hello %d times.", j.rnd.IntN(9)), 1)
		j.write(e, et)
		return "change the follow-up and body of " + e
	}
	if op == 11 {
		// A log line of someone an event lists: the event's page prints
		// their last contact.
		events := j.list("events")
		if len(events) == 0 {
			return ""
		}
		e := j.pick(events)
		b, err := os.ReadFile(filepath.Join(j.dir, filepath.FromSlash(e)))
		if err != nil {
			j.t.Fatal(err)
		}
		_, list, _ := strings.Cut(string(b), "\npeople: [")
		list, _, _ = strings.Cut(list, "]")
		if list == "" {
			return ""
		}
		name := j.pick(strings.Split(list, ", "))
		// An entry with them moved to another day: their last contact
		// changes, their note does not.
		for _, x := range entries {
			b, err := os.ReadFile(filepath.Join(j.dir, filepath.FromSlash(x)))
			if err != nil {
				j.t.Fatal(err)
			}
			et := string(b)
			i := strings.Index(et, "\ndate: ")
			if i < 0 || !strings.Contains(et, name) {
				continue
			}
			// Late in November, after every log line (none is after
			// October): the last contact moves with it.
			late := fmt.Sprintf("2026-11-%02d", 1+j.rnd.IntN(22))
			j.write(x, et[:i]+"\ndate: "+late+et[i+len("\ndate: 2026-01-01"):])
			return "move " + x + ", which names " + name + " whom " + e + " lists, to " + late
		}
		who := "content/people/" + name + ".md"
		b, err = os.ReadFile(filepath.Join(j.dir, filepath.FromSlash(who)))
		if err != nil {
			return "" // a draft or a name the event lists that is gone
		}
		j.write(who, string(b)+fmt.Sprintf("- %s Met at the venue. #meeting\n", day))
		return "add a log line to " + who + ", whom " + e + " lists"
	}
	if op == 10 && len(entries) > 0 {
		// Another day in the same year: the people's last contact moves,
		// though their notes did not change.
		e := j.pick(entries)
		b, err := os.ReadFile(filepath.Join(j.dir, filepath.FromSlash(e)))
		if err != nil {
			j.t.Fatal(err)
		}
		et := string(b)
		i := strings.Index(et, "\ndate: ")
		if i < 0 {
			return ""
		}
		j.write(e, et[:i]+"\ndate: "+day+et[i+len("\ndate: 2026-01-01"):])
		return "move " + e + " to " + day
	}
	return ""
}

// dropMentions removes the entries and events that name someone, so that
// removing them leaves no broken reference.
func (j *journalDisk) dropMentions(name string) {
	for _, p := range append(j.list("entries"), j.list("events")...) {
		b, _ := os.ReadFile(filepath.Join(j.dir, filepath.FromSlash(p)))
		if bytes.Contains(b, []byte(name)) {
			j.remove(p)
		}
	}
}

// tree returns every file under dir with its bytes.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if rel != "." {
				out[filepath.ToSlash(rel)+"/"] = ""
			}
			return nil
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// diffTrees lists the files added, changed and removed from a to b,
// leaving out folders and kith's own records.
func diffTrees(a, b map[string]string) output.Changes {
	var c output.Changes
	skip := func(p string) bool { return strings.HasSuffix(p, "/") || p == output.Manifest || p == output.Sums }
	for p, s := range b {
		if skip(p) {
			continue
		}
		if old, ok := a[p]; !ok {
			c.Added = append(c.Added, p)
		} else if old != s {
			c.Changed = append(c.Changed, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok && !skip(p) {
			c.Removed = append(c.Removed, p)
		}
	}
	sort.Strings(c.Added)
	sort.Strings(c.Changed)
	sort.Strings(c.Removed)
	return c
}

// withoutInputs drops the line of a record with the digest of the inputs.
func withoutInputs(record string) string {
	var out []string
	for l := range strings.SplitSeq(record, "\n") {
		if !strings.HasPrefix(l, "inputs ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func orNone(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TestIncrementalEqualsFresh is the property test of issue 15: random
// sequences of edits applied to a journal on disk, each followed by an
// incremental build; after every step the folder equals a fresh build of
// the same files byte for byte (kith's record included), the build wrote
// exactly the files that differ, and a build with no edit writes nothing.
func TestIncrementalEqualsFresh(t *testing.T) {
	seeds, steps := 8, 30
	if testing.Short() {
		seeds, steps = 2, 12
	}
	enc := testEncryption(t)
	for _, encrypted := range []bool{false, true} {
		for seed := range seeds {
			name := fmt.Sprintf("plain/seed%d", seed)
			if encrypted {
				name = fmt.Sprintf("encrypted/seed%d", seed)
			}
			t.Run(name, func(t *testing.T) {
				root := t.TempDir()
				j := &journalDisk{t: t, dir: filepath.Join(root, "journal"), rnd: rand.New(rand.NewPCG(uint64(seed), 15)), content: true}
				j.seed()
				dest := filepath.Join(j.dir, "public") // inside the journal, as kith build makes it
				unrendered := 0                        // pages the updates did not render: their fingerprint was the one recorded
				opt := func(dest string, incremental bool) Options {
					o := Options{
						Site:      site.Options{Journal: os.DirFS(j.dir), Theme: templates.FS(), Today: today},
						Generator: func() string { return "test" },
						Cache:     filepath.Join(root, "cache", "inputs.txt"),
						Dest:      dest,
						Output:    output.Options{Protect: []string{j.dir}, Incremental: incremental},
					}
					if encrypted {
						o.Key = func(content.Config) (*site.Encryption, error) { return enc, nil }
					}
					if incremental {
						// An update of a plain site patches the journal as
						// this cache holds it (linkUpdate); the fresh build
						// loads every note.
						o.Parsed = filepath.Join(root, "cache", "notes.bin")
					}
					return o
				}
				var before map[string]string
				for step := range steps {
					what := "the first build"
					switch {
					case step > 0 && step%4 == 0:
						what = "no edit"
					case step > 0:
						what = j.edit()
					}
					res, err := Run(context.Background(), opt(dest, true))
					if err != nil {
						t.Fatalf("step %d (%s): %v", step, what, err)
					}
					unrendered += res.Unrendered
					t.Logf("step %d (%s): %d not rendered; all rendered because %q; patched %v, relinked because %q", step, what, res.Unrendered, res.RenderedAll, res.Patched, res.Relinked)
					fresh := filepath.Join(root, fmt.Sprintf("fresh%d", step))
					if _, err := Run(context.Background(), opt(fresh, false)); err != nil {
						t.Fatalf("step %d (%s): fresh build: %v", step, what, err)
					}
					got, want := tree(t, dest), tree(t, fresh)
					// A build into a new folder leaves the digest of its
					// inputs out of the record; the update has it.
					if step > 0 && (!strings.Contains(got[output.Sums], "\ninputs ") || strings.Contains(got[output.Sums], "\ninputs -\n")) {
						t.Errorf("step %d (%s): the record has no digest of the inputs", step, what)
					}
					got[output.Sums] = withoutInputs(got[output.Sums])
					want[output.Sums] = withoutInputs(want[output.Sums])
					if !maps.Equal(got, want) {
						for p := range want {
							if got[p] != want[p] {
								t.Errorf("step %d (%s): %s differs from a fresh build", step, what, p)
							}
						}
						for p := range got {
							if _, ok := want[p]; !ok {
								t.Errorf("step %d (%s): %s is not in a fresh build", step, what, p)
							}
						}
						t.FailNow()
					}
					if step > 0 {
						wantCh := diffTrees(before, want)
						if what == "no edit" && !res.Unchanged {
							t.Errorf("step %d (%s): got a build, want Unchanged", step, what)
						}
						if !res.Unchanged && (!res.Updated || !slices.Equal(orNone(res.Changes.Added), orNone(wantCh.Added)) ||
							!slices.Equal(orNone(res.Changes.Changed), orNone(wantCh.Changed)) || !slices.Equal(orNone(res.Changes.Removed), orNone(wantCh.Removed))) {
							t.Errorf("step %d (%s): got updated %v, changes %+v; want exactly %+v", step, what, res.Updated, res.Changes, wantCh)
						}
						if res.Unchanged && (len(wantCh.Added)+len(wantCh.Changed)+len(wantCh.Removed) > 0) {
							t.Errorf("step %d (%s): Unchanged, but the site changed: %+v", step, what, wantCh)
						}
					}
					before = want
					if err := os.RemoveAll(fresh); err != nil {
						t.Fatal(err)
					}
				}
				// The fresh builds render every page: the comparisons above
				// fail if a page an update did not render would have changed.
				// They prove something only if pages were left unrendered.
				if unrendered == 0 {
					t.Errorf("no update left a page unrendered in %d steps: the fingerprints were never used", steps)
				}
				t.Logf("%d pages not rendered over %d steps", unrendered, steps)
			})
		}
	}
}

// TestIncrementalFailureLeavesOutput: an update whose rendering fails part
// way (a template that fails on one page) or whose journal has an error
// changes nothing at the destination and leaves nothing beside it.
func TestIncrementalFailureLeavesOutput(t *testing.T) {
	root := t.TempDir()
	j := &journalDisk{t: t, dir: filepath.Join(root, "journal"), rnd: rand.New(rand.NewPCG(1, 2))}
	j.seed()
	dest := filepath.Join(root, "site")
	opt := Options{
		Site:      site.Options{Journal: os.DirFS(j.dir), Theme: templates.FS(), Today: today},
		Generator: func() string { return "test" },
		Dest:      dest,
		Output:    output.Options{Incremental: true},
	}
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	want := tree(t, dest)
	b, err := fs.ReadFile(templates.FS(), "person.html")
	if err != nil {
		t.Fatal(err)
	}
	victim := j.people()[0]
	tests := []struct {
		name string
		edit func()
		undo func()
	}{
		{"a template fails on one page",
			func() {
				// Every other page changes (and is staged); one page fails.
				bad := strings.Replace(string(b), "</h1>", `</h1>{{if eq .Title "`+victim+`"}}{{index .Title 99}}{{end}}<p>new</p>`, 1)
				j.write("templates/person.html", bad)
			},
			func() { j.remove("templates/person.html") }},
		{"the journal has an error",
			func() {
				j.write("content/entries/2026/broken.md", "---\ndate: not a date\n---\n")
				j.write("kith.yaml", "title: Changed\nowner: Me\n")
			},
			func() {
				j.remove("content/entries/2026/broken.md")
				j.write("kith.yaml", "title: Test journal\nowner: Me\ncalendar: true\n")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.edit()
			defer tt.undo()
			if _, err := Run(context.Background(), opt); err == nil {
				t.Fatal("got no error, want the build to fail")
			}
			if got := tree(t, dest); !maps.Equal(got, want) {
				t.Errorf("the destination changed after a failed build")
			}
			if left, _ := filepath.Glob(filepath.Join(root, ".site.kith-*")); len(left) != 0 {
				t.Errorf("left beside the site: %v", left)
			}
		})
	}
}

// TestIncrementalKeepsUserFiles: files kith did not write survive updates,
// also in a folder whose page goes; a file of theirs where the site now
// has a page stops the build, which changes nothing.
func TestIncrementalKeepsUserFiles(t *testing.T) {
	root := t.TempDir()
	j := &journalDisk{t: t, dir: filepath.Join(root, "journal"), rnd: rand.New(rand.NewPCG(3, 4))}
	j.seed()
	dest := filepath.Join(root, "site")
	opt := Options{
		Site:   site.Options{Journal: os.DirFS(j.dir), Theme: templates.FS(), Today: today},
		Dest:   dest,
		Output: output.Options{Incremental: true},
	}
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	gone := j.people()[0]
	slug := strings.ToLower(strings.ReplaceAll(gone, " ", "-"))
	user := map[string]string{"CNAME": "example.org\n", ".git/HEAD": "ref\n", "people/" + slug + "/notes.txt": "mine", "extra/a.txt": "a"}
	for p, s := range user {
		full := filepath.Join(dest, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The person goes, and with them their page; their folder holds a file of the user's.
	j.dropMentions(gone)
	j.remove("content/people/" + gone + ".md")
	res, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Updated || !slices.Contains(res.Changes.Removed, "people/"+slug+"/index.html") {
		t.Fatalf("got updated %v, removed %v; want the page of %s removed", res.Updated, res.Changes.Removed, gone)
	}
	got := tree(t, dest)
	for p, s := range user {
		if got[p] != s {
			t.Errorf("%s: got %q, want %q kept", p, got[p], s)
		}
	}
	if _, ok := got["people/"+slug+"/index.html"]; ok {
		t.Errorf("the page of %s is still there", gone)
	}
	// A new person whose page is where the user has a file: refused, nothing changes.
	n := "Zed Clash"
	if err := os.MkdirAll(filepath.Join(dest, "people", "zed-clash"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "people", "zed-clash", "index.html"), []byte("theirs"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dest)
	j.write("content/people/"+n+".md", j.person(n, false))
	_, err = Run(context.Background(), opt)
	if !errors.Is(err, output.ErrConflict) || !strings.Contains(err.Error(), "people/zed-clash/index.html") {
		t.Fatalf("got %v, want a conflict naming people/zed-clash/index.html", err)
	}
	if after := tree(t, dest); !maps.Equal(after, before) {
		t.Errorf("the destination changed after a refused build")
	}
}

// TestInputsCache: with the cache of the journal's files' hashes, the
// digest is the one read from every file; a file changed since (same
// size, new bytes) is read again; a file the cache saw change within the
// racy window is not trusted.
func TestInputsCache(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	j := &journalDisk{t: t, dir: dir, rnd: rand.New(rand.NewPCG(5, 6))}
	j.seed()
	fsys := os.DirFS(dir)
	plain := func() string {
		t.Helper()
		d, err := Inputs(ctx, fsys, templates.FS(), "x")
		if err != nil || d == "" {
			t.Fatalf("Inputs: got %q, %v", d, err)
		}
		return d
	}
	cachePath := filepath.Join(t.TempDir(), "kith", "inputs.txt")
	cached := func(at time.Time) (string, *statCache) {
		t.Helper()
		c := openCache(cachePath)
		d, err := inputs(ctx, fsys, templates.FS(), c, []string{"x"})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.save(at); err != nil {
			t.Fatal(err)
		}
		return d, c
	}
	later := time.Now().Add(time.Hour) // every file is old by then
	if got, want := func() string { d, _ := cached(later); return d }(), plain(); got != want {
		t.Fatalf("with an empty cache: got %s, want %s", got, want)
	}
	c := openCache(cachePath)
	if len(c.old) == 0 {
		t.Fatal("the cache was not saved")
	}
	p := filepath.Join(dir, "kith.yaml")
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.lookup("kith.yaml", statOf(info)); !ok {
		t.Error("an old file's hash was not taken from the cache")
	}
	// Same size, other bytes.
	b, _ := os.ReadFile(p)
	b[0] ^= 1
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := func() string { d, _ := cached(later.Add(time.Second)); return d }(), plain(); got != want {
		t.Errorf("after an edit: got %s, want %s (the file read again)", got, want)
	}
	// A cache written just after a file changed does not vouch for it.
	info, _ = os.Lstat(p)
	if err := os.Remove(cachePath); err != nil {
		t.Fatal(err)
	}
	cached(info.ModTime().Add(time.Second))
	c = openCache(cachePath)
	if _, ok := c.lookup("kith.yaml", statOf(info)); ok {
		t.Error("a file changed within the racy window was trusted")
	}
}

// TestNewKeyWritesWhole: a site encrypted with another key has other names
// and bytes everywhere, so the build writes it whole and says why; it
// equals a fresh build with the new key.
func TestNewKeyWritesWhole(t *testing.T) {
	root := t.TempDir()
	j := &journalDisk{t: t, dir: filepath.Join(root, "journal"), rnd: rand.New(rand.NewPCG(7, 8))}
	j.seed()
	other := func() *site.Encryption {
		rnd := rand.NewChaCha8([32]byte{'o', 't', 'h', 'e', 'r'})
		key, err := crypt.NewKey(rnd)
		if err != nil {
			t.Fatal(err)
		}
		kf, err := key.Wrap(rnd, "another passphrase", crypt.WrapOptions{Iterations: 1000, InsecureLowIterations: true})
		if err != nil {
			t.Fatal(err)
		}
		return &site.Encryption{Key: key, KeyFile: kf}
	}()
	opt := func(dest string, enc *site.Encryption) Options {
		return Options{
			Site:      site.Options{Journal: os.DirFS(j.dir), Theme: templates.FS(), Today: today},
			Key:       func(content.Config) (*site.Encryption, error) { return enc, nil },
			Generator: func() string { return "test" },
			Dest:      dest,
			Output:    output.Options{Incremental: true},
		}
	}
	dest := filepath.Join(root, "site")
	if _, err := Run(context.Background(), opt(dest, testEncryption(t))); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), opt(dest, other))
	if err != nil {
		t.Fatal(err)
	}
	if res.Updated || !strings.Contains(res.Whole, "key changed") {
		t.Errorf("got updated %v, whole %q; want the whole site written because the key changed", res.Updated, res.Whole)
	}
	fresh := filepath.Join(root, "fresh")
	if _, err := Run(context.Background(), opt(fresh, other)); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, dest), tree(t, fresh); !maps.Equal(got, want) {
		t.Errorf("the site with the new key differs from a fresh build with it")
	}
}

// TestUpdateRendersWhatChanged makes every kind of edit of what a note says
// (contentEditOp), several times each, in a journal of a dozen people, each
// followed by an update that renders only the pages whose fingerprint
// changed; after each the site equals a fresh build, which renders every
// page, so a page left unrendered that should have changed fails it.
func TestUpdateRendersWhatChanged(t *testing.T) {
	rounds := 4
	if testing.Short() {
		rounds = 1
	}
	for _, encrypted := range []bool{false, true} {
		name := "plain"
		if encrypted {
			name = "encrypted"
		}
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			j := &journalDisk{t: t, dir: filepath.Join(root, "journal"), rnd: rand.New(rand.NewPCG(21, 15))}
			j.seed()
			for range 8 {
				n := j.newName()
				j.write("content/people/"+n+".md", j.person(n, false))
			}
			for i := range 12 {
				j.write(fmt.Sprintf("content/entries/2026/f%d.md", i), j.entry(i+3, j.somePeople()))
			}
			dest := filepath.Join(root, "site")
			opt := func(dest string) Options {
				o := Options{
					Site:      site.Options{Journal: os.DirFS(j.dir), Theme: templates.FS(), Today: today},
					Generator: func() string { return "test" },
					Cache:     filepath.Join(root, "cache", "inputs.txt"),
					Dest:      dest,
					Output:    output.Options{Incremental: true},
				}
				if encrypted {
					enc := testEncryption(t)
					o.Key = func(content.Config) (*site.Encryption, error) { return enc, nil }
				}
				return o
			}
			// The first build, then an update that records every page.
			for range 2 {
				j.write("content/entries/2026/f0.md", j.entry(3, j.somePeople()))
				if _, err := Run(context.Background(), opt(dest)); err != nil {
					t.Fatal(err)
				}
			}
			unrendered := 0
			feedKept, feedRendered := 0, 0 // updates that did not render calendar.ics (its fingerprint unchanged), and that did
			for round := range rounds {
				for op := range contentEdits {
					what := j.contentEditOp(op)
					var mu sync.Mutex
					feed := false
					o := opt(dest)
					o.rendered = func(name string) {
						mu.Lock()
						defer mu.Unlock()
						feed = feed || name == calendar.FileName
					}
					res, err := Run(context.Background(), o)
					if err != nil {
						t.Fatalf("round %d, %s: %v", round, what, err)
					}
					if res.RenderedAll == "" && feed {
						feedRendered++
					} else if !feed {
						feedKept++
					}
					unrendered += res.Unrendered
					t.Logf("round %d, %s: %d pages not rendered; all rendered because %q", round, what, res.Unrendered, res.RenderedAll)
					fresh := filepath.Join(root, "fresh")
					if _, err := Run(context.Background(), opt(fresh)); err != nil {
						t.Fatal(err)
					}
					got, want := tree(t, dest), tree(t, fresh)
					got[output.Sums], want[output.Sums] = "", ""
					for p := range want {
						if got[p] != want[p] {
							t.Errorf("round %d, %s (%d pages not rendered): %s differs from a fresh build", round, what, res.Unrendered, p)
						}
					}
					if err := os.RemoveAll(fresh); err != nil {
						t.Fatal(err)
					}
				}
			}
			if unrendered == 0 {
				t.Error("no update left a page unrendered: the fingerprints were never used")
			}
			// The feed (a plain site's only) must have been both kept and
			// rendered again by updates that rendered only what changed,
			// so that the comparisons above test its fingerprint.
			if !encrypted && (feedKept == 0 || feedRendered == 0) {
				t.Errorf("calendar.ics: got %d updates that kept it and %d that rendered it alone, want some of each", feedKept, feedRendered)
			}
			t.Logf("calendar.ics kept by %d updates, rendered by %d", feedKept, feedRendered)
		})
	}
}
