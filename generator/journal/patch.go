package journal

import (
	"fmt"
	"reflect"
	"slices"

	"kith/generator/content"
)

// NeedsBuild is what Patch returns for a change it does not link on its own:
// the journal must be built anew (Build). Reason says why, in words.
type NeedsBuild struct{ Reason string }

func (e *NeedsBuild) Error() string { return "the whole journal is linked again: " + e.Reason }

func needsBuild(format string, args ...any) error {
	return &NeedsBuild{Reason: fmt.Sprintf(format, args...)}
}

// Patch links again, in place, the notes at paths after set changed them,
// so that j is what Build(set, opt) would make, at the cost of what the
// change touches: the notes' own records, the people they name or named
// before (their entries, interactions, backlinks, favours, thanks,
// follow-ups, needs and matches) and the journal's lists gathered from
// everyone's (thanks, follow-ups, needs, upcoming dates, problems).
//
// Patch takes a change to person and entry notes that keeps the journal's
// shape: the same people, entries, orgs and tags under the same names, the
// same people known to each other (met.via, the links of #intro lines, the
// people of entries with two or more), no image. For anything else (a note
// added, removed or renamed, a name, alias, org, tag, expertise, role,
// contact or met.via changed, an event, kith.yaml, a draft, a new day) it
// returns a
// *NeedsBuild and leaves j as it was.
//
// j must not be read while Patch runs: the preview keeps two journals and
// patches the one it does not serve.
func (j *Journal) Patch(set *content.Set, paths []string, opt Options) error {
	if opt != j.opt {
		return needsBuild("the day or --drafts changed")
	}
	if !reflect.DeepEqual(set.Config, j.Config) {
		return needsBuild("%s changed", content.ConfigPath)
	}
	b := j.b
	paths = slices.Clone(paths)
	slices.Sort(paths)
	paths = slices.Compact(paths)

	// First make sure the change is one Patch takes, changing nothing.
	type personChange struct {
		p *Person
		x *content.Person
	}
	type entryChange struct {
		e      *Entry
		x      *content.Entry
		people []*Person
	}
	var people []personChange
	var entries []entryChange
	intros := false // a change to an introduction or its outcome
	for _, path := range paths {
		doc, ok := set.Docs[path]
		switch {
		case set.Config.Folders.KindOf(path) == content.Other:
			return needsBuild("%s is not a note", path)
		case !ok:
			return needsBuild("%s was removed or renamed", path)
		case doc.Person != nil:
			p := j.people[doc.Person.Slug]
			if p == nil || p.Path != path {
				return needsBuild("%s is a person the journal did not have", path)
			}
			if why := samePerson(p.Person, doc.Person); why != "" {
				return needsBuild("%s: %s", path, why)
			}
			was := b.introduced(p)
			saved := p.Person
			p.Person = doc.Person
			is := b.introduced(p)
			p.Person = saved
			if !samePeople(was, is) || !samePeople(is, was) {
				return needsBuild("%s: the people an #intro links changed (who knows whom)", path)
			}
			intros = intros || introLogs(p.Person) || introLogs(doc.Person)
			people = append(people, personChange{p, doc.Person})
		case doc.Entry != nil:
			e := j.entries[doc.Entry.Slug]
			if e == nil || e.Path != path {
				return needsBuild("%s is an entry the journal did not have", path)
			}
			if why := sameEntry(e.Entry, doc.Entry); why != "" {
				return needsBuild("%s: %s", path, why)
			}
			saved := b.problems
			ps := b.entryPeople(path, doc.Entry)
			b.problems = saved
			if (len(e.People) >= 2 || len(ps) >= 2) && !samePeople(e.People, ps) {
				return needsBuild("%s: the people of an entry with two or more changed (who knows whom)", path)
			}
			intros = intros || e.Kind == "intro" || doc.Entry.Kind == "intro" || slices.Contains(doc.Entry.Tags, "outcome")
			entries = append(entries, entryChange{e, doc.Entry, ps})
		case doc.Event != nil:
			return needsBuild("%s: an event changed", path)
		default:
			return needsBuild("%s is private or cannot be read", path)
		}
	}

	// Then link the notes again, noting whom that touches.
	affected := map[*Person]bool{}
	var events []*Event
	for _, c := range people {
		p := c.p
		affected[p] = true
		b.unmention(p.Body.Links, Mention{Person: p}, affected)
		p.Person = c.x
		b.problems = nil
		if v := p.Met.Via; v.Text != "" {
			b.person(p.Path, v, "met.via")
		}
		b.problems = append(b.problems, b.mentionsBy(p.Path, p.Body.Links, Mention{Person: p}, nil)...)
		b.mentioned(p.Body.Links, affected)
		j.setLinked(p.Path, b.problems)
	}
	for _, c := range entries {
		e := c.e
		for _, p := range e.People {
			p.Entries = slices.DeleteFunc(p.Entries, func(x *Entry) bool { return x == e })
			affected[p] = true
		}
		if ev := e.Event; ev != nil {
			ev.Entries = slices.DeleteFunc(ev.Entries, func(x *Entry) bool { return x == e })
			events = append(events, ev)
		}
		b.unmention(e.Body.Links, Mention{Entry: e}, affected)
		e.Entry = c.x
		b.problems = nil
		b.resolveEntry(e)
		b.problems = append(b.problems, b.mentionsBy(e.Path, e.Body.Links, Mention{Entry: e}, nil)...)
		b.mentioned(e.Body.Links, affected)
		j.setLinked(e.Path, b.problems)
		for _, p := range e.People {
			p.Entries = append(p.Entries, e)
			affected[p] = true
		}
		if ev := e.Event; ev != nil {
			ev.Entries = append(ev.Entries, e)
			events = append(events, ev)
		}
	}
	b.problems = nil
	for _, ev := range events {
		// As Build: in the journal's order, then oldest first.
		slices.SortFunc(ev.Entries, func(x, y *Entry) int {
			if n := x.Date.Compare(y.Date); n != 0 {
				return n
			}
			return x.idx - y.idx
		})
	}

	// Then derive again what the people touched have and give.
	touched := make([]*Person, 0, len(affected))
	for p := range affected {
		touched = append(touched, p)
	}
	slices.SortFunc(touched, func(x, y *Person) int { return x.idx - y.idx })
	for _, p := range touched {
		slices.SortFunc(p.Entries, func(x, y *Entry) int { return x.idx - y.idx })
		slices.SortFunc(p.Mentions, cmpMention)
	}
	// Introductions are few: found again in full when one may have changed
	// (who knows whom has not). Their people's hooks follow.
	var threaded []*Person
	if intros {
		for _, p := range j.People {
			if len(p.Threads) > 0 {
				threaded = append(threaded, p)
			}
		}
		b.intros()
		for _, p := range j.People {
			if len(p.Threads) > 0 {
				threaded = append(threaded, p)
			}
		}
	}
	for _, p := range touched {
		p.Interactions = nil
		b.logInteractions(p)
		for _, e := range p.Entries {
			p.Interactions = append(p.Interactions, b.entryInteraction(e, p, entrySource(e)))
		}
		sortInteractions(p.Interactions)
	}
	for _, p := range touched {
		b.derivePerson(p)
		b.needs(p)
		b.match(p)
		b.giving(p)
		b.hooks(p)
	}
	for _, p := range threaded {
		b.hooks(p)
	}
	b.gather(touched)
	j.problems(set)
	return nil
}

// samePerson says why a change to a person's note changes the journal's
// shape, or "" when it does not.
func samePerson(o, x *content.Person) string {
	switch {
	case o.Name != x.Name || o.Base != x.Base:
		return "the name changed"
	case !reflect.DeepEqual(o.Aliases, x.Aliases):
		return "the aliases changed"
	case o.Draft != x.Draft:
		return "draft changed"
	case o.Org != x.Org || o.Role != x.Role || !slices.Equal(o.Tags, x.Tags) || !slices.Equal(o.Expertise, x.Expertise):
		return "the org, role, tags or expertise changed (who could help whom)"
	case o.Met.Via.Text != x.Met.Via.Text:
		return "met.via changed"
	case o.Contact != x.Contact:
		return "the contact details changed (likely duplicates)"
	case len(o.Body.Images) > 0 || len(x.Body.Images) > 0:
		return "the note embeds images"
	}
	return ""
}

func introLogs(p *content.Person) bool {
	for i := range p.Logs {
		if p.Logs[i].Has("intro") || p.Logs[i].Has("outcome") {
			return true
		}
	}
	return false
}

// sameEntry says why a change to an entry changes the journal's shape, or
// "" when it does not. (Who it is with is compared once resolved.)
func sameEntry(o, x *content.Entry) string {
	switch {
	case o.Base != x.Base || o.Date != x.Date:
		return "the date or file name changed"
	case o.Draft != x.Draft:
		return "draft changed"
	case !slices.Equal(o.Tags, x.Tags):
		return "the tags changed"
	case len(o.Body.Images) > 0 || len(x.Body.Images) > 0:
		return "the note embeds images"
	}
	return ""
}

func samePeople(a, c []*Person) bool {
	if len(a) != len(c) {
		return false
	}
	for _, p := range a {
		if !hasPerson(c, p) {
			return false
		}
	}
	return true
}

// setLinked keeps the problems found linking the note at path.
func (j *Journal) setLinked(path string, ps content.Problems) {
	if len(ps) == 0 {
		delete(j.linked, path)
		return
	}
	j.linked[path] = slices.Clone(ps)
}

// unmention takes the backlinks from a note (from) off the people its
// links name, and adds those people to affected.
func (b *builder) unmention(links []content.Link, from Mention, affected map[*Person]bool) {
	for _, l := range links {
		q := b.target(l.Target).Person
		if q == nil {
			continue
		}
		q.Mentions = slices.DeleteFunc(q.Mentions, func(m Mention) bool { return sameNote(m, from) })
		affected[q] = true
	}
}

// mentioned adds to affected the people the links name.
func (b *builder) mentioned(links []content.Link, affected map[*Person]bool) {
	for _, l := range links {
		if q := b.target(l.Target).Person; q != nil {
			affected[q] = true
		}
	}
}

func sameNote(m, from Mention) bool {
	return m.Person == from.Person && m.Entry == from.Entry && m.Event == from.Event
}

// cmpMention orders backlinks as Build finds them: from people's notes in
// the journal's order, then entries', then events'.
func cmpMention(a, c Mention) int {
	rank := func(m Mention) (int, int) {
		switch {
		case m.Person != nil:
			return 0, m.Person.idx
		case m.Entry != nil:
			return 1, m.Entry.idx
		}
		return 2, m.Event.idx
	}
	ka, ia := rank(a)
	kc, ic := rank(c)
	if ka != kc {
		return ka - kc
	}
	return ia - ic
}

// sortInteractions puts interactions newest first, then by where they are
// written; sources are unique, so the order is total.
func sortInteractions(its []*Interaction) {
	slices.SortFunc(its, func(a, c *Interaction) int {
		if newer(a, c) {
			return -1
		}
		if newer(c, a) {
			return 1
		}
		return 0
	})
}
