package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"kith/generator/content"
	"kith/generator/site"
	"kith/templates"
)

// TestRelinkProperty applies random sequences of edits to a journal (add,
// edit, rename and delete people, entries and events; aliases, orgs, tags,
// log lines, needs, drafts, kith.yaml, a template override) and after each
// one links it as the preview does (relink: the spare patched, or the
// whole journal when the change needs it, the two sites taking turns) and
// checks that the model and every file of the site are those of a site
// linked anew from the same files, byte for byte.
func TestRelinkProperty(t *testing.T) {
	seeds, steps := 12, 40
	if testing.Short() {
		seeds, steps = 4, 30
	}
	if n, err := strconv.Atoi(os.Getenv("KITH_RELINK_SEEDS")); err == nil {
		seeds = n // a longer run: KITH_RELINK_SEEDS=200
	}
	var patched, full int
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			p, f := relinkRun(t, uint64(seed), steps)
			patched += p
			full += f
		})
	}
	t.Logf("%d changes patched, %d linked in full", patched, full)
	if patched == 0 || full == 0 {
		t.Errorf("got %d patched and %d full links, want some of each", patched, full)
	}
}

func relinkRun(t *testing.T, seed uint64, steps int) (patched, full int) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 15))
	g := &journalGen{r: r, fsys: fstest.MapFS{}}
	g.init()
	ctx := context.Background()
	set, err := content.Load(ctx, g.fsys)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{set: set, sopt: site.Options{Journal: g.fsys, Theme: templates.FS(), Today: today}}
	s.theme, s.themeErr = site.Theme(s.sopt)
	if s.themeErr != nil {
		t.Fatal(s.themeErr)
	}
	served := s.relink(nil)
	spare := s.relink(nil).buf
	for step := range steps {
		what, paths := g.edit()
		read := map[string]bool{}
		theme := false
		for _, p := range paths {
			if inTheme(p) {
				theme = true
			} else if _, err := set.Update(g.fsys, p); err != nil {
				t.Fatalf("step %d (%s): %v", step, what, err)
			}
			read[p] = true
		}
		if theme {
			s.theme, s.themeErr = site.Theme(s.sopt)
			if s.themeErr != nil {
				t.Fatal(s.themeErr)
			}
		}
		why := fullReason(read, set.Config.Folders)
		spare.changed(read, why)
		served.buf.changed(read, why)
		res := s.relink(spare)
		if res.full == "" {
			patched++
		} else {
			full++
			if os.Getenv("KITH_RELINK_WHY") != "" {
				t.Logf("%s: full: %s", what, res.full)
			}
		}
		label := fmt.Sprintf("step %d (%s; full: %q)", step, what, res.full)
		fresh, ferr := site.Link(set, s.sopt, s.theme)
		var want, got content.Problems
		errors.As(ferr, &want)
		errors.As(res.err, &got)
		if !slices.Equal(problemStrings(got), problemStrings(want)) {
			t.Fatalf("%s: got problems\n%v\nwant\n%v", label, got, want)
		}
		if fresh == nil {
			// Not shown: the spare (if any) takes the change.
			spare = res.buf
			if spare == nil {
				spare = s.relinkFresh(t)
			}
			continue
		}
		sameSite(t, label, res.site, fresh)
		for name, b := range res.warm {
			if want, err := fresh.File(name); err != nil || !bytes.Equal(b, want) {
				t.Fatalf("%s: %s rendered ahead differs from the fresh site's (%v)", label, name, err)
			}
		}
		// Published: the site it replaces is the next spare.
		spare, served = served.buf, res
		if spare == nil || res.full != "" {
			spare = s.relinkFresh(t)
		}
	}
	return patched, full
}

// relinkFresh links a new spare when there is none (after errors).
func (s *Server) relinkFresh(t *testing.T) *buffer {
	t.Helper()
	return s.relink(nil).buf
}

func problemStrings(ps content.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Error()
	}
	return out
}

// sameSite fails unless got and want have the same model and the same
// files with the same bytes.
func sameSite(t *testing.T, label string, got, want *site.Site) {
	t.Helper()
	var dg, dw bytes.Buffer
	if err := got.J.Dump(&dg); err != nil {
		t.Fatal(err)
	}
	if err := want.J.Dump(&dw); err != nil {
		t.Fatal(err)
	}
	if dg.String() != dw.String() {
		gl, wl := strings.Split(dg.String(), "\n"), strings.Split(dw.String(), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s: the models differ first at line %d:\ngot  %s\nwant %s", label, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: the models differ in length: %d and %d lines", label, len(gl), len(wl))
	}
	gf, wf := got.Files(), want.Files()
	if !slices.Equal(gf, wf) {
		t.Fatalf("%s: got %d files, want %d", label, len(gf), len(wf))
	}
	for _, name := range wf {
		a, err := got.File(name)
		if err != nil {
			t.Fatalf("%s: %s: %v", label, name, err)
		}
		b, err := want.File(name)
		if err != nil {
			t.Fatalf("%s: %s: %v", label, name, err)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("%s: %s differs:\ngot  %.400s\nwant %.400s", label, name, diffAt(a, b), diffAt(b, a))
		}
	}
}

// diffAt returns a from a little before where it first differs from b.
func diffAt(a, b []byte) []byte {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-100):]
}

// journalGen makes a small random journal and random edits to it.
type journalGen struct {
	r      *rand.Rand
	fsys   fstest.MapFS
	people []string // names with a note
	n      int      // notes made, for unique names
}

var genFirst = []string{"Dana", "Ama", "Felix", "Søren", "Kai", "Lina", "Omar", "Ruth", "José", "Ines", "Theo", "Mira"}
var genLast = []string{"Okafor", "Zapata", "Reyes", "Castillo", "Ishikawa", "Berg", "Núñez", "Hale"}
var genOrgs = []string{"Acme", "Kestrel Systems", "Thistle Foundation", ""}
var genTags = []string{"volunteer", "climbing", "investor", "Open Source"}
var genSkills = []string{"grant writing", "tax law", "design systems", "hiring engineers", "survey methodology"}
var genLogTags = []string{"#call", "#gave", "#received", "#thanked", "#needs", "#job", "#meeting", "#call", "#gave", "#received", "#thanked", "#needs", "#job", "#meeting", "", "#intro", "#outcome"}

func (g *journalGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *journalGen) init() {
	g.fsys[content.ConfigPath] = &fstest.MapFile{Data: []byte("title: Test\nowner: Sam\ndefault_keep_in_touch: 3m\nowner_expertise: [tax law]\n")}
	for range 8 {
		g.addPerson()
	}
	for range 12 {
		g.addEntry()
	}
	g.addEvent()
}

func (g *journalGen) newName() string {
	for {
		name := g.pick(genFirst) + " " + g.pick(genLast)
		if !slices.Contains(g.people, name) {
			return name
		}
	}
}

func (g *journalGen) someone() string {
	if len(g.people) == 0 {
		return "Nobody Here"
	}
	return g.pick(g.people)
}

func (g *journalGen) personNote(name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nname: %s\n", name)
	if g.r.IntN(3) == 0 {
		fmt.Fprintf(&b, "aliases: [%s]\n", strings.Fields(name)[0]+g.pick([]string{"y", "o", "ie"}))
	}
	if org := g.pick(genOrgs); org != "" {
		fmt.Fprintf(&b, "org: %s\nrole: Lead\n", org)
	}
	fmt.Fprintf(&b, "tags: [%s]\nexpertise: [%s]\nlikes: [karaoke]\n", g.pick(genTags), g.pick(genSkills))
	if g.r.IntN(2) == 0 {
		fmt.Fprintf(&b, "needs: [%s]\n", "someone for "+g.pick(genSkills))
	}
	if g.r.IntN(3) == 0 && len(g.people) > 0 {
		fmt.Fprintf(&b, "met:\n  date: 2026-%02d-10\n  via: %s\n", 1+g.r.IntN(11), g.someone())
	}
	if g.r.IntN(2) == 0 {
		fmt.Fprintf(&b, "birthday: %02d-%02d\n", 1+g.r.IntN(12), 1+g.r.IntN(28))
	}
	if g.r.IntN(3) == 0 {
		b.WriteString("keep_in_touch: 1m\n")
	}
	if g.r.IntN(10) == 0 {
		b.WriteString("draft: true\n")
	}
	b.WriteString("---\n")
	g.body(&b)
	b.WriteString("\n## Log\n\n")
	for range g.r.IntN(4) {
		g.logLine(&b)
	}
	return b.String()
}

func (g *journalGen) logLine(b *strings.Builder) {
	fmt.Fprintf(b, "- 20%02d-%02d-%02d Talked about things", 24+g.r.IntN(3), 1+g.r.IntN(12), 1+g.r.IntN(28))
	if g.r.IntN(3) == 0 {
		fmt.Fprintf(b, " with [[%s]]", g.someone())
	}
	fmt.Fprintf(b, ". %s %s\n", g.pick(genLogTags), g.pick(genLogTags))
}

func (g *journalGen) body(b *strings.Builder) {
	fmt.Fprintf(b, "Paragraph %d about work.", g.r.IntN(1000))
	for range g.r.IntN(3) {
		fmt.Fprintf(b, " Met [[%s]] again.", g.someone())
	}
	if g.r.IntN(6) == 0 {
		b.WriteString(" And [[No Such Person]].")
	}
	b.WriteString("\n")
}

func personPath(name string) string { return "content/people/" + name + ".md" }

func (g *journalGen) addPerson() []string {
	name := g.newName()
	g.people = append(g.people, name)
	p := personPath(name)
	g.fsys[p] = &fstest.MapFile{Data: []byte(g.personNote(name))}
	return []string{p}
}

func (g *journalGen) entryNote() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ndate: 2026-%02d-%02d\n", 1+g.r.IntN(11), 1+g.r.IntN(28))
	if g.r.IntN(2) == 0 {
		fmt.Fprintf(&b, "title: Chat %d\n", g.r.IntN(100))
	}
	if g.r.IntN(4) != 0 {
		b.WriteString("with:\n")
		for range 1 + g.r.IntN(2) {
			fmt.Fprintf(&b, "  - %s\n", g.someone())
		}
	}
	fmt.Fprintf(&b, "kind: %s\n", g.pick([]string{"call", "meeting", "call", "meeting", "intro", "note"}))
	if g.r.IntN(3) == 0 {
		fmt.Fprintf(&b, "tags: [%s]\n", g.pick([]string{"needs", "outcome", "climbing"}))
	}
	switch g.r.IntN(4) {
	case 0:
		b.WriteString("gave: a review\n")
	case 1:
		b.WriteString("received: an intro\n")
	case 2:
		b.WriteString("received: advice\nthanked: true\n")
	}
	if g.r.IntN(3) == 0 {
		fmt.Fprintf(&b, "follow_up: 2026-%02d-01\n", 1+g.r.IntN(12))
	}
	if g.r.IntN(4) == 0 {
		b.WriteString("event: Summit\n")
	}
	b.WriteString("---\n")
	g.body(&b)
	return b.String()
}

func (g *journalGen) addEntry() []string {
	g.n++
	p := fmt.Sprintf("content/entries/2026/2026-01-%02d-chat-%d.md", 1+g.n%28, g.n)
	g.fsys[p] = &fstest.MapFile{Data: []byte(g.entryNote())}
	return []string{p}
}

func (g *journalGen) addEvent() []string {
	p := "content/events/Summit.md"
	g.fsys[p] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\nname: Summit\ndate: 2026-%02d-10\npeople:\n  - %s\n---\nSee [[%s]].\n", 1+g.r.IntN(12), g.someone(), g.someone()))}
	return []string{p}
}

// notes lists the notes of a folder, sorted.
func (g *journalGen) notes(prefix string) []string {
	var out []string
	for p := range g.fsys {
		if strings.HasPrefix(p, prefix) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// edit changes the journal and returns what it did and the paths changed.
func (g *journalGen) edit() (string, []string) {
	people, entries := g.notes("content/people/"), g.notes("content/entries/")
	rewrite := func(p string, f func(string) string) []string {
		g.fsys[p] = &fstest.MapFile{Data: []byte(f(string(g.fsys[p].Data)))}
		return []string{p}
	}
	switch k := g.r.IntN(20); {
	case k < 4 && len(people) > 0: // prose, as most saves are
		p := g.pick(people)
		return "prose of " + p, rewrite(p, func(s string) string {
			var b strings.Builder
			g.body(&b)
			return strings.Replace(s, "\n---\n", "\n---\n"+b.String()+"\n", 1)
		})
	case k < 6 && len(people) > 0:
		p := g.pick(people)
		return "log line in " + p, rewrite(p, func(s string) string {
			var b strings.Builder
			g.logLine(&b)
			return s + b.String()
		})
	case k < 7 && len(people) > 0:
		p := g.pick(people)
		return "front matter of " + p, rewrite(p, func(s string) string {
			return strings.Replace(s, "likes: [karaoke]", g.pick([]string{"likes: [chess]", "likes: [karaoke]\nneeds: [a designer]", "likes: [x]\nbirthday: 01-02", "likes: [y]\nkeep_in_touch: 2w"}), 1)
		})
	case k < 8 && len(people) > 0:
		p := g.pick(people)
		name := strings.TrimSuffix(strings.TrimPrefix(p, "content/people/"), ".md")
		return "rewrite of " + p, rewrite(p, func(string) string { return g.personNote(name) })
	case k < 9 && g.r.IntN(3) == 0 && len(people) > 0:
		p := g.pick(people)
		return "alias of " + p, rewrite(p, func(s string) string {
			if strings.Contains(s, "aliases:") {
				return strings.Replace(s, "aliases: [", "aliases: [Z", 1)
			}
			return strings.Replace(s, "\nname: ", "\naliases: ["+g.pick(genFirst)+"]\nname: ", 1)
		})
	case k < 9 && g.r.IntN(2) == 0:
		p := g.pick(append(people, entries...))
		return "draft " + p, rewrite(p, func(s string) string {
			if strings.Contains(s, "draft: true\n") {
				return strings.Replace(s, "draft: true\n", "", 1)
			}
			return strings.Replace(s, "---\n", "---\ndraft: true\n", 1)
		})
	case k < 9:
		return "new person", g.addPerson()
	case k < 10 && len(people) > 2 && g.r.IntN(2) == 0:
		p := g.pick(people)
		delete(g.fsys, p)
		name := strings.TrimSuffix(strings.TrimPrefix(p, "content/people/"), ".md")
		g.people = slices.DeleteFunc(g.people, func(n string) bool { return n == name })
		return "delete " + p, []string{p}
	case k < 11 && len(people) > 0:
		p := g.pick(people)
		name := strings.TrimSuffix(strings.TrimPrefix(p, "content/people/"), ".md")
		to := g.newName()
		q := personPath(to)
		g.fsys[q] = &fstest.MapFile{Data: []byte(strings.Replace(string(g.fsys[p].Data), "name: "+name, "name: "+to, 1))}
		delete(g.fsys, p)
		g.people = append(slices.DeleteFunc(g.people, func(n string) bool { return n == name }), to)
		return "rename " + p, []string{p, q}
	case k < 15 && len(entries) > 0:
		p := g.pick(entries)
		if g.r.IntN(2) == 0 {
			return "prose of " + p, rewrite(p, func(s string) string {
				var b strings.Builder
				g.body(&b)
				return s + "\n" + b.String()
			})
		}
		if g.r.IntN(3) == 0 {
			return "rewrite of " + p, rewrite(p, func(string) string { return g.entryNote() })
		}
		return "front matter of " + p, rewrite(p, func(s string) string {
			// Keep "---\ndate: ...\n", the first two lines.
			two := func(x string) int { return 4 + strings.IndexByte(x[4:], '\n') + 1 }
			n := g.entryNote()
			return s[:two(s)] + n[two(n):]
		})
	case k < 16:
		return "new entry", g.addEntry()
	case k < 17 && len(entries) > 1:
		p := g.pick(entries)
		delete(g.fsys, p)
		return "delete " + p, []string{p}
	case k < 18:
		switch events := g.notes("content/events/"); {
		case len(events) > 0 && g.r.IntN(3) == 0:
			delete(g.fsys, events[0])
			return "delete " + events[0], events
		case len(events) > 0 && g.r.IntN(2) == 0:
			q := "content/events/Summit " + fmt.Sprint(g.r.IntN(3)) + ".md"
			if q == events[0] {
				break
			}
			g.fsys[q] = g.fsys[events[0]]
			delete(g.fsys, events[0])
			return "rename " + events[0], []string{events[0], q}
		}
		return "event", g.addEvent()
	case k < 19:
		return "kith.yaml", rewrite(content.ConfigPath, func(s string) string {
			return strings.Replace(s, "3m", g.pick([]string{"1m", "3m", "6m"}), 1)
		})
	default:
		p := "templates/_partials.html"
		data, err := fs.ReadFile(templates.FS(), "_partials.html")
		if err != nil {
			panic(err)
		}
		if _, ok := g.fsys[p]; ok {
			delete(g.fsys, p)
			return "template override removed", []string{p}
		}
		g.fsys[p] = &fstest.MapFile{Data: append(data, []byte("\n{{/* override */}}\n")...)}
		return "template override", []string{p}
	}
}

// TestPatchWhileServing edits a note over and over while requests read
// every page, so that patching the spare site and serving the other run at
// once (run it with -race): each edit shows, and every answer is whole.
func TestPatchWhileServing(t *testing.T) {
	h := start(t, fixture, nil)
	s := h.subscribe("")
	pages := []string{"/", "/people/", "/people/lee-park/", "/people/dana-okafor/", "/thanks/", "/follow-ups/", "/entries/"}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() { // ends when stop is closed
			defer wg.Done()
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if code, body, _ := h.get(pages[i%len(pages)]); code != http.StatusOK || !strings.Contains(body, "</html>") {
					t.Errorf("GET %s: got %d and %d bytes, want a whole page", pages[i%len(pages)], code, len(body))
					return
				}
			}
		}()
	}
	for i := range 12 {
		marker := fmt.Sprintf("Edited %d times.", i)
		h.write("content/people/Lee Park.md", strings.Replace(fixture["content/people/Lee Park.md"], "\n---\n", "\n---\n"+marker+"\n\n", 1))
		s.until("reload")
		if !strings.Contains(h.page("/people/lee-park/"), marker) {
			t.Errorf("edit %d: the page does not show it", i)
		}
	}
	close(stop)
	wg.Wait()
}
