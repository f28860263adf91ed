package site

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"strings"

	"kith/generator/batch"
	"kith/generator/calendar"
	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/page"
	"kith/generator/render"
)

// Fingerprint is a digest of everything a page can show, worked out without
// rendering it: two builds that give a page the same fingerprint give it the
// same bytes. It is the first 16 bytes of a SHA-256.
type Fingerprint [16]byte

// fingerprintVersion changes whenever what a fingerprint covers changes, so
// that a record of an older kith matches nothing.
const fingerprintVersion = "kith page fingerprint 1"

// Fingerprints returns the fingerprint of each page whose bytes can be told
// without rendering it, by file name; the other files (the list pages, the
// search index, the theme's files, a page of a kind the journal's own
// templates render, a note that embeds images) have none and are always
// rendered. program names the code that renders (build.Options.Generator);
// without it ("") there are none.
//
// A fingerprint covers (docs/architecture.md, "Rendering only what
// changed"): program, the site's identity (its key), kith.yaml, the day,
// --drafts, the counts the header shows, the journal's shape (every page's
// address in order, and every name, alias, file name and slug that a
// wikilink or a link resolves by), the page's address, root, kind and
// title, and the page's record: for a person everything the model derived
// for them (their organisation, tags, interactions, entries, events,
// backlinks, favours, follow-ups and their hooks, needs and who could meet
// them, introductions) with the SHA-256 of every note that record names
// (content.Doc.Sum); for an entry its note, title, people, event and tags;
// for the calendar feed (calendar.FileName) everything it is made of
// (calendar.Digest).
// Only the kinds written by the generated code of the default theme
// (render.Theme.Direct) get one: those print their view and nothing else of
// the model, while a journal's own template may read anything (.J).
//
// It reads the notes the site was linked from (Link), so the set must not
// have changed since.
func (s *Site) Fingerprints(program string) Prints {
	if program == "" || s.docs == nil || s.opt.Journal == nil || s.opt.Address != nil {
		return Prints{} // (an Address of the caller's may map anything anywhere)
	}
	config, err := fs.ReadFile(s.opt.Journal, content.ConfigPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Prints{}
	}
	theme, overridden, terr := s.themeFiles()
	if terr != nil {
		return Prints{}
	}
	// The feed's digest reads only the model: worked out beside the rest.
	var feed chan [32]byte
	if s.feed {
		feed = make(chan [32]byte, 1)
		go func() { feed <- calendar.Digest(s.J, feedOptions()) }() // ends when digested
	}
	w := &fpWriter{docs: s.docs, b: make([]byte, 0, 64<<10)}
	parts := []struct {
		name  string
		write func()
	}{
		{"the program", func() { w.str(fingerprintVersion); w.str(program) }},
		{"the theme", func() { w.b = append(w.b, theme[:]...); w.bool(overridden) }},
		{"the site's key", func() { w.str(s.ID()); w.bool(s.address != nil) }},
		{content.ConfigPath, func() { w.str(string(config)); w.bool(err == nil) }},
		{"the day or --drafts", func() { w.date(s.J.Today); w.bool(s.opt.Drafts) }},
		{"the counts in the header", func() { w.int(len(s.J.Favors)); w.int(len(s.J.Due())) }},
		{"the journal's shape (a note added, removed or renamed, a name, alias, tag or organisation)", func() { s.shape(w) }},
	}
	pr := Prints{Pages: make(map[string]Fingerprint, len(s.pages))}
	all, h := sha256.New(), sha256.New()
	for _, part := range parts {
		// Hashed as it is written (the shape is a megabyte): both the
		// part's digest and the digest of all parts.
		h.Reset()
		w.b, w.sink = w.b[:0], io.MultiWriter(h, all)
		part.write()
		w.flush()
		var p Part
		p.Name = part.name
		copy(p.Print[:], h.Sum(w.b[:0]))
		pr.Global = append(pr.Global, p)
	}
	w.b, w.sink = w.b[:0], nil
	var global [32]byte
	all.Sum(global[:0])

	// Each entry's record once: entry pages, people's timelines and lists
	// of entries all name it. The records, then the pages, are worked out
	// on every CPU, each worker with a writer of its own.
	workers := min(runtime.GOMAXPROCS(0), maxPrintWorkers)
	eprints := make([]entryPrint, len(s.J.Entries))
	inParallel(len(eprints), workers, func(w *fpWriter, i int) {
		w.entryRecord(s.J.Entries[i])
		eprints[i] = entryPrint{sum16(w.b), w.ok}
	}, func() *fpWriter { return &fpWriter{docs: s.docs, b: make([]byte, 0, 16<<10)} })
	w.entries = make(map[*journal.Entry]entryPrint, len(s.J.Entries))
	for i, e := range s.J.Entries {
		w.entries[e] = eprints[i]
	}
	person, entry := s.theme.Direct("person"), s.theme.Direct("entry")
	pages := make([]*render.Page, 0, len(s.pages))
	names := make([]string, 0, len(s.pages))
	for name, p := range s.pages {
		if printable(p, person, entry, overridden) {
			pages, names = append(pages, p), append(names, name)
		}
	}
	prints := make([]Fingerprint, len(pages))
	has := make([]bool, len(pages))
	inParallel(len(pages), workers, func(w *fpWriter, i int) {
		p, name := pages[i], names[i]
		switch p.Kind {
		case "person":
			w.person(p.Person)
		case "entry":
			w.entryRef(p.Entry)
		case "event":
			w.event(p.Event)
		default:
			// The default theme's list templates print their view only.
			if !w.list(p.NewView(p)) {
				return
			}
		}
		w.str(name)
		w.str(p.Path)
		w.str(p.Root)
		w.str(p.Kind)
		w.str(p.Title)
		if !w.ok {
			return
		}
		w.b = append(w.b, global[:]...)
		prints[i], has[i] = sum16(w.b), true
	}, func() *fpWriter { return &fpWriter{docs: s.docs, entries: w.entries, b: make([]byte, 0, 16<<10)} })
	for i, name := range names {
		if has[i] {
			pr.Pages[name] = prints[i]
		}
	}
	if s.peopleFilter != "" {
		// people.json: a row a person, in the journal's order, of their
		// name, address, organisation, last contact and the text the
		// filter folds, which is their note's (page.NewPeopleFilter).
		w.b, w.ok = w.b[:0], true
		w.str(s.peopleFilter)
		w.int(len(s.J.People))
		for _, p := range s.J.People {
			w.note(p.Path)
			w.str(p.Name)
			w.str(page.Person(p))
			if p.Org != nil {
				w.str(p.Org.Name)
			} else {
				w.nilRef()
			}
			w.date(p.LastContact)
		}
		if w.ok {
			w.b = append(w.b, global[:]...)
			pr.Pages[s.peopleFilter] = sum16(w.b)
		}
	}
	if s.feed {
		// The feed is a function of its VEVENTs, its name and the day,
		// which calendar.Digest hashes without encoding them.
		feed := <-feed
		w.b = w.b[:0]
		w.str(calendar.FileName)
		w.b = append(w.b, feed[:]...)
		w.b = append(w.b, global[:]...)
		pr.Pages[calendar.FileName] = sum16(w.b)
	}
	return pr
}

// maxPrintWorkers bounds the goroutines Fingerprints works on.
const maxPrintWorkers = 4

// printChunk is how many records a worker of inParallel takes at a time.
const printChunk = 128

// inParallel calls do for each i in [0, n) on up to workers goroutines
// (batch.Run), each with a writer of its own (made by newWriter), reset to
// write a new record before each call; it returns when every call has
// returned.
func inParallel(n, workers int, do func(w *fpWriter, i int), newWriter func() *fpWriter) {
	batch.Run(n, workers, printChunk, func(next func() (int, int, bool)) {
		w := newWriter()
		for from, to, ok := next(); ok; from, to, ok = next() {
			for i := from; i < to; i++ {
				w.b, w.ok = w.b[:0], true
				do(w, i)
			}
		}
	})
}

// feedOptions are the options of the site's calendar feed: Render encodes
// it with these, and Fingerprints digests it with the same.
func feedOptions() calendar.Options { return calendar.Options{} }

// printable reports whether Fingerprints may give the page p a fingerprint,
// given whether the theme's generated code writes person and entry pages
// and whether the journal has templates of its own.
func printable(p *render.Page, person, entry, overridden bool) bool {
	switch p.Kind {
	case "person":
		return person && p.Person != nil && len(p.Person.Body.Images) == 0
	case "entry":
		return entry && p.Entry != nil && len(p.Entry.Body.Images) == 0
	case "event":
		// The default theme's event.html prints the event's note, its
		// entries and what event writes of each attendee.
		return !overridden && p.Event != nil && len(p.Event.Body.Images) == 0
	}
	return !overridden && listKinds[p.Kind] && p.NewView != nil
}

// Printable returns a function that reports whether Fingerprints may give
// the file name a fingerprint. The files it says no to are rendered in
// every build, so they may be rendered before the fingerprints are known.
func (s *Site) Printable() func(name string) bool {
	_, overridden, err := s.themeFiles()
	person, entry := s.theme.Direct("person"), s.theme.Direct("entry")
	return func(name string) bool {
		if (name == calendar.FileName && s.feed) || (name == s.peopleFilter && name != "") {
			return err == nil
		}
		p := s.pages[name]
		return err == nil && p != nil && printable(p, person, entry, overridden)
	}
}

// Made returns the bytes of a file made before anything is rendered (the
// search index's), as Render would write them but without copying them,
// and whether name is one. The caller must not change them. With a sink
// (SetSearchSink) they are nil: the file was written into it, or kept.
func (s *Site) Made(name string) ([]byte, bool) { return s.searchFile(name) }

// OwnFiles lists every file of the site but the search index's, sorted,
// without making the index (Files makes it).
func (s *Site) OwnFiles() []string { return s.files }

// Prints is the fingerprints of a site's pages (Fingerprints).
type Prints struct {
	// Pages holds the fingerprint of each page that has one, by file name.
	Pages map[string]Fingerprint
	// Global is the parts every fingerprint covers, each with its own
	// digest, in order: a record of them tells which one changed when
	// every fingerprint did.
	Global []Part
}

// Part is one of the things every page's fingerprint covers.
type Part struct {
	Name  string // what it is, in words: "kith.yaml", "the day or --drafts"
	Print Fingerprint
}

func sum16(b []byte) Fingerprint {
	sum := sha256.Sum256(b)
	var f Fingerprint
	copy(f[:], sum[:])
	return f
}

// themeFiles returns a digest of the theme's files (Options.Theme) and
// whether the journal has templates of its own (templates/*.html), which
// may read the whole model.
func (s *Site) themeFiles() (digest [32]byte, overridden bool, err error) {
	h := sha256.New()
	var n [8]byte
	if s.opt.Theme == nil {
		return digest, false, fs.ErrNotExist
	}
	err = fs.WalkDir(s.opt.Theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(s.opt.Theme, p)
		if err != nil {
			return err
		}
		binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
		binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
		return nil
	})
	if err != nil {
		return digest, false, err
	}
	h.Sum(digest[:0])
	if st, serr := fs.Stat(s.opt.Journal, "templates"); serr == nil && st.IsDir() {
		err = fs.WalkDir(s.opt.Journal, "templates", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
				overridden = true
			}
			return err
		})
	}
	return digest, overridden, err
}

// listKinds are the kinds of list page with a fingerprint (list): their
// templates print their view and nothing else.
var listKinds = map[string]bool{"entries-year": true, "org": true, "tag": true, "people": true, "thanks": true, "connectors": true,
	"follow-ups": true}

// list writes the record of a list page of the default theme from its
// view: the rows it shows, each as the record of a person's or an entry's
// row, and its pager. It reports false for a view it does not know.
func (w *fpWriter) list(view any) bool {
	switch v := view.(type) {
	case page.EntriesYearView:
		w.int(v.Year)
		w.int(v.Total)
		w.entryRows(v.Entries)
		w.pager(v.Pager)
	case page.OrgView:
		w.str(v.Org.Name)
		w.str(v.Org.Slug)
		w.personRows(v.People)
		w.pager(v.Pager)
	case page.TagView:
		w.str(v.Tag.Name)
		w.str(v.Tag.Slug)
		w.int(v.AllPeople)
		w.int(v.AllEntries)
		w.personRows(v.People)
		w.entryRows(v.Entries)
		w.pager(v.Pager)
	case page.PeopleView: // plain values only
		w.str(v.Order)
		w.int(len(v.Tabs))
		for _, t := range v.Tabs {
			w.str(t.Label)
			w.str(t.Link)
			w.bool(t.Current)
			w.int(t.Count)
		}
		w.str(v.Lede)
		w.int(v.All)
		w.int(len(v.Groups))
		for _, g := range v.Groups {
			w.str(g.Name)
			w.str(g.Link)
			w.int(len(g.Rows))
			for _, r := range g.Rows {
				w.str(r.Name)
				w.str(r.Link)
				w.str(r.Org)
				w.date(r.Last)
			}
		}
		w.pager(v.Pager)
		w.str(v.Filter)
		w.str(v.Home)
	case page.ThanksView: // plain values only
		w.favorRows(v.Open)
		w.pager(v.Pager)
		w.bool(v.First)
		w.int(v.Connectors)
		w.str(v.Connected)
		w.int(len(v.Recent))
		for _, r := range v.Recent {
			w.str(r.Who)
			w.str(r.Link)
			w.str(r.What)
			w.bool(r.Markdown)
			w.date(r.Date)
			w.str(r.Entry.Href)
			w.str(r.Entry.Text)
		}
	case page.ConnectorsView: // plain values only
		w.int(len(v.Rows))
		for _, r := range v.Rows {
			w.str(r.Who)
			w.str(r.Link)
			w.int(len(r.Introduced))
			for _, l := range r.Introduced {
				w.str(l.Href)
				w.str(l.Text)
			}
		}
		w.pager(v.Pager)
	case page.FollowUpsView: // plain values only
		w.str(string(v.Overdue))
		w.followUpSection(v.Promised)
		w.followUpSection(v.Cadence)
		w.followUpSection(v.Fading)
		w.bool(v.Pending)
		w.followUpSection(v.ComingUp)
	default:
		return false
	}
	return true
}

func (w *fpWriter) followUpSection(s page.FollowUpSection) {
	w.int(s.Total)
	for _, rows := range [][]page.FollowUpRow{s.Rows, s.Rest} {
		w.int(len(rows))
		for _, r := range rows {
			w.str(r.Who)
			w.str(r.WhoLink)
			w.str(r.Reason)
			w.str(r.What)
			w.str(r.EntryTitle)
			w.str(r.EntryLink)
			w.bool(r.Overdue)
			w.str(r.When)
			w.date(r.Due)
			w.date(r.LastContact)
			w.int(len(r.Hooks))
			for _, h := range r.Hooks {
				w.str(h.Kind)
				w.str(h.Text)
			}
		}
	}
}

func (w *fpWriter) favorRows(rows []page.FavorRow) {
	w.int(len(rows))
	for _, r := range rows {
		w.str(r.Who)
		w.str(r.WhoLink)
		w.str(r.What)
		w.date(r.Date)
		w.str(r.Waited)
		w.str(r.EntryLink)
	}
}

func (w *fpWriter) entryRows(es []*journal.Entry) {
	w.int(len(es))
	for _, e := range es {
		w.entryRef(e)
	}
}

// personRows writes the rows of people of a list: each person's note, and
// what the model derived that a row shows.
func (w *fpWriter) personRows(rows []page.PersonRow) {
	w.int(len(rows))
	for _, r := range rows {
		p := r.Person
		w.note(p.Path)
		w.str(r.Link)
		w.str(r.OrgLink)
		w.int(len(r.Tags))
		for _, t := range r.Tags {
			w.str(t.Href)
			w.str(t.Text)
		}
		if p.Org != nil {
			w.str(p.Org.Name)
		} else {
			w.nilRef()
		}
		w.date(p.LastContact)
	}
}

func (w *fpWriter) pager(p page.Pager) {
	w.int(p.N)
	w.int(p.Pages)
	w.int(p.From)
	w.int(p.To)
	w.int(p.Total)
	w.str(p.Prev)
	w.str(p.Next)
	w.int(len(p.Links))
	for _, l := range p.Links {
		w.int(l.N)
		w.str(l.Label)
		w.str(l.Link)
		w.bool(l.Current)
		w.bool(l.Gap)
	}
}

// shape writes what name resolution, links and the set of pages depend on:
// any change to it changes every fingerprint. It is written in an order
// of its own (the site's files are sorted, the rest sorted here), since the
// order of the model's lists (entries by date) is what list pages show, and
// their fingerprints cover it.
func (s *Site) shape(w *fpWriter) {
	j := s.J
	// Every page's file (its address, or its opaque name on an encrypted
	// site, which follows from the address and the key): the slugs of
	// people, entries, events, orgs and tags, the years with a page, how
	// many pages each list has.
	w.strs(s.files)
	// What a wikilink resolves by besides slugs: people's names, aliases,
	// file names and paths, events' names.
	items := make([]string, 0, len(j.People))
	for _, p := range j.People {
		k := p.Path + "\x00" + p.Name + "\x00" + p.Base + "\x00" + p.Slug
		for _, a := range p.Aliases {
			k += "\x00" + a.Text
		}
		items = append(items, k)
	}
	slices.Sort(items)
	w.strs(items)
	items = items[:0]
	for _, e := range j.Events {
		items = append(items, e.Path+"\x00"+e.Slug+"\x00"+e.Name)
	}
	for _, t := range j.Tags {
		items = append(items, "#"+t.Name+"\x00"+t.Slug)
	}
	for _, o := range j.Orgs {
		items = append(items, "@"+o.Name+"\x00"+o.Slug)
	}
	slices.Sort(items)
	w.strs(items)
}

// fpWriter writes the parts of a fingerprint into b, each delimited, so
// that two different sequences of parts never write the same bytes.
type fpWriter struct {
	b       []byte
	docs    map[string]content.Doc
	entries map[*journal.Entry]entryPrint // each entry's record (entryRecord)
	ok      bool                          // false once a note named has no known Sum: no fingerprint
	sink    io.Writer                     // if set, where long parts are hashed as they are written (flush)
}

func (w *fpWriter) str(s string) {
	w.b = binary.AppendUvarint(w.b, uint64(len(s)))
	w.b = append(w.b, s...)
}

func (w *fpWriter) int(n int) { w.b = binary.AppendVarint(w.b, int64(n)) }

func (w *fpWriter) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

func (w *fpWriter) date(d journal.Date) {
	w.int(d.Year)
	w.int(int(d.Month))
	w.int(d.Day)
}

func (w *fpWriter) strs(ss []string) {
	w.int(len(ss))
	for _, s := range ss {
		w.str(s)
		if w.sink != nil && len(w.b) >= 32<<10 {
			w.flush()
		}
	}
}

// flush hands what is written so far to sink, when there is one.
func (w *fpWriter) flush() {
	if w.sink != nil {
		w.sink.Write(w.b)
		w.b = w.b[:0]
	}
}

// note writes a note's path and the SHA-256 of its bytes, which stands for
// everything the note says.
func (w *fpWriter) note(path string) {
	w.str(path)
	d, ok := w.docs[path]
	if !ok || d.Sum == ([32]byte{}) {
		w.ok = false
		return
	}
	w.b = append(w.b, d.Sum[:]...)
}

func (w *fpWriter) nilRef() { w.b = append(w.b, 0xff) }

// personRef writes a person another record names: their note.
func (w *fpWriter) personRef(p *journal.Person) {
	if p == nil {
		w.nilRef()
		return
	}
	w.note(p.Path)
}

// entryRef writes an entry another record names or a page shows: the
// digest of its record (entryRecord).
func (w *fpWriter) entryRef(e *journal.Entry) {
	if e == nil {
		w.nilRef()
		return
	}
	r, ok := w.entries[e]
	if !ok || !r.ok {
		w.ok = false
		return
	}
	w.b = append(w.b, r.print[:]...)
}

// entryPrint is the digest of an entry's record, and whether every note
// it names had a Sum.
type entryPrint struct {
	print Fingerprint
	ok    bool
}

func (w *fpWriter) eventRef(e *journal.Event) {
	if e == nil {
		w.nilRef()
		return
	}
	w.note(e.Path)
}

// person writes a person's page's record: their note and everything the
// model derived for them (TestFingerprintCoversModel lists the fields).
func (w *fpWriter) person(p *journal.Person) {
	w.note(p.Path)
	if p.Org != nil {
		w.str(p.Org.Name)
		w.str(p.Org.Slug)
	} else {
		w.nilRef()
	}
	w.int(len(p.Tags))
	for _, t := range p.Tags {
		w.str(t.Name)
		w.str(t.Slug)
	}
	w.personRef(p.IntroducedBy)
	w.int(len(p.Introduced))
	for _, q := range p.Introduced {
		w.personRef(q)
	}
	w.int(len(p.Interactions))
	for _, it := range p.Interactions {
		w.date(it.Date)
		w.str(it.Kind)
		w.personRef(it.Person)
		w.entryRef(it.Entry)
		if l := it.Log; l != nil {
			w.int(l.Line)
			w.date(l.Date)
			w.str(l.Text)
			w.strs(l.Tags)
		} else {
			w.nilRef()
		}
		w.bool(it.Gave)
		w.bool(it.Received)
		w.bool(it.Thanked)
		w.str(it.Source)
	}
	w.int(len(p.Entries))
	for _, e := range p.Entries {
		w.entryRef(e)
	}
	w.int(len(p.Events))
	for _, e := range p.Events {
		w.eventRef(e)
	}
	w.int(len(p.Mentions))
	for _, m := range p.Mentions {
		w.personRef(m.Person)
		w.entryRef(m.Entry)
		w.eventRef(m.Event)
		w.int(m.Line)
	}
	w.date(p.LastContact)
	w.int(len(p.Favors))
	for _, f := range p.Favors {
		w.personRef(f.Person)
		w.str(f.What)
		w.date(f.Date)
		w.int(f.Waited)
		w.entryRef(f.Entry)
		w.str(f.Source)
	}
	w.int(len(p.FollowUps))
	for _, f := range p.FollowUps {
		w.personRef(f.Person)
		w.str(f.Reason)
		w.date(f.Due)
		w.int(f.Overdue)
		w.date(f.LastContact)
		w.entryRef(f.Entry)
		w.str(f.Source)
		w.int(len(f.Hooks))
		for _, h := range f.Hooks {
			w.str(h.Kind)
			w.str(h.Text)
		}
	}
	w.int(p.Cadence.N)
	w.int(int(p.Cadence.Unit))
	w.int(len(p.Needs))
	for _, n := range p.Needs {
		w.personRef(n.Person)
		w.str(n.Text)
		w.date(n.Date)
		w.str(n.Source)
		w.bool(n.Open)
		w.match(n.You)
		w.int(len(n.Help))
		for _, m := range n.Help {
			w.match(m)
		}
	}
	w.int(len(p.Threads))
	for _, in := range p.Threads {
		w.personRef(in.People[0])
		w.personRef(in.People[1])
		w.date(in.Date)
		w.str(in.Source)
		w.entryRef(in.Entry)
		w.str(in.Outcome)
		w.date(in.OutcomeDate)
		w.str(in.OutcomeSource)
	}
}

// event writes an event's page's record: its note, its entries, and of
// each attendee their note and what the model derived for them that the
// page prints (organisation, who introduced them, last contact, open
// favours, follow-ups); TestFingerprintCoversModel lists the fields.
func (w *fpWriter) event(e *journal.Event) {
	w.note(e.Path)
	w.int(len(e.Entries))
	for _, x := range e.Entries {
		w.entryRef(x)
	}
	w.int(len(e.Attendees))
	for _, p := range e.Attendees {
		w.note(p.Path)
		w.str(p.Name)
		if p.Org != nil {
			w.str(p.Org.Name)
		} else {
			w.nilRef()
		}
		w.personRef(p.IntroducedBy)
		if p.IntroducedBy != nil {
			w.str(p.IntroducedBy.Name)
		}
		w.date(p.LastContact)
		w.int(len(p.Favors))
		for _, f := range p.Favors {
			w.str(f.What)
			w.date(f.Date)
		}
		w.int(len(p.FollowUps))
		for _, f := range p.FollowUps {
			w.str(f.Reason)
			w.date(f.Due)
			w.entryRef(f.Entry)
			w.personRef(f.Person)
		}
	}
}

// match writes who could meet a need and why (its Need is the one being
// written).
func (w *fpWriter) match(m *journal.Match) {
	if m == nil {
		w.nilRef()
		return
	}
	w.personRef(m.Helper)
	w.str(m.Field)
	w.str(m.Term)
	w.strs(m.Words)
	w.str(m.Because)
}

// entryRecord writes an entry's record: its note, title, people, event
// and tags: all its page, and a row of it in a list, show.
func (w *fpWriter) entryRecord(e *journal.Entry) {
	w.note(e.Path)
	w.str(e.Title)
	w.int(len(e.People))
	for _, p := range e.People {
		w.str(p.Path)
		w.str(p.Name)
		w.str(p.Slug)
	}
	if e.Event != nil {
		w.str(e.Event.Path)
		w.str(e.Event.Name)
		w.str(e.Event.Slug)
	} else {
		w.nilRef()
	}
	w.int(len(e.Tags))
	for _, t := range e.Tags {
		w.str(t.Name)
		w.str(t.Slug)
	}
}
