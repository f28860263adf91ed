package journal

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"kith/generator/content"
)

// Give first: what people need, who could help them, the introductions you
// made and what came of them, and a reason to reach out to each follow-up.
// Everything here is derived from the notes alone; nothing is scored or
// counted against anyone.

// NeedMonths is how long a dated need stays open: a need dated more than
// twelve months before today has faded and is no longer matched. A need
// without a date stays open until it is taken out of the note.
const NeedMonths = 12

// RecentDays is how far back "recently" reaches: help received from someone
// recently, the help you gave them within it, a new role worth a hook.
const RecentDays = 365

// AnniversaryDays is how near today the anniversary of meeting must fall to
// be a hook, before or after.
const AnniversaryDays = 30

// MaxHooks is how many hooks a follow-up carries at most.
const MaxHooks = 3

// maxHelpers is how many people are suggested for one need, best first.
const maxHelpers = 3

// Need is something a person is looking for, from their note's needs field,
// a #needs log line, or an entry tagged needs.
type Need struct {
	Person *Person
	Text   string
	Date   Date // zero when the note does not say
	Source string
	Open   bool     // not faded: undated, or dated within NeedMonths
	You    *Match   // set when your own expertise meets it
	Help   []*Match // people who could meet it, best first
}

// Match is someone (or you) whose expertise, role, org or tags meet a need.
type Match struct {
	Need    *Need
	Helper  *Person // nil when the helper is you, the journal's owner
	Field   string  // "expertise", "role", "org" or "tags"
	Term    string  // the helper's value that matched, as written
	Words   []string
	Because string // the match explained in words
	score   int
}

// Intro is an introduction you made between two people, and what came of
// it: introduced → outcome.
type Intro struct {
	People        [2]*Person // in name order
	Date          Date
	Source        string
	Entry         *Entry // when logged as an entry of kind intro
	Outcome       string // the text of the first later #outcome line; "" while open
	OutcomeDate   Date
	OutcomeSource string
}

// Other returns the person p was introduced to.
func (i *Intro) Other(p *Person) *Person {
	if i.People[0] == p {
		return i.People[1]
	}
	return i.People[0]
}

// PayForward is someone who helped you recently whom you have not helped in
// a year, with what they are looking for.
type PayForward struct {
	Person   *Person
	Received Date // the latest help received
	Needs    []*Need
}

// Hook kinds, in the order they are picked.
const (
	HookHelp        = "help"        // an open need you or someone you know could meet
	HookThread      = "thread"      // an introduction with no outcome yet
	HookJob         = "job"         // a new role since the last import
	HookAnniversary = "anniversary" // the anniversary of meeting is near
	HookLikes       = "likes"       // something they like
	HookLast        = "last"        // the last thing you talked about
)

// Hook is a reason to reach out, in words.
type Hook struct {
	Kind string
	Text string
}

// give derives needs, matches, introductions and hooks. It runs after the
// follow-ups are known.
func (b *builder) give() {
	j := b.j
	b.known = b.knownPairs()
	b.intros()
	for _, p := range j.People {
		b.needs(p)
	}
	b.helpers = newTermIndex(j.People)
	b.owner = newTermIndex(nil)
	for _, t := range j.Config.OwnerExpertise {
		b.owner.add(0, "expertise", t)
	}
	// Matching is most of give, and each person's needs are matched on
	// their own (reading the indexes and known, counting in a scratch):
	// the first half of the people are matched on a second goroutine.
	half := len(j.People) / 2
	done := make(chan struct{})
	go func() { // ends when the first half are matched
		defer close(done)
		var owner, helpers scratch
		for _, p := range j.People[:half] {
			b.matchIn(&owner, &helpers, p)
		}
	}()
	for _, p := range j.People[half:] {
		b.match(p)
	}
	<-done
	for _, p := range j.People {
		b.giving(p)
	}
	for _, p := range j.People {
		b.hooks(p)
	}
}

// match finds who could meet each of p's open needs: you, and up to
// maxHelpers people p does not know yet.
func (b *builder) match(p *Person) { b.matchIn(&b.owner.sc, &b.helpers.sc, p) }

// matchIn is match counting in the scratches given, for b.owner's and
// b.helpers' best: it writes only p's needs.
func (b *builder) matchIn(owner, helpers *scratch, p *Person) {
	for _, n := range p.Needs {
		if !n.Open {
			continue
		}
		words := stems(n.Text)
		if m := b.owner.bestIn(owner, n, words, nil, nil); len(m) > 0 {
			n.You = m[0]
		}
		n.Help = b.helpers.bestIn(helpers, n, words, n.Person, b.known)
	}
}

// giving finds the help you gave p that Journal.Given counts with them (an
// entry with several people counts once, with the first of them by name),
// and whether p is someone to pay forward.
func (b *builder) giving(p *Person) {
	j := b.j
	p.given = nil
	for _, it := range p.Interactions {
		if !it.Gave || it.Date.After(j.Today) || it.Entry != nil && firstOf(it.Entry.People) != p {
			continue
		}
		p.given = append(p.given, it)
	}
	p.pay = b.payForward(p)
}

// firstOf returns the person who comes first in Journal.People.
func firstOf(people []*Person) *Person {
	var first *Person
	for _, p := range people {
		if first == nil || p.idx < first.idx {
			first = p
		}
	}
	return first
}

// hooks gives p's follow-ups their reasons to reach out.
func (b *builder) hooks(p *Person) {
	if len(p.FollowUps) == 0 {
		return
	}
	hooks := b.j.Hooks(p)
	for _, f := range p.FollowUps {
		f.Hooks = hooks
	}
}

// cmpNeed orders needs newest first (undated last), then by person and text.
func cmpNeed(a, c *Need) int {
	if n := a.Date.Compare(c.Date); n != 0 {
		return -n
	}
	if a.Person != c.Person {
		return strings.Compare(a.Person.Slug, c.Person.Slug)
	}
	return strings.Compare(a.Text, c.Text)
}

// Open reports whether a need dated d is still open on today: undated needs
// are, dated ones for NeedMonths.
func needOpen(d, today Date) bool {
	if d.IsZero() {
		return true
	}
	return !content.DateOf(d.Time().AddDate(0, NeedMonths, 0)).Before(today)
}

// needs gathers p's needs from the note's needs field, #needs log lines and
// entries tagged needs; open ones newest first, then faded ones.
func (b *builder) needs(p *Person) {
	j := b.j
	p.Needs = nil
	add := func(text string, d Date, src string) {
		if text = strings.TrimSpace(text); text == "" {
			return
		}
		n := &Need{Person: p, Text: text, Date: d, Source: src, Open: needOpen(d, j.Today)}
		p.Needs = append(p.Needs, n)
	}
	for _, n := range p.Person.Needs {
		add(n.Text, n.Date, source(p.Path, n.Line))
	}
	for i := range p.Logs {
		if l := &p.Logs[i]; l.Has("needs") {
			add(needText(l.Text), l.Date, source(p.Path, l.Line))
		}
	}
	for _, e := range p.Entries {
		if slices.Contains(e.Entry.Tags, "needs") {
			add(e.Title, e.Date, source(e.Path, 1))
		}
	}
	slices.SortStableFunc(p.Needs, func(a, c *Need) int {
		if a.Open != c.Open {
			if a.Open {
				return -1
			}
			return 1
		}
		return cmpNeed(a, c)
	})
}

// needText is a #needs log line without its labels: "Looking for a
// designer. #needs #call" is "Looking for a designer.".
func needText(s string) string {
	words := strings.Fields(content.Unlabel(s))
	out := words[:0]
	for _, w := range words {
		if t := strings.ToLower(strings.TrimRight(w, ".,;:!?")); t == "#needs" || t == "#need" {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// pair is two people in slug order, the key of "already know each other".
type pair [2]*Person

// knows reports whether a and c know each other already: the same person,
// a pair in known, or colleagues at the same org.
func knows(a, c *Person, known map[pair]bool) bool {
	return a == c || a.Org != nil && a.Org == c.Org || known[pairOf(a, c)]
}

func pairOf(a, c *Person) pair {
	if c.Slug < a.Slug {
		a, c = c, a
	}
	return pair{a, c}
}

// knownPairs finds who already know each other through you: met.via, an
// introduction logged (an #intro log line in one's note linking the other,
// or any entry with both, an introduction or not). (People at the same org
// are taken to know each other too: see knows.)
func (b *builder) knownPairs() map[pair]bool {
	j := b.j
	known := map[pair]bool{}
	for _, p := range j.People {
		if p.IntroducedBy != nil {
			known[pairOf(p, p.IntroducedBy)] = true
		}
		for _, o := range b.introduced(p) {
			known[pairOf(p, o)] = true
		}
	}
	for _, e := range j.Entries {
		ps := e.People
		for x := range ps {
			for y := x + 1; y < len(ps); y++ {
				known[pairOf(ps[x], ps[y])] = true
			}
		}
	}
	return known
}

// introduced lists the people p's #intro log lines link to, but p.
func (b *builder) introduced(p *Person) []*Person {
	var out []*Person
	for i := range p.Logs {
		l := &p.Logs[i]
		if !l.Has("intro") {
			continue
		}
		for _, ln := range l.Links {
			if o := b.find(ln.Target); o != nil && o != p {
				out = append(out, o)
			}
		}
	}
	return out
}

// intros records the introductions you made: an entry of kind intro with
// both in with, or an #intro log line in one's note linking the other. An
// intro logged between two people one of whom is the other's met.via is
// theirs (they introduced you), not yours. The first introduction of two
// people is the one.
func (b *builder) intros() {
	j := b.j
	intros := map[pair]*Intro{}
	intro := func(a, c *Person, d Date, src string, e *Entry) {
		if a == c || a.IntroducedBy == c || c.IntroducedBy == a {
			return
		}
		k := pairOf(a, c)
		if old := intros[k]; old != nil && !d.Before(old.Date) {
			return // the first introduction is the one
		}
		ps := [2]*Person{a, c}
		if lessFold(c.Name, a.Name) {
			ps = [2]*Person{c, a}
		}
		intros[k] = &Intro{People: ps, Date: d, Source: src, Entry: e}
	}
	for _, p := range j.People {
		p.Threads = nil
		for i := range p.Logs {
			l := &p.Logs[i]
			if !l.Has("intro") {
				continue
			}
			for _, ln := range l.Links {
				if o := b.find(ln.Target); o != nil {
					intro(p, o, l.Date, source(p.Path, l.Line), nil)
				}
			}
		}
	}
	for _, e := range j.Entries {
		ps := e.People
		if e.Kind != "intro" || len(ps) < 2 {
			continue
		}
		for x := range ps {
			for y := x + 1; y < len(ps); y++ {
				intro(ps[x], ps[y], e.Date, source(e.Path, 1), e)
			}
		}
	}
	j.Intros = nil
	for _, in := range intros {
		b.outcome(in)
		j.Intros = append(j.Intros, in)
		for _, p := range in.People {
			p.Threads = append(p.Threads, in)
		}
	}
	// Newest first; an entry with three people makes three introductions
	// of one day and source, told apart by the people's slugs.
	byDate := func(a, c *Intro) int {
		if n := a.Date.Compare(c.Date); n != 0 {
			return -n
		}
		if n := strings.Compare(a.Source, c.Source); n != 0 {
			return n
		}
		if n := strings.Compare(a.People[0].Slug, c.People[0].Slug); n != 0 {
			return n
		}
		return strings.Compare(a.People[1].Slug, c.People[1].Slug)
	}
	slices.SortFunc(j.Intros, byDate)
	for _, p := range j.People {
		slices.SortFunc(p.Threads, byDate)
	}
}

// outcome finds what came of an introduction: the first #outcome log line on
// or after its day in either person's note that links no one, or the other
// person; or an entry tagged outcome with both.
func (b *builder) outcome(in *Intro) {
	set := func(text string, d Date, src string) {
		if in.Outcome != "" && !d.Before(in.OutcomeDate) {
			return
		}
		in.Outcome, in.OutcomeDate, in.OutcomeSource = text, d, src
	}
	for k, p := range in.People {
		other := in.People[1-k]
		for i := range p.Logs {
			l := &p.Logs[i]
			if !l.Has("outcome") || l.Date.Before(in.Date) {
				continue
			}
			ok := len(l.Links) == 0
			for _, ln := range l.Links {
				ok = ok || b.find(ln.Target) == other
			}
			if ok {
				set(labelless(l.Text, "outcome"), l.Date, source(p.Path, l.Line))
			}
		}
		for _, e := range p.Entries {
			if !e.Date.Before(in.Date) && slices.Contains(e.Entry.Tags, "outcome") && hasPerson(e.People, other) {
				set(e.Title, e.Date, source(e.Path, 1))
			}
		}
	}
}

// labelless is a log line's text without kith's labels and the hashtag tag.
func labelless(s, tag string) string {
	words := strings.Fields(content.Unlabel(s))
	out := words[:0]
	for _, w := range words {
		if strings.ToLower(strings.TrimRight(w, ".,;:!?")) != "#"+tag {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// payForward returns p when they helped you within RecentDays and you have
// not helped them within a year, with their open needs.
func (b *builder) payForward(p *Person) *PayForward {
	today := b.j.Today
	var received Date
	for _, it := range p.Interactions { // newest first
		if it.Date.After(today) || it.Date.DaysUntil(today) > RecentDays {
			continue
		}
		if it.Gave {
			return nil
		}
		if it.Received && received.IsZero() {
			received = it.Date
		}
	}
	if received.IsZero() {
		return nil
	}
	pf := &PayForward{Person: p, Received: received}
	for _, n := range p.Needs {
		if n.Open {
			pf.Needs = append(pf.Needs, n)
		}
	}
	return pf
}

// Hooks returns up to MaxHooks reasons to reach out to p, in this order: an
// open need you or someone you know could meet, an introduction with no
// outcome yet, a new role (a #job log line within RecentDays), the
// anniversary of meeting within AnniversaryDays, something they like, and
// the last thing you talked about.
func (j *Journal) Hooks(p *Person) []Hook {
	var hooks []Hook
	add := func(kind, text string) {
		if len(hooks) < MaxHooks {
			hooks = append(hooks, Hook{Kind: kind, Text: text})
		}
	}
	if n := needHook(p); n != nil {
		if n.You != nil {
			add(HookHelp, fmt.Sprintf("Open need: %s. You know %s.", trimStop(n.Text), n.You.Term))
		} else {
			m := n.Help[0]
			add(HookHelp, fmt.Sprintf("Open need: %s. You could introduce %s (%s).", trimStop(n.Text), m.Helper.Name, m.Term))
		}
	}
	for _, in := range p.Threads {
		if in.Outcome == "" && !in.Date.After(j.Today) {
			add(HookThread, fmt.Sprintf("Ask how the introduction to %s went (%s).", in.Other(p).Name, in.Date))
			break
		}
	}
	for i := len(p.Logs) - 1; i >= 0; i-- {
		l := &p.Logs[i]
		if l.Has("job") && !l.Date.After(j.Today) && l.Date.DaysUntil(j.Today) <= RecentDays {
			add(HookJob, "Congratulate them on the new role: "+trimStop(labelless(l.Text, "job"))+".")
			break
		}
	}
	if met := p.Met.Date; !met.IsZero() && met.Year < j.Today.Year+1 {
		for _, y := range []int{j.Today.Year - 1, j.Today.Year, j.Today.Year + 1} {
			years := y - met.Year
			if years < 1 {
				continue
			}
			day := content.DateOf(time.Date(y, met.Month, met.Day, 0, 0, 0, 0, time.UTC))
			if d := j.Today.DaysUntil(day); d >= -AnniversaryDays && d <= AnniversaryDays {
				where := ""
				if p.Met.Where != "" {
					where = " at " + p.Met.Where
				}
				add(HookAnniversary, fmt.Sprintf("You met %s ago on %s%s.", plural(years, "year"), met, where))
				break
			}
		}
	}
	if len(p.Likes) > 0 {
		add(HookLikes, "They like "+strings.Join(p.Likes[:min(2, len(p.Likes))], " and ")+".")
	}
	for _, it := range p.Interactions {
		if !it.Date.After(j.Today) && it.Contact() {
			title := it.Title()
			if it.Log != nil {
				title = content.Unlabel(title)
			}
			add(HookLast, fmt.Sprintf("Last time (%s): %s", it.Date, title))
			break
		}
	}
	return hooks
}

// needHook picks the open need of p to mention: the newest one you can
// meet yourself, else the newest one someone you know could meet.
func needHook(p *Person) *Need {
	var other *Need
	for _, n := range p.Needs {
		switch {
		case !n.Open:
		case n.You != nil:
			return n
		case len(n.Help) > 0 && other == nil:
			other = n
		}
	}
	return other
}

// Contact reports whether the interaction was contact with the person: a
// #job log line only records a change kith noticed on import.
func (i *Interaction) Contact() bool { return i.Log == nil || !i.Log.Has("job") }

// trimStop drops a final full stop, so that text can go inside a sentence.
func trimStop(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".") }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// fieldWeight ranks where a match was found: what someone knows counts for
// more than where they work or how they are tagged.
var fieldWeight = map[string]int{"expertise": 3, "role": 2, "org": 2, "tags": 1}

// posting is one helper's term.
type posting struct {
	who   int32 // the helper's index in termIndex.people
	field string
	term  string
	words int // how many different stems the term has
}

// termIndex maps each folded word stem to the terms that hold it.
type termIndex struct {
	people []*Person // nil for you
	terms  []posting
	byStem map[string][]int32 // stem → indexes into terms
	memo   map[string][]string

	sc scratch // best's, for the goroutine that made the index
}

// scratch is what termIndex.best counts in, zero between calls: a
// goroutine matching with an index it did not make brings its own.
type scratch struct {
	count []uint8 // shared stems per term
	top   []int32 // per helper: 1 + the index of their best term, 0 for none
}

func newTermIndex(people []*Person) *termIndex {
	ix := &termIndex{people: people, byStem: map[string][]int32{}, memo: map[string][]string{}}
	for i, p := range people {
		who := int32(i)
		for _, t := range p.Expertise {
			ix.add(who, "expertise", t)
		}
		ix.add(who, "role", p.Role)
		if p.Org != nil {
			ix.add(who, "org", p.Org.Name)
		}
		for _, t := range p.Person.Tags {
			ix.add(who, "tags", t)
		}
	}
	if people == nil {
		ix.people = []*Person{nil}
	}
	return ix
}

func (ix *termIndex) add(who int32, field, term string) {
	distinct, ok := ix.memo[term] // the same few hundred terms recur
	if !ok {
		distinct = distinctStems(stems(term))
		ix.memo[term] = distinct
	}
	if len(distinct) == 0 {
		return
	}
	id := int32(len(ix.terms))
	ix.terms = append(ix.terms, posting{who, field, term, len(distinct)})
	for _, st := range distinct {
		ix.byStem[st] = append(ix.byStem[st], id)
	}
}

func distinctStems(ws []word) []string {
	var out []string
	for _, w := range ws {
		if !slices.Contains(out, w.stem) {
			out = append(out, w.stem)
		}
	}
	return out
}

// best returns up to maxHelpers matches for need n (whose words are given),
// one per helper, best first; it leaves out the person in need and anyone
// they already know (knows). A term matches when the need has every word of it
// ("tax law" does not meet "employment law") or at least two. Each helper
// counts with their best term; only helpers that would enter the top few
// are checked against known, which keeps a common word cheap.
func (ix *termIndex) best(n *Need, words []word, self *Person, known map[pair]bool) []*Match {
	return ix.bestIn(&ix.sc, n, words, self, known)
}

// bestIn is best counting in sc, which may be any goroutine's: it reads
// the index and known and writes nothing else.
func (ix *termIndex) bestIn(sc *scratch, n *Need, words []word, self *Person, known map[pair]bool) []*Match {
	if len(sc.count) < len(ix.terms) {
		sc.count = make([]uint8, len(ix.terms))
		sc.top = make([]int32, len(ix.people))
	}
	var touched []int32
	for _, st := range distinctStems(words) {
		for _, id := range ix.byStem[st] {
			if sc.count[id] == 0 {
				touched = append(touched, id)
			}
			if sc.count[id] < 255 {
				sc.count[id]++
			}
		}
	}
	score := func(id int32) int { return int(sc.count[id]) * fieldWeight[ix.terms[id].field] }
	var helpers []int32
	for _, id := range touched {
		ps := &ix.terms[id]
		if int(sc.count[id]) < min(ps.words, 2) {
			continue
		}
		b := sc.top[ps.who]
		if b == 0 {
			helpers = append(helpers, ps.who)
		} else if sb, s := score(b-1), score(id); sb > s || sb == s && ix.terms[b-1].term <= ps.term {
			continue
		}
		sc.top[ps.who] = id + 1
	}
	better := func(a, c *Match) bool {
		if a.score != c.score {
			return a.score > c.score
		}
		if a.Helper == nil || c.Helper == nil {
			return a.Term < c.Term
		}
		return a.Helper.Slug < c.Helper.Slug
	}
	var out []*Match
	for _, who := range helpers {
		id := sc.top[who] - 1
		sc.top[who] = 0
		ps := &ix.terms[id]
		m := &Match{Need: n, Helper: ix.people[who], Field: ps.field, Term: ps.term, score: score(id)}
		if len(out) == maxHelpers && !better(m, out[maxHelpers-1]) {
			continue
		}
		if h := m.Helper; h != nil && knows(h, self, known) {
			continue
		}
		at := len(out)
		for at > 0 && better(m, out[at-1]) {
			at--
		}
		out = slices.Insert(out, at, m)
		out = out[:min(len(out), maxHelpers)]
	}
	for _, id := range touched {
		sc.count[id] = 0
	}
	for _, m := range out {
		termStems := ix.memo[m.Term]
		for _, w := range words {
			if slices.Contains(termStems, w.stem) && !slices.Contains(m.Words, w.text) {
				m.Words = append(m.Words, w.text)
			}
		}
		m.Because = because(m)
	}
	return out
}

// because explains a match in words: "Elif Demir's expertise “survey
// methodology” matches “survey”".
func because(m *Match) string {
	who := "Your"
	if m.Helper != nil {
		who = m.Helper.Name + "'s"
	}
	field := m.Field
	if field == "tags" {
		field = "tag"
	}
	quoted := make([]string, len(m.Words))
	for i, w := range m.Words {
		quoted[i] = "“" + w + "”"
	}
	return fmt.Sprintf("%s %s “%s” matches %s", who, field, m.Term, strings.Join(quoted, " and "))
}

// word is a word of a need or term as written, and its folded stem.
type word struct{ text, stem string }

// stopWords are left out of matching: they say nothing about what is needed.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "for": true, "to": true,
	"in": true, "on": true, "at": true, "by": true, "with": true, "from": true, "about": true, "into": true,
	"my": true, "our": true, "their": true, "his": true, "her": true, "some": true, "someone": true,
	"somebody": true, "who": true, "that": true, "can": true, "new": true, "good": true, "help": true,
	"need": true, "look": true, "find": true, "people": true, "person": true, "intro": true,
}

// stems splits text into words and folds each: case and accents through
// content.Slug (the address rule's folding, so "Kovářová" is "kovarova"),
// then Stem. Stop words and one-letter words are left out.
func stems(text string) []word {
	var out []word
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return r == ' ' || r == '-' || r == '/' || r == ',' || r == '.' || r == ';' || r == ':' || r == '(' || r == ')' || r == '&' || r == '+' || r == '"' || r == '\''
	}) {
		s := content.Slug(f)
		for _, part := range strings.Split(s, "-") {
			if len(part) < 2 || stopWords[part] || part == "n" || part == "untitled" {
				continue
			}
			st := Stem(part)
			if stopWords[st] {
				continue
			}
			out = append(out, word{text: f, stem: st})
		}
	}
	return out
}

// Stem reduces a folded lowercase word to a stem shared by its simple forms,
// so that "designers", "designer", "designing" and "design" meet: it takes
// off a plural (-ies → -y, -es after s/x/z/ch/sh, -s), then -ing, then one
// of -er, -ist, -ism, -ment ("engineering" is "engineer" is "engin"), then an -e or a -y after a consonant, and undoubles a
// final consonant ("running" → "run"). A stem keeps at least three letters.
// It is ours and small on purpose: no dictionary, no language but English.
func Stem(w string) string {
	cut := func(suffix string) bool {
		if strings.HasSuffix(w, suffix) && len(w)-len(suffix) >= 3 {
			w = w[:len(w)-len(suffix)]
			return true
		}
		return false
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"),
		strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		cut("es")
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	default:
		cut("s")
	}
	ing := cut("ing")
	if cut("er") || cut("ist") || cut("ism") || cut("ment") || ing {
		if n := len(w); n >= 4 && w[n-1] == w[n-2] && !isVowel(w[n-1]) && w[n-1] != 'l' && w[n-1] != 's' {
			w = w[:n-1]
		}
	}
	if n := len(w); n > 3 && (w[n-1] == 'e' || w[n-1] == 'y' && !isVowel(w[n-2])) {
		w = w[:n-1]
	}
	return w
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
