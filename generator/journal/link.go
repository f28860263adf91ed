package journal

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"kith/generator/content"
)

func source(path string, line int) string { return path + ":" + strconv.Itoa(line) }

// link resolves every reference and records interactions, mentions,
// introductions, orgs and tags.
func (b *builder) link() {
	j := b.j
	// Backlinks touch nothing the rest of linking reads or writes (only
	// Person.Mentions and their own memo and problems), so they are found
	// on a second core meanwhile: the preview server links on every save.
	mentions := make(chan content.Problems, 1)
	go func() { mentions <- b.mentions() }() // ends when every body has been read
	for _, p := range j.People {
		if v := p.Met.Via; v.Text != "" {
			if via := b.person(p.Path, v, "met.via"); via != nil && via != p {
				p.IntroducedBy = via
				via.Introduced = append(via.Introduced, p)
			}
		}
		if p.Person.Org != "" {
			s := content.Slug(p.Person.Org)
			o := j.orgs[s]
			if o == nil {
				o = &Org{Name: p.Person.Org, Slug: s}
				j.orgs[s] = o
				j.Orgs = append(j.Orgs, o)
			}
			p.Org = o
			o.People = append(o.People, p)
		}
		for _, tg := range b.tags(p.Person.Tags) {
			p.Tags = append(p.Tags, tg)
			tg.People = append(tg.People, p)
		}
		b.logInteractions(p)
	}
	for _, e := range j.Events {
		for _, r := range e.Event.People {
			if p := b.person(e.Path, r, "people"); p != nil && !hasPerson(e.Attendees, p) {
				e.Attendees = append(e.Attendees, p)
				p.Events = append(p.Events, e)
			}
		}
	}
	for _, e := range j.Entries {
		b.resolveEntry(e)
		if e.Event != nil {
			e.Event.Entries = append(e.Event.Entries, e)
		}
		for _, tg := range e.Tags {
			tg.Entries = append(tg.Entries, e)
		}
		src := entrySource(e) // one string for all the entry's people
		for _, p := range e.People {
			p.Entries = append(p.Entries, e)
			p.Interactions = append(p.Interactions, b.entryInteraction(e, p, src))
		}
	}
	b.problems = append(b.problems, <-mentions...)
	sort.SliceStable(j.Orgs, func(a, c int) bool { return lessFold(j.Orgs[a].Name, j.Orgs[c].Name) })
	sort.SliceStable(j.Tags, func(a, c int) bool { return j.Tags[a].Slug < j.Tags[c].Slug })
	for _, p := range j.People {
		sortInteractions(p.Interactions)
		sort.SliceStable(p.Events, func(a, c int) bool { return p.Events[a].Date.After(p.Events[c].Date) })
	}
	for _, e := range j.Events {
		sort.SliceStable(e.Entries, func(a, c int) bool { return e.Entries[a].Date.Before(e.Entries[c].Date) })
	}
}

// logInteractions adds an interaction for each log line of p's note.
func (b *builder) logInteractions(p *Person) {
	for i := range p.Logs {
		l := &p.Logs[i]
		it := b.interaction()
		*it = Interaction{Date: l.Date, Person: p, Log: l, Source: source(p.Path, l.Line),
			Gave: l.Has("gave"), Received: l.Has("received"), Thanked: l.Has("thanked")}
		for _, t := range l.Tags {
			if isKind(t) {
				it.Kind = t
				break
			}
		}
		p.Interactions = append(p.Interactions, it)
	}
}

// resolveEntry finds the people, the event and the tags an entry names, and
// gives it its title. It records nothing on them.
func (b *builder) resolveEntry(e *Entry) {
	e.People, e.Event, e.Tags = b.entryPeople(e.Path, e.Entry), nil, nil
	if r := e.Entry.Event; r.Text != "" {
		e.Event = b.event(e.Path, r)
	}
	e.Title = e.Entry.Title
	if e.Title == "" {
		e.Title = defaultTitle(e)
	}
	e.Tags = b.tags(e.Entry.Tags)
	if len(e.Tags) == 0 {
		e.Tags = nil
	}
}

// entryPeople resolves the people an entry is with: those its with: names,
// or else the people its body links to.
func (b *builder) entryPeople(path string, x *content.Entry) []*Person {
	var out []*Person
	if x.HasWith {
		for _, r := range x.With {
			if p := b.person(path, r, "with"); p != nil && !hasPerson(out, p) {
				out = append(out, p)
			}
		}
		return out
	}
	for _, l := range x.Body.Links {
		if p := b.find(l.Target); p != nil && !hasPerson(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// entrySource is where an entry's interactions are written: its front
// matter.
func entrySource(e *Entry) string { return source(e.Path, max(e.Body.Line-1, 1)) }

// entryInteraction is the interaction an entry records with p; src is
// entrySource(e).
func (b *builder) entryInteraction(e *Entry, p *Person, src string) *Interaction {
	it := b.interaction()
	*it = Interaction{
		Date: e.Date, Kind: e.Kind, Person: p, Entry: e, Source: src,
		Gave: e.Gave != "", Received: e.Received != "", Thanked: e.ThankedSet,
	}
	return it
}

// newer orders interactions newest first, then by where they are written.
func newer(a, c *Interaction) bool {
	if n := a.Date.Compare(c.Date); n != 0 {
		return n > 0
	}
	return a.Source > c.Source
}

func lessFold(a, b string) bool {
	x, y := strings.ToLower(a), strings.ToLower(b)
	if x != y {
		return x < y
	}
	return a < b
}

func isKind(t string) bool {
	for _, k := range content.Kinds() {
		if k == t {
			return true
		}
	}
	return false
}

func hasPerson(list []*Person, p *Person) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}

// tags returns the tags named, each once: names that differ but share a
// slug ("Open Source", "open-source") are one tag. A map keeps it linear
// for a note with very many tags.
func (b *builder) tags(names []string) []*Tag {
	out := make([]*Tag, 0, len(names))
	var seen map[*Tag]bool
	if len(names) > 1 {
		seen = make(map[*Tag]bool, len(names))
	}
	for _, n := range names {
		t := b.tag(n)
		if seen != nil {
			if seen[t] {
				continue
			}
			seen[t] = true
		}
		out = append(out, t)
	}
	return out
}

func (b *builder) tag(name string) *Tag {
	s := content.Slug(name)
	t := b.j.tags[s]
	if t == nil {
		t = &Tag{Name: name, Slug: s}
		b.j.tags[s] = t
		b.j.Tags = append(b.j.Tags, t)
	}
	return t
}

func (b *builder) event(path string, r content.Ref) *Event {
	k := norm(r.Text)
	if e := b.j.events[content.Slug(k)]; e != nil {
		return e
	}
	var names []string
	for _, e := range b.j.Events {
		if strings.ToLower(e.Name) == k || strings.ToLower(e.Base) == k {
			return e
		}
		names = append(names, e.Slug)
	}
	msg := fmt.Sprintf("event: no event is called %q", r.Text)
	if s := content.Suggest(content.Slug(k), names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += "; add a note under " + b.j.Config.Folders.EventsDir() + " or fix the name"
	}
	b.problems = append(b.problems, content.Problem{Path: path, Line: r.Line, Severity: content.Error, Message: msg})
	return nil
}

func defaultTitle(e *Entry) string {
	kind := e.Kind
	if kind == "" {
		kind = "note"
	}
	title := strings.ToUpper(kind[:1]) + kind[1:]
	if len(e.People) == 0 {
		return title
	}
	names := make([]string, len(e.People))
	for i, p := range e.People {
		names[i] = p.Name
	}
	if len(names) > 1 {
		return title + " with " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return title + " with " + names[0]
}

// mentions records every body wikilink to a person as a backlink and
// returns warnings about links that name no one. The backlinks are found
// first, in the order of the notes, and each person's list is then made at
// its size rather than grown link by link.
func (b *builder) mentions() content.Problems {
	j := b.j
	var problems content.Problems
	n := 0
	for _, p := range j.People {
		n += len(p.Body.Links)
	}
	for _, e := range j.Entries {
		n += len(e.Body.Links)
	}
	for _, e := range j.Events {
		n += len(e.Body.Links)
	}
	bl := &backlinks{found: make([]backlink, 0, n), people: j.People, last: make([]int, len(j.People))}
	for _, p := range j.People {
		bl.note++
		problems = append(problems, b.mentionsBy(p.Path, p.Body.Links, Mention{Person: p}, bl)...)
	}
	for _, e := range j.Entries {
		bl.note++
		problems = append(problems, b.mentionsBy(e.Path, e.Body.Links, Mention{Entry: e}, bl)...)
	}
	for _, e := range j.Events {
		bl.note++
		problems = append(problems, b.mentionsBy(e.Path, e.Body.Links, Mention{Event: e}, bl)...)
	}
	count := make([]int, len(j.People))
	for _, f := range bl.found {
		count[f.to.idx]++
	}
	for _, f := range bl.found {
		q := f.to
		if q.Mentions == nil {
			q.Mentions = make([]Mention, 0, count[q.idx])
		}
		q.Mentions = append(q.Mentions, f.m)
	}
	return problems
}

// backlinks collects the backlinks mentions finds, note by note.
type backlinks struct {
	found  []backlink
	people []*Person // Journal.People
	last   []int     // by Person.idx: the note that last named them (note)
	note   int       // the note being read, counted from 1
}

// ppl reports whether q is the person at q.idx of the people bl was made
// for (any other is recorded directly, as Patch does).
func (bl *backlinks) ppl(q *Person) bool { return bl.people[q.idx] == q }

// backlink is a mention of the person to.
type backlink struct {
	to *Person
	m  Mention
}

// mentionsBy records the links of one note (from, with no line) to people
// as their backlinks, once per person at the first link's line, and returns
// warnings about links that name no one. With bl they are collected there
// (mentions) rather than appended to the people's lists.
func (b *builder) mentionsBy(path string, links []content.Link, from Mention, bl *backlinks) content.Problems {
	j := b.j
	var problems content.Problems
	{
		for _, l := range links {
			t := b.target(l.Target)
			if t.Person == nil && t.Event == nil && t.Entry == nil {
				if both := j.names.ambiguous(l.Target); both != nil {
					problems = append(problems, content.Problem{Path: path, Line: l.Line, Severity: content.Error, Message: "wikilink [[" + l.Target + "]]: " + whichOne(l.Target, both)})
					continue
				}
				msg := fmt.Sprintf("broken wikilink [[%s]]: no person, event or entry has that name", l.Target)
				if l.Markdown {
					msg = fmt.Sprintf("broken link to %s.md: no person, event or entry has that name", l.Target)
				}
				if s := j.Suggest(l.Target); s != "" {
					msg += fmt.Sprintf("; did you mean [[%s]]?", s)
				}
				problems = append(problems, content.Problem{Path: path, Line: l.Line, Severity: content.Warning, Message: msg})
				continue
			}
			if q := t.Person; q != nil && q != from.Person {
				m := from
				m.Line = l.Line
				if bl != nil && q.idx < len(bl.last) && bl.ppl(q) {
					if bl.last[q.idx] != bl.note {
						bl.last[q.idx] = bl.note
						bl.found = append(bl.found, backlink{q, m})
					}
				} else if !mentioned(q, from) {
					q.Mentions = append(q.Mentions, m)
				}
			}
		}
	}
	return problems
}

// mentioned reports whether the note being read already mentions p. Notes
// are read one at a time, so that can only be p's last mention; looking at
// no more keeps a much-mentioned person from costing a scan per link.
func mentioned(p *Person, from Mention) bool {
	if len(p.Mentions) == 0 {
		return false
	}
	m := p.Mentions[len(p.Mentions)-1]
	return m.Person == from.Person && m.Entry == from.Entry && m.Event == from.Event
}
