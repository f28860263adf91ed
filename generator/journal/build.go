package journal

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"kith/generator/content"
)

// Options says how to build the model.
type Options struct {
	Today  Date // the day the journal is seen from
	Drafts bool // include files marked draft: true
}

// Journal is the linked model of a whole journal, seen from one day.
type Journal struct {
	Config  content.Config
	Today   Date
	People  []*Person // by name
	Entries []*Entry  // newest first
	Events  []*Event  // by date, earliest first
	Orgs    []*Org    // by name
	Tags    []*Tag    // by name

	Favors      []*Favor    // open favours, oldest first
	Thanks      []*Thanks   // thanks given, newest first
	FollowUps   []*FollowUp // open follow-ups, most overdue first
	Connectors  []Connector // most introductions first
	Problems    content.Problems
	UpcomingAll []Upcoming   // events ahead and birthdays in the next year, soonest first
	EntryYears  []*EntryYear // newest year first

	Needs      []*Need        // everyone's needs, open and faded
	Help       []*Match       // open needs your own expertise meets
	Introduce  []*Match       // people who could meet someone's open need, best first
	Intros     []*Intro       // introductions you made, newest first
	Given      []*Interaction // help you gave, newest first; an entry with several people once
	PayForward []*PayForward  // helped you recently, not helped by you in a year; latest help first

	due, pending []*FollowUp

	people  map[string]*Person // by slug
	entries map[string]*Entry
	events  map[string]*Event
	orgs    map[string]*Org
	tags    map[string]*Tag
	names   *index

	// What Patch needs to link a change again without linking everything.
	opt    Options
	b      *builder                    // its memos of resolved references, the term indexes and known pairs
	static content.Problems            // problems of the journal's shape: slugs, aliases, likely duplicates
	linked map[string]content.Problems // problems found linking each note, by its path
}

// Person returns the person with the slug, or nil.
func (j *Journal) Person(slug string) *Person { return j.people[slug] }

// Entry returns the entry with the slug, or nil.
func (j *Journal) Entry(slug string) *Entry { return j.entries[slug] }

// Event returns the event with the slug, or nil.
func (j *Journal) Event(slug string) *Event { return j.events[slug] }

// Org returns the org with the slug, or nil.
func (j *Journal) Org(slug string) *Org { return j.orgs[slug] }

// Tag returns the tag with the slug, or nil.
func (j *Journal) Tag(slug string) *Tag { return j.tags[slug] }

// Build links a set of parsed files into a journal. The problems it finds
// (unknown references, duplicate people, broken wikilinks) are in
// Journal.Problems together with the set's own, sorted.
func Build(set *content.Set, opt Options) *Journal { return BuildWhile(set, opt, nil) }

// BuildWhile is Build that calls lay, if not nil, with the journal while a
// second goroutine derives its give-first part: Journal.Needs, Help,
// Introduce, Intros, Given and PayForward, and each person's Needs,
// Threads, follow-ups' Hooks and what Given and PayForward come from,
// and the journal's Problems. lay may read all the rest of the model
// (people, entries, events, orgs, tags, favours, thanks, follow-ups,
// connectors, upcoming dates, entry years) but none of these. BuildWhile returns when both are
// done (the goroutine ends when give's lists are gathered): the journal
// is then whole, and the same as Build's.
func BuildWhile(set *content.Set, opt Options, lay func(*Journal)) *Journal {
	j := &Journal{
		Config:  set.Config,
		Today:   opt.Today,
		people:  map[string]*Person{},
		entries: make(map[string]*Entry, len(set.Docs)),
		events:  map[string]*Event{},
		orgs:    map[string]*Org{},
		tags:    map[string]*Tag{},
	}
	b := &builder{j: j, drafts: map[string]string{}, people: map[string]*Person{}, targets: map[string]LinkTarget{}}
	j.opt, j.b = opt, b
	// Problems are kept by where they come from, so that Patch can replace
	// those of the notes it links again.
	b.collect(set, opt.Drafts)
	j.static = b.problems
	b.problems = nil
	b.link()
	j.linked = map[string]content.Problems{}
	for _, p := range b.problems {
		j.linked[p.Path] = append(j.linked[p.Path], p)
	}
	b.problems = nil
	// What is left is done on two goroutines: likely duplicates, the
	// problems and give on one (give once the follow-ups are known), the
	// views of today and lay on the other.
	shape := func() {
		b.duplicates()
		j.static = append(j.static, b.problems...)
		b.problems = nil
		j.problems(set)
	}
	if lay == nil {
		shape()
		b.deriveDated()
		b.deriveGiving()
		return j
	}
	dated, done := make(chan struct{}), make(chan struct{})
	go func() { // ends when give's lists are gathered
		defer close(done)
		shape()
		<-dated
		b.deriveGiving()
	}()
	b.deriveDated()
	close(dated)
	lay(j)
	<-done
	return j
}

// problems gathers the set's problems, the journal's shape's and each
// note's, sorted, into Problems.
func (j *Journal) problems(set *content.Set) {
	ps := append(set.AllProblems(), j.static...)
	for _, l := range j.linked {
		ps = append(ps, l...)
	}
	ps.Sort()
	j.Problems = ps
}

type builder struct {
	j        *Journal
	problems content.Problems
	drafts   map[string]string // reference keys of draft people → their name

	// The same few thousand names are written in tens of thousands of
	// references; resolving each spelling once keeps a rebuild fast (the
	// preview server rebuilds on every save).
	people  map[string]*Person    // reference as written → person, or nil
	targets map[string]LinkTarget // wikilink target as written → target

	known   map[pair]bool // who know each other already (knownPairs)
	helpers *termIndex    // everyone's expertise, role, org and tags
	owner   *termIndex    // your own expertise

	interactions []Interaction // the block new interactions come from
	entries      []Entry       // the block new entries come from
}

// slab is how many interactions or entries are allocated at once: tens of
// thousands of small objects cost less made a block at a time.
const slab = 1024

// interaction returns a new interaction from the current block.
func (b *builder) interaction() *Interaction {
	if len(b.interactions) == cap(b.interactions) {
		b.interactions = make([]Interaction, 0, slab)
	}
	b.interactions = b.interactions[:len(b.interactions)+1]
	return &b.interactions[len(b.interactions)-1]
}

// entry returns a new entry from the current block.
func (b *builder) entry() *Entry {
	if len(b.entries) == cap(b.entries) {
		b.entries = make([]Entry, 0, slab)
	}
	b.entries = b.entries[:len(b.entries)+1]
	return &b.entries[len(b.entries)-1]
}

// find resolves a person reference as written, once per spelling.
func (b *builder) find(ref string) *Person {
	p, ok := b.people[ref]
	if !ok {
		p = b.j.names.find(ref)
		b.people[ref] = p
	}
	return p
}

// target resolves a wikilink target as written, once per spelling.
func (b *builder) target(target string) LinkTarget {
	t, ok := b.targets[target]
	if !ok {
		t = b.j.Link(target)
		b.targets[target] = t
	}
	return t
}

func (b *builder) errorf(path string, line int, format string, args ...any) {
	b.problems = append(b.problems, content.Errorf(path, line, format, args...))
}

func (b *builder) warnf(path string, line int, format string, args ...any) {
	b.problems = append(b.problems, content.Warnf(path, line, format, args...))
}

// collect makes the nodes of the model, in path order so that the result
// does not depend on map order.
func (b *builder) collect(set *content.Set, drafts bool) {
	j := b.j
	paths := set.Paths()
	// Entries are most of a journal and need nothing from people or events
	// here, so they are gathered and sorted on a second goroutine meanwhile.
	entries := make(chan content.Problems, 1)
	go func() { entries <- b.collectEntries(set, paths, drafts) }() // ends when every entry is in
	for _, p := range paths {
		doc := set.Docs[p]
		if doc.Entry != nil {
			continue
		}
		if doc.IsDraft() && !drafts {
			if doc.Person != nil {
				for _, k := range personKeys(doc.Person) {
					b.drafts[k] = doc.Person.Name
				}
			}
			continue
		}
		switch {
		case doc.Person != nil:
			x := doc.Person
			if x.Name == "" {
				continue // already reported
			}
			if other := j.people[x.Slug]; other != nil {
				b.errorf(x.Path, 1, "two people have the slug %q: this file and %s; rename one file", x.Slug, other.Path)
				continue
			}
			// Two people may share a name (address books have them): a
			// reference by that name alone is reported where it is made.
			pp := &Person{Person: x}
			j.people[x.Slug] = pp
			j.People = append(j.People, pp)
		case doc.Event != nil:
			x := doc.Event
			if x.Name == "" {
				continue
			}
			if other := j.events[x.Slug]; other != nil {
				b.errorf(x.Path, 1, "two events have the slug %q: this file and %s; rename one file", x.Slug, other.Path)
				continue
			}
			e := &Event{Event: x}
			j.events[x.Slug] = e
			j.Events = append(j.Events, e)
		}
	}
	// Names and slugs are unique by now, and so are dates with slugs: these
	// are total orders, so the faster unstable sort gives the same result.
	// Each name lowered once, not at every comparison.
	type named struct {
		lower string
		p     *Person
	}
	byName := make([]named, len(j.People))
	for i, p := range j.People {
		byName[i] = named{strings.ToLower(p.Name), p}
	}
	slices.SortFunc(byName, func(a, c named) int {
		if n := strings.Compare(a.lower, c.lower); n != 0 {
			return n
		}
		return strings.Compare(a.p.Slug, c.p.Slug)
	})
	for i := range byName {
		j.People[i] = byName[i].p
	}
	sort.SliceStable(j.Events, func(a, c int) bool {
		x, y := j.Events[a], j.Events[c]
		if n := x.Date.Compare(y.Date); n != 0 {
			return n < 0
		}
		return x.Slug < y.Slug
	})
	for i, p := range j.People {
		p.idx = i
	}
	for i, e := range j.Events {
		e.idx = i
	}
	j.names = newIndex(j.People, b)
	b.problems = append(b.problems, <-entries...)
}

// collectEntries makes the journal's entries, newest first, and returns
// the problems found. It touches only the entries' part of the model, so
// it runs while collect does people and events.
func (b *builder) collectEntries(set *content.Set, paths []string, drafts bool) content.Problems {
	j := b.j
	var problems content.Problems
	for _, p := range paths {
		x := set.Docs[p].Entry
		if x == nil || (x.Draft && !drafts) {
			continue
		}
		if other := j.entries[x.Slug]; other != nil {
			problems = append(problems, content.Errorf(x.Path, 1, "two entries have the slug %q: this file and %s; rename one file", x.Slug, other.Path))
			continue
		}
		e := b.entry()
		e.Entry = x
		j.entries[x.Slug] = e
		j.Entries = append(j.Entries, e)
	}
	newestFirst(j.Entries)
	for i, e := range j.Entries {
		e.idx = i
	}
	return problems
}

// newestFirst sorts entries by date, newest first, then by slug. Files are
// usually named by date, so in path order they are oldest first already:
// turning the runs of each day around is then enough, in linear time.
func newestFirst(es []*Entry) {
	cmp := func(x, y *Entry) int {
		if n := x.Date.Compare(y.Date); n != 0 {
			return -n
		}
		return strings.Compare(x.Slug, y.Slug)
	}
	out := make([]*Entry, 0, len(es))
	for end := len(es); end > 0; {
		start := end - 1
		for start > 0 && es[start-1].Date == es[end-1].Date {
			start--
		}
		out = append(out, es[start:end]...)
		end = start
	}
	copy(es, out)
	if !slices.IsSortedFunc(es, cmp) {
		slices.SortFunc(es, cmp)
	}
}

// personKeys lists the words a reference may use for a person.
func personKeys(p *content.Person) []string {
	keys := []string{norm(p.Name), norm(p.Base), p.Slug}
	for _, a := range p.Aliases {
		keys = append(keys, norm(a.Text))
	}
	return keys
}

// norm prepares a reference for lookup: "[[Dana Okafor|Dana]]" → "dana okafor".
func norm(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[[") && strings.HasSuffix(s, "]]") {
		s, _ = content.ParseWikilink(s[2 : len(s)-2])
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// index finds people by name, alias, file name, path or slug.
type index struct {
	exact map[string]*Person
	slug  map[string]*Person
	// paths finds a person by the end of their note's path without .md,
	// as Obsidian links to a note in a folder: "people/dana okafor". A path
	// end two notes share maps to nil.
	paths map[string]*Person
	// shared lists the people a name belongs to when two or more have it:
	// a reference by that name is ambiguous and names no one.
	shared map[string][]*Person
	all    []string // every name and alias, for suggestions
}

func newIndex(people []*Person, b *builder) *index {
	// Made at about their size: a name, a file name and a slug a person
	// in exact, a path or two in paths.
	n := len(people)
	ix := &index{exact: make(map[string]*Person, 3*n), slug: make(map[string]*Person, n), paths: make(map[string]*Person, 2*n),
		shared: map[string][]*Person{}, all: make([]string, 0, n)}
	// Names first, so that a name always wins over someone else's alias.
	for _, p := range people {
		k := norm(p.Name)
		if other, ok := ix.exact[k]; ok && other != p {
			if len(ix.shared[k]) == 0 {
				ix.shared[k] = []*Person{other}
			}
			ix.shared[k] = append(ix.shared[k], p)
		} else if !ok {
			ix.all = append(ix.all, p.Name)
		}
		ix.exact[k] = p
		ix.slug[p.Slug] = p
	}
	for k := range ix.shared {
		delete(ix.exact, k)
	}
	for _, p := range people {
		for _, k := range []string{norm(p.Base), p.Slug} {
			if _, ok := ix.exact[k]; !ok && ix.shared[k] == nil {
				ix.exact[k] = p
			}
		}
		stem := norm(strings.TrimSuffix(p.Path, ".md"))
		for end := stem; strings.Contains(end, "/"); end = end[strings.IndexByte(end, '/')+1:] {
			if other, ok := ix.paths[end]; ok && other != p {
				ix.paths[end] = nil
			} else if !ok {
				ix.paths[end] = p
			}
		}
	}
	for _, p := range people {
		for _, a := range p.Aliases {
			k := norm(a.Text)
			if other, ok := ix.exact[k]; ok && other != p {
				b.warnf(p.Path, a.Line, "alias %q already names %s; references to it go to %s", a.Text, other.Name, other.Name)
				continue
			}
			if ix.shared[k] != nil {
				b.warnf(p.Path, a.Line, "alias %q is the name of %d people; it names no one", a.Text, len(ix.shared[k]))
				continue
			}
			ix.exact[k] = p
			ix.all = append(ix.all, a.Text)
		}
	}
	sort.Strings(ix.all)
	return ix
}

// key is a reference as the index looks it up: normalised, without .md.
func key(ref string) string {
	k := norm(ref)
	if s, ok := strings.CutSuffix(k, ".md"); ok && s != "" {
		k = s
	}
	return k
}

func (ix *index) find(ref string) *Person {
	k := key(ref)
	if p := ix.exact[k]; p != nil {
		return p
	}
	if strings.Contains(k, "/") {
		if p := ix.paths[strings.TrimPrefix(k, "/")]; p != nil {
			return p
		}
		return nil
	}
	if ix.shared[k] != nil {
		return nil
	}
	return ix.slug[content.Slug(k)]
}

// ambiguous returns the people a reference may mean when it is a name two
// or more people share, or nil.
func (ix *index) ambiguous(ref string) []*Person { return ix.shared[key(ref)] }

// whichOne says which people a shared name belongs to, and how to name
// each: by its file name, or by its path when the file name is the name.
func whichOne(ref string, people []*Person) string {
	paths := make([]string, len(people))
	ways := make([]string, len(people))
	for i, p := range people {
		paths[i] = p.Path
		ways[i] = "[[" + p.Base + "]]"
		if key(p.Base) == key(ref) {
			ways[i] = "[[" + strings.TrimSuffix(p.Path, ".md") + "]]"
		}
	}
	return fmt.Sprintf("%q is the name of %d people: %s; say which one with its file name or path: %s",
		ref, len(people), strings.Join(paths, ", "), strings.Join(ways, " or "))
}

// person resolves a front-matter reference, reporting an unknown one.
func (b *builder) person(path string, r content.Ref, field string) *Person {
	if strings.TrimSpace(r.Text) == "" {
		return nil
	}
	if p := b.find(r.Text); p != nil {
		return p
	}
	if both := b.j.names.ambiguous(r.Text); both != nil {
		b.errorf(path, r.Line, "%s: %s", field, whichOne(r.Text, both))
		return nil
	}
	if name, ok := b.drafts[norm(r.Text)]; ok {
		b.warnf(path, r.Line, "%s: %q is a draft (%s); it appears only with --drafts", field, r.Text, name)
		return nil
	}
	msg := fmt.Sprintf("%s: no person is called %q", field, r.Text)
	if s := content.Suggest(norm(r.Text), b.j.names.all); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += "; add a note under " + b.j.Config.Folders.PeopleDir() + " or fix the name"
	}
	b.problems = append(b.problems, content.Problem{Path: path, Line: r.Line, Severity: content.Error, Message: msg})
	return nil
}

// Resolve finds a person by a reference as a note may write it: a name,
// alias, file name or slug, case-insensitive, or a "[[wikilink]]".
func (j *Journal) Resolve(ref string) *Person { return j.names.find(ref) }

// Suggest returns the name or alias closest to an unknown reference, or "".
func (j *Journal) Suggest(ref string) string { return content.Suggest(norm(ref), j.names.all) }

// LinkTarget is what a [[wikilink]] points at: a person, an event or an entry.
type LinkTarget struct {
	Person *Person
	Event  *Event
	Entry  *Entry
}

// Link resolves a wikilink target: first people, then events, then entries.
func (j *Journal) Link(target string) LinkTarget {
	if p := j.names.find(target); p != nil {
		return LinkTarget{Person: p}
	}
	k := key(target)
	if i := strings.LastIndexByte(k, '/'); i >= 0 {
		k = k[i+1:] // [[Events/Summit]]: events and entries are found by file name
	}
	s := content.Slug(k)
	if e := j.events[s]; e != nil {
		return LinkTarget{Event: e}
	}
	for _, e := range j.Events {
		if strings.ToLower(e.Name) == k {
			return LinkTarget{Event: e}
		}
	}
	if e := j.entries[s]; e != nil {
		return LinkTarget{Entry: e}
	}
	return LinkTarget{}
}
