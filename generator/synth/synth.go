// Package synth makes synthetic journals of any size for benchmarks and load tests.
//
// A journal made here follows the content contract: kith.yaml, one note per
// person under content/people, dated entries under content/entries/YYYY and
// events under content/events. Every reference resolves, so a build of it
// reports no errors. The same Options always give the same bytes.
package synth

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"
	"time"
	"unicode"

	"kith/generator/content"
)

// Options sizes a synthetic journal.
type Options struct {
	People, Entries, Events int
	// Seed picks the journal; the same Seed and sizes give the same files.
	Seed int64
	// Today anchors every date: entries fall in the six years before it.
	// The zero value means 2026-11-23.
	Today time.Time
	// NoNeeds leaves out needs and owner_expertise, so that what matching
	// costs can be measured on the same journal.
	NoNeeds bool
}

// Random streams: each part of the journal has its own, so that asking for
// more entries leaves the people and events as they were.
const (
	streamNames = iota + 1
	streamPeople
	streamEvents
	streamEntries
	streamNeeds
)

const spanDays = 6*365 + 1 // six years back from Today

// Generate returns a journal of opts.People people, opts.Entries entries and
// opts.Events events, as files keyed by slash-separated path.
func Generate(opts Options) fstest.MapFS {
	g := newGenerator(opts)
	g.names()
	g.writeConfig()
	g.writePeople()
	g.writeEvents()
	g.writeEntries()
	return g.files
}

// Write writes Generate's files under dir, which must be empty or absent.
func Write(dir string, opts Options) error {
	if des, err := os.ReadDir(dir); err == nil {
		if len(des) > 0 {
			return fmt.Errorf("synth: %s is not empty", dir)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("synth: %w", err)
	}
	files := Generate(opts)
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	made := map[string]bool{}
	for _, p := range paths {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if d := filepath.Dir(full); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("synth: %w", err)
			}
			made[d] = true
		}
		if err := os.WriteFile(full, files[p].Data, 0o644); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	return nil
}

type person struct {
	first, last, name, slug string
	aliases                 []string
	met                     time.Time // zero when the note has no met date
}

type event struct {
	name, slug string
	date, end  time.Time
	attendees  []int
}

type generator struct {
	opts  Options
	today time.Time
	seed  uint64
	files fstest.MapFS

	people []*person
	events []*event
	taken  map[string]bool // every person key, lowercased and as a slug

	orgs, tags, expertise, likes, cities, roles, wheres, topics []string
}

func newGenerator(opts Options) *generator {
	today := opts.Today
	if today.IsZero() {
		today = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	}
	y, m, d := today.Date()
	return &generator{
		opts:      opts,
		today:     time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		seed:      uint64(opts.Seed),
		files:     fstest.MapFS{},
		taken:     map[string]bool{},
		orgs:      orgNames(),
		tags:      tagPool(),
		expertise: expertisePool(),
		likes:     likesPool(),
		cities:    cityPool(),
		roles:     rolePool(),
		wheres:    wherePool(),
		topics:    topicPool(),
	}
}

func (g *generator) rand(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, stream*0x9e3779b97f4a7c15))
}

func (g *generator) add(path string, data string) {
	g.files[path] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
}

// free reports whether k is nobody's name, alias or slug yet.
func (g *generator) free(k string) bool {
	return !g.taken[strings.ToLower(k)] && !g.taken[content.Slug(k)]
}

func (g *generator) claim(k string) {
	g.taken[strings.ToLower(k)] = true
	g.taken[content.Slug(k)] = true
}

// names picks unique names for everyone, then aliases that clash with no one.
func (g *generator) names() {
	r := g.rand(streamNames)
	firsts, lasts := firstNames(), lastNames()
	for i := 0; i < g.opts.People; i++ {
		first, last := pick(r, firsts), pick(r, lasts)
		name := first + " " + last
		for try := 0; !g.free(name); try++ {
			switch {
			case try < 20:
				first, last = pick(r, firsts), pick(r, lasts)
				name = first + " " + last
			case try < 46:
				name = first + " " + string(rune('A'+try-20)) + ". " + last
			default:
				name = first + " " + last + " " + strconv.Itoa(try-44)
			}
		}
		g.claim(name)
		g.people = append(g.people, &person{first: first, last: last, name: name, slug: content.Slug(name)})
	}
	for _, p := range g.people {
		if r.IntN(5) != 0 { // about 20% have aliases
			continue
		}
		initial, _ := firstRune(p.last)
		cands := []string{nickname(p.first), p.first + " " + initial + ".", p.first, initialsOf(p.name)}
		want := 1 + r.IntN(2)
		for _, c := range cands {
			if c == "" || !g.free(c) || len(p.aliases) == want {
				continue
			}
			g.claim(c)
			p.aliases = append(p.aliases, c)
		}
	}
}

func (g *generator) writeConfig() {
	c := fmt.Sprintf("title: Synthetic journal (seed %d)\nowner: Sam Rivera\ndefault_keep_in_touch: 1y\n", g.opts.Seed)
	if !g.opts.NoNeeds {
		c += "owner_expertise: [" + strings.Join(g.expertise[:3], ", ") + "]\n"
	}
	g.add("kith.yaml", c)
}

// needs writes what a third of the people are looking for, from their own
// stream so that the rest of the journal stays the same without them: text
// or {need, date}, some dated over a year ago so that they have faded.
func (g *generator) needs(r *rand.Rand, fm *frontMatter) {
	if g.opts.NoNeeds || r.IntN(3) != 0 {
		return
	}
	fm.open("needs")
	for range 1 + r.IntN(2) {
		var need string
		switch r.IntN(4) {
		case 0:
			need = "someone who knows " + pick(r, g.expertise)
		case 1:
			need = "a " + pick(r, g.roles) + " for the team"
		case 2:
			need = "a job in " + pick(r, g.cities)
		default:
			need = "advice on " + pick(r, g.expertise)
		}
		if r.IntN(2) == 0 {
			fm.b.WriteString("  - " + scalar(need) + "\n")
			continue
		}
		d := g.today.AddDate(0, 0, -r.IntN(2*365))
		fm.b.WriteString("  - need: " + scalar(need) + "\n    date: " + day(d) + "\n")
	}
}

// someone picks a person, favouring a close circle the way real journals do.
func (g *generator) someone(r *rand.Rand) int {
	n := len(g.people)
	if r.IntN(2) == 0 {
		return r.IntN(max(1, n/10))
	}
	return r.IntN(n)
}

// ref writes a reference to p the way a person might: name, alias, slug or wikilink.
func (g *generator) ref(r *rand.Rand, p *person) string {
	switch u := r.IntN(20); {
	case u < 9:
		return p.name
	case u < 10:
		return strings.ToLower(p.name)
	case u < 14 && len(p.aliases) > 0:
		return p.aliases[r.IntN(len(p.aliases))]
	case u < 18:
		return p.slug
	default:
		return "[[" + p.name + "]]"
	}
}

// link writes a [[wikilink]] to p in one of the shapes Obsidian users write.
func (g *generator) link(r *rand.Rand, p *person) string {
	switch r.IntN(6) {
	case 0:
		return "[[" + p.name + "|" + p.first + "]]"
	case 1:
		return "[[" + p.slug + "|" + p.name + "]]"
	case 2:
		if len(p.aliases) > 0 {
			return "[[" + p.aliases[0] + "]]"
		}
	}
	return "[[" + p.name + "]]"
}

func (g *generator) writePeople() {
	r := g.rand(streamPeople)
	rn := g.rand(streamNeeds)
	cadences := []string{"2w", "30d", "6w", "2m", "3m", "90d", "6m", "1y"}
	for i, p := range g.people {
		t := newText(r, g)
		fm := &frontMatter{r: r}
		fm.str("name", p.name)
		if len(p.aliases) > 0 {
			fm.list("aliases", p.aliases)
		}
		org := ""
		if r.IntN(10) != 0 {
			org = g.orgs[skewed(r, len(g.orgs))]
			fm.str("org", org)
			fm.str("role", pick(r, g.roles))
		}
		fm.str("location", pick(r, g.cities))
		fm.list("tags", pickN(r, g.tags, 1+r.IntN(4)))
		fm.list("expertise", pickN(r, g.expertise, 1+r.IntN(3)))
		fm.list("likes", pickN(r, g.likes, 1+r.IntN(3)))
		g.needs(rn, fm)
		if r.IntN(100) < 85 {
			// Some met recently, so that "fading" connections exist.
			back := r.IntN(spanDays)
			if r.IntN(20) == 0 {
				back = r.IntN(90)
			}
			p.met = g.today.AddDate(0, 0, -back)
			fm.open("met")
			fm.sub("date", day(p.met))
			fm.sub("where", t.fill(pick(r, g.wheres)))
			if i > 0 && r.IntN(10) < 3 {
				fm.sub("via", g.ref(r, g.people[r.IntN(i)]))
			}
		}
		fm.open("contact")
		handle := strings.ReplaceAll(p.slug, "-", ".")
		domain := "example.com"
		if org != "" {
			domain = content.Slug(org) + ".example"
		}
		fm.sub("email", handle+"@"+domain)
		if r.IntN(2) == 0 {
			fm.sub("phone", fmt.Sprintf("+1 555 %04d %03d", r.IntN(10000), r.IntN(1000)))
		}
		if r.IntN(5) < 2 {
			fm.sub("linkedin", "https://www.linkedin.com/in/"+p.slug)
		}
		if r.IntN(5) == 0 {
			fm.sub("website", "https://"+p.slug+".example.net")
		}
		if r.IntN(10) < 4 {
			b := time.Date(1955+r.IntN(45), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
			if r.IntN(2) == 0 {
				fm.str("birthday", day(b))
			} else {
				fm.str("birthday", b.Format("01-02"))
			}
		}
		if r.IntN(2) == 0 {
			fm.str("keep_in_touch", pick(r, cadences))
		}

		var body strings.Builder
		t.first, t.org = p.first, org
		body.WriteString(t.paragraph(personLines(), 4+r.IntN(3)))
		body.WriteString("\n\n")
		if r.IntN(10) < 3 && len(g.people) > 1 {
			other := g.people[(i+1+r.IntN(len(g.people)-1))%len(g.people)]
			body.WriteString(t.fill(pick(r, personLinkLines())))
			body.WriteString(" ")
			body.WriteString(strings.ReplaceAll(t.fill(pick(r, linkTails())), "{link}", g.link(r, other)))
			body.WriteString("\n\n")
		}
		body.WriteString("## Notes\n\n")
		for _, line := range pickN(r, noteItems(), 2+r.IntN(3)) {
			body.WriteString("- " + t.fill(line) + "\n")
		}
		if r.IntN(2) == 0 {
			body.WriteString("\n")
			body.WriteString(t.paragraph(personLines(), 2+r.IntN(2)))
			body.WriteString("\n")
		}
		if n := r.IntN(7); n > 0 {
			body.WriteString("\n## Log\n\n")
			from := g.today.AddDate(0, 0, -spanDays)
			if !p.met.IsZero() {
				from = p.met
			}
			dates := make([]time.Time, n)
			for k := range dates {
				dates[k] = from.AddDate(0, 0, r.IntN(int(g.today.Sub(from).Hours()/24)+1))
			}
			slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
			owed := false
			for _, d := range dates {
				var line string
				if owed && r.IntN(2) == 0 {
					line, owed = t.fill(pick(r, thankedLogs())), false
				} else {
					line = t.fill(pick(r, logLines()))
					owed = owed || strings.Contains(line, "#received")
				}
				body.WriteString("- " + day(d) + " " + line + "\n")
			}
		}
		g.add("content/people/"+p.name+".md", fm.done()+body.String())
	}
}

func (g *generator) writeEvents() {
	r := g.rand(streamEvents)
	stems := eventStems()
	names := map[string]bool{}
	for range g.opts.Events {
		t := newText(r, g)
		var date time.Time
		if r.IntN(100) < 85 {
			date = g.today.AddDate(0, 0, -r.IntN(spanDays))
		} else {
			date = g.today.AddDate(0, 0, 1+r.IntN(60))
		}
		city := pick(r, g.cities)
		stem := pick(r, stems)
		name := fmt.Sprintf("%s %d", stem, date.Year())
		if names[content.Slug(name)] {
			name = fmt.Sprintf("%s %s %d", stem, city, date.Year())
		}
		for n := 2; names[content.Slug(name)]; n++ {
			name = fmt.Sprintf("%s %s %d (%d)", stem, city, date.Year(), n)
		}
		names[content.Slug(name)] = true
		e := &event{name: name, slug: content.Slug(name), date: date, end: date}
		fm := &frontMatter{r: r}
		fm.str("name", name)
		fm.str("date", day(date))
		if r.IntN(5) < 2 {
			e.end = date.AddDate(0, 0, 1+r.IntN(2))
			fm.str("end", day(e.end))
		}
		fm.str("location", city)
		// No url: Hugo, which the benchmark builds the same files with,
		// refuses absolute URLs in front matter.
		if len(g.people) > 0 {
			seen := map[int]bool{}
			var refs []string
			for range 2 + r.IntN(7) {
				k := g.someone(r)
				if seen[k] {
					continue
				}
				seen[k] = true
				e.attendees = append(e.attendees, k)
				refs = append(refs, g.ref(r, g.people[k]))
			}
			fm.list("people", refs)
		}
		var body strings.Builder
		body.WriteString("## Goals\n\n")
		for _, line := range pickN(r, eventGoals(), 2+r.IntN(3)) {
			body.WriteString("- " + t.fill(line) + "\n")
		}
		body.WriteString("\n")
		body.WriteString(t.paragraph(entryLines(), 2+r.IntN(3)))
		body.WriteString("\n")
		g.events = append(g.events, e)
		g.add("content/events/"+e.slug+".md", fm.done()+body.String())
	}
}

func (g *generator) writeEntries() {
	r := g.rand(streamEntries)
	kinds := []string{"meeting", "meeting", "meeting", "meeting", "meeting", "call", "call", "call", "call",
		"email", "email", "email", "message", "message", "message", "note", "note", "intro", "help", "gift"}
	var past []*event
	for _, e := range g.events {
		if !e.date.After(g.today) {
			past = append(past, e)
		}
	}
	slugs := map[string]bool{}
	for range g.opts.Entries {
		t := newText(r, g)
		date := g.today.AddDate(0, 0, -r.IntN(spanDays))
		kind := pick(r, kinds)
		var ev *event
		if len(past) > 0 && r.IntN(100) < 6 {
			ev = past[r.IntN(len(past))]
			kind = "event"
			date = ev.date.AddDate(0, 0, r.IntN(int(ev.end.Sub(ev.date).Hours()/24)+1))
			if date.After(g.today) {
				date = g.today
			}
		}
		// Who: one to three people, from the event's attendees when there is one.
		var who []*person
		if len(g.people) > 0 {
			n := 1
			if u := r.IntN(10); u >= 9 {
				n = 3
			} else if u >= 6 {
				n = 2
			}
			seen := map[int]bool{}
			for range n {
				k := g.someone(r)
				if ev != nil && len(ev.attendees) > 0 && r.IntN(3) > 0 {
					k = ev.attendees[r.IntN(len(ev.attendees))]
				}
				if !seen[k] {
					seen[k] = true
					who = append(who, g.people[k])
				}
			}
		} else {
			kind = "note"
		}
		if len(who) > 0 {
			t.first = who[0].first
		}
		fm := &frontMatter{r: r}
		fm.str("date", day(date))
		title := ""
		if r.IntN(10) < 7 || len(who) == 0 {
			title = t.fill(pick(r, entryTitles(kind)))
			fm.str("title", title)
		}
		withField := len(who) > 0 && r.IntN(100) >= 8 // else the body's links say who
		if withField {
			refs := make([]string, len(who))
			for k, p := range who {
				refs[k] = g.ref(r, p)
			}
			fm.list("with", refs)
		}
		if kind != "note" || r.IntN(2) == 0 {
			fm.str("kind", kind)
		}
		if ev != nil {
			fm.str("event", ev.slug)
		}
		if len(who) > 0 {
			if r.IntN(100) < 15 {
				fm.str("gave", t.fill(pick(r, gaveTexts())))
			}
			if r.IntN(100) < 12 {
				fm.str("received", t.fill(pick(r, receivedTexts())))
				if r.IntN(2) == 0 {
					if th := date.AddDate(0, 0, r.IntN(14)); r.IntN(3) > 0 && !th.After(g.today) {
						fm.str("thanked", day(th))
					} else {
						fm.str("thanked", "true")
					}
				}
			}
			if r.IntN(100) < 15 {
				fm.str("follow_up", day(date.AddDate(0, 0, 3+r.IntN(28))))
			}
		}

		var body strings.Builder
		for k, p := range who {
			if !withField || r.IntN(10) < 7 {
				line := strings.ReplaceAll(t.fill(pick(r, entryLinkLines())), "{link}", g.link(r, p))
				if k == 0 {
					body.WriteString(line)
				} else {
					body.WriteString(" " + line)
				}
			}
		}
		if body.Len() > 0 {
			body.WriteString(" ")
		}
		body.WriteString(t.paragraph(entryLines(), 4+r.IntN(4)))
		body.WriteString("\n")
		for _, chance := range []int{7, 3} {
			if r.IntN(10) < chance {
				body.WriteString("\n")
				body.WriteString(t.paragraph(entryLines(), 3+r.IntN(4)))
				body.WriteString("\n")
			}
		}
		if r.IntN(10) < 4 {
			body.WriteString("\nNext steps:\n\n")
			for _, line := range pickN(r, nextSteps(), 1+r.IntN(3)) {
				body.WriteString("- " + t.fill(line) + "\n")
			}
		}
		if r.IntN(10) == 0 && len(g.people) > 1 {
			body.WriteString("\n" + strings.ReplaceAll(t.fill(pick(r, mentionLines())), "{link}", g.link(r, g.people[r.IntN(len(g.people))])) + "\n")
		}

		name := title
		if name == "" {
			name = kind + " " + who[0].slug
		}
		slug := truncSlug(day(date) + " " + content.Slug(name))
		for n := 2; slugs[slug]; n++ {
			slug = truncSlug(day(date)+" "+content.Slug(name)) + "-" + strconv.Itoa(n)
		}
		slugs[slug] = true
		g.add(fmt.Sprintf("content/entries/%d/%s.md", date.Year(), slug), fm.done()+body.String())
	}
}

// truncSlug slugs s and keeps at most 60 bytes, cut at a dash.
func truncSlug(s string) string {
	s = content.Slug(s)
	if len(s) <= 60 {
		return s
	}
	s = s[:60]
	if i := strings.LastIndexByte(s, '-'); i > 10 {
		s = s[:i]
	}
	return s
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

func pick(r *rand.Rand, pool []string) string { return pool[r.IntN(len(pool))] }

// pickN returns n distinct items of pool in pool order.
func pickN(r *rand.Rand, pool []string, n int) []string {
	n = min(n, len(pool))
	idx := r.Perm(len(pool))[:n]
	slices.Sort(idx)
	out := make([]string, n)
	for i, k := range idx {
		out[i] = pool[k]
	}
	return out
}

// skewed picks an index in [0,n) with small indexes more likely.
func skewed(r *rand.Rand, n int) int {
	u := r.Float64()
	return int(u * u * float64(n))
}

func firstRune(s string) (string, bool) {
	for _, c := range s {
		return string(c), true
	}
	return "", false
}

// initialsOf turns "Dana Okafor" into "DO".
func initialsOf(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		c, _ := firstRune(w)
		if unicode.IsUpper([]rune(c)[0]) {
			b.WriteString(c)
		}
	}
	if b.Len() < 2 {
		return ""
	}
	return b.String()
}

// frontMatter writes YAML front matter in the styles people use: flow or
// block lists, plain scalars where YAML allows them, quoted ones elsewhere.
type frontMatter struct {
	r *rand.Rand
	b strings.Builder
}

func (f *frontMatter) str(key, v string) {
	f.b.WriteString(key + ": " + scalar(v) + "\n")
}

func (f *frontMatter) open(key string) { f.b.WriteString(key + ":\n") }

func (f *frontMatter) sub(key, v string) {
	f.b.WriteString("  " + key + ": " + scalar(v) + "\n")
}

func (f *frontMatter) list(key string, vs []string) {
	if f.r.IntN(2) == 0 {
		q := make([]string, len(vs))
		for i, v := range vs {
			q[i] = scalar(v)
		}
		f.b.WriteString(key + ": [" + strings.Join(q, ", ") + "]\n")
		return
	}
	f.b.WriteString(key + ":\n")
	for _, v := range vs {
		f.b.WriteString("  - " + scalar(v) + "\n")
	}
}

func (f *frontMatter) done() string { return "---\n" + f.b.String() + "---\n" }

// scalar writes v as a YAML scalar: plain when that reads back as the same
// string (or as the date or boolean it spells), double-quoted otherwise.
func scalar(v string) string {
	if plain(v) {
		return v
	}
	return strconv.Quote(v)
}

func plain(v string) bool {
	if v == "" || strings.TrimSpace(v) != v || strings.HasSuffix(v, ":") ||
		strings.Contains(v, ": ") || strings.Contains(v, " #") || strings.ContainsAny(v, "\"\\,[]{}\n\t") {
		return false
	}
	first := []rune(v)[0]
	if !unicode.IsLetter(first) && !unicode.IsDigit(first) {
		return false
	}
	switch strings.ToLower(v) {
	case "yes", "no", "on", "off", "y", "n", "null":
		return false
	}
	return true
}
