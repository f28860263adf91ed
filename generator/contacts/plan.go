package contacts

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"kith/generator/content"
)

// Action is what an import does, or would do, with one contact.
type Action string

// The actions of a Step.
const (
	ActionCreate  Action = "create"  // a new note is written
	ActionUpdate  Action = "update"  // empty fields of an existing note are filled
	ActionExists  Action = "exists"  // the person already has a note; nothing is written
	ActionInvalid Action = "invalid" // the row could not become a contact
)

// Known is a person the journal already has, as the caller gathers it from the
// journal model.
type Known struct {
	Path     string   // slash-separated, relative to the journal root: content/people/Dana Okafor.md
	Names    []string // name, aliases and slug
	Email    string
	LinkedIn string
	Phone    string // read by Duplicates, not by the importer
	Line     int    // where the name is written, for Duplicates' messages
}

// PlanOptions tunes NewPlan.
type PlanOptions struct {
	// Update turns a contact that matches an existing note into an update that fills
	// the note's empty fields, instead of a skip.
	Update bool
	// Folders are the journal's note folders: a new person note goes into
	// the first people folder. The zero value means the default folders.
	Folders content.Folders
}

// Step is the decision for one contact or invalid row. In a Plan it says what Apply
// will try; in a Summary it says what Apply did (or, with DryRun, would do).
type Step struct {
	Action  Action
	Contact *Contact // nil for an invalid row; points into NewPlan's contacts
	Line    int      // 1-based line of the row or card in the import file
	// Path is the note concerned, slash-separated and relative to the journal root:
	// the new file for create, the existing note for update and exists.
	Path   string
	Reason string   // why exists or invalid, e.g. "same email as content/people/Dana.md"
	Fields []string // for update: the fields filled, e.g. "org", "contact.email"

	file string // the import file, for the RowError of an invalid row
}

// String describes the step on one line, e.g.
// `line 7: create content/people/Dana Okafor.md`, followed by the contact's
// warnings (`; warning: …`).
func (s Step) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d: %s", s.Line, s.Action)
	if s.Path != "" {
		fmt.Fprintf(&b, " %s", s.Path)
	}
	if len(s.Fields) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(s.Fields, ", "))
	}
	if s.Reason != "" {
		fmt.Fprintf(&b, ": %s", s.Reason)
	}
	if s.Contact != nil {
		for _, w := range s.Contact.Warnings {
			fmt.Fprintf(&b, "; warning: %s", w)
		}
	}
	return b.String()
}

// Plan is the list of steps of one import, in the order of the import file.
type Plan struct {
	Steps []Step
}

// person is a note a contact may match: one that exists (known) or one this import
// creates.
type person struct {
	path    string
	known   bool
	line    int  // for a planned note: the line of the contact that creates it
	claimed bool // a contact of this import already matched this known note
	by      int  // line of the contact that claimed it
	// linkedIn is the person's normalized LinkedIn URL, if any: a profile belongs
	// to one person, so a contact with another one is someone else of the same name.
	linkedIn key // 0 for none
}

// matcher finds people by normalized name, email and LinkedIn URL.
type matcher struct {
	people []person
	keys   map[key]int // keyOf('n'/'s'/'e'/'l', normalized value) → index in people
	paths  map[key]bool
	slugs  map[key]bool
}

// key is a 64-bit FNV-1a hash of a kind letter and a normalized value. The matcher
// keeps hashes, not strings, so a large import holds no second copy of every name,
// path and URL. Two values of a million share a hash with a chance of about one in
// ten million; it would show as a wrong "exists" step, which is printed, or as a
// needless " 2" in a file name.
type key uint64

// keyOf hashes kind and value; never 0.
func keyOf(kind byte, value string) key {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	h = (h ^ uint64(kind)) * prime
	for i := 0; i < len(value); i++ {
		h = (h ^ uint64(value[i])) * prime
	}
	return key(h | 1)
}

// NewPlan decides, for each contact, whether its note is created, already exists or
// is updated (with opts.Update), and carries the parser's invalid rows along, all in
// file order. A contact is the same person as an existing note or an earlier contact
// of the same import when the name matches a name, alias or slug case-insensitively
// (or has the same slug), or the email matches, or the LinkedIn URL matches after
// normalizing (https, lowercase host without www., no query, no trailing slash). A
// name does not match a person whose LinkedIn URL differs from the contact's: two
// profiles are two people, who get distinct files and names (the later one is
// renamed after its org, "Sam Lee (Lee Design)", or numbered, with a warning). New
// notes are named after the person; when that file name or its slug is taken by
// someone else, " 2", " 3", … is added. NewPlan does no I/O. The steps point into
// contacts (a large import holds no copy): the caller must not change them
// afterwards.
func NewPlan(contacts []Contact, invalid []RowError, known []Known, opts PlanOptions) *Plan {
	n := len(known) + len(contacts) // sized once: a large import would otherwise rehash often
	m := &matcher{
		people: make([]person, 0, n),
		keys:   make(map[key]int, 3*n), // a slug, a URL and some emails each
		paths:  make(map[key]bool, n),
		slugs:  make(map[key]bool, n),
	}
	sorted := append([]Known(nil), known...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, k := range sorted {
		i := len(m.people)
		m.people = append(m.people, person{path: k.Path, known: true})
		m.register(i, k.Names, k.Email, k.LinkedIn)
		m.paths[keyOf('p', strings.ToLower(k.Path))] = true
		m.slugs[keyOf('s', content.Slug(strings.TrimSuffix(path.Base(k.Path), ".md")))] = true
	}

	p := &Plan{Steps: make([]Step, 0, len(contacts)+len(invalid))}
	for _, e := range invalid {
		p.Steps = append(p.Steps, Step{Action: ActionInvalid, Line: e.Line, Reason: e.Reason, file: e.File})
	}
	for i := range contacts {
		p.Steps = append(p.Steps, m.decide(&contacts[i], opts))
	}
	sort.SliceStable(p.Steps, func(i, j int) bool { return p.Steps[i].Line < p.Steps[j].Line })
	return p
}

// decide makes the step of one contact and records the contact for later duplicates.
func (m *matcher) decide(c *Contact, opts PlanOptions) Step {
	c.Name = cleanLine(c.Name)
	s := Step{Contact: c, Line: c.Line}
	if c.Name == "" {
		s.Action, s.Reason = ActionInvalid, "contact has no name"
		return s
	}
	names := []string{c.Name}
	if i, why, ok := m.match(names, c.Email, c.LinkedIn); ok {
		p := &m.people[i]
		s.Path, s.Action = p.path, ActionExists
		switch {
		case !p.known:
			s.Reason = fmt.Sprintf("same %s as line %d", why, p.line)
		case p.claimed:
			s.Reason = fmt.Sprintf("same %s as %s, already matched by line %d", why, p.path, p.by)
		default:
			p.claimed, p.by = true, c.Line
			s.Reason = fmt.Sprintf("same %s as %s", why, p.path)
			if opts.Update {
				s.Action = ActionUpdate
			}
		}
		m.register(i, names, c.Email, c.LinkedIn)
		return s
	}
	if m.nameTaken(c.Name) {
		// Someone else of this name (another LinkedIn profile): a journal needs
		// each person's name to be their own, so this one is told apart.
		old := c.Name
		c.Name = m.distinctName(c)
		names = []string{c.Name}
		c.Warnings = append(c.Warnings, fmt.Sprintf("another person is named %q; imported as %q (rename as you like, and keep %q as an alias)", old, c.Name, old))
	}
	base := content.NoteBase(c.Name)
	if base == "" {
		s.Action, s.Reason = ActionInvalid, fmt.Sprintf("name %q gives no usable file name", c.Name)
		return s
	}
	for n := 1; ; n++ {
		candidate := base
		if n > 1 {
			candidate = fmt.Sprintf("%s %d", base, n)
		}
		p := opts.Folders.PersonPath(candidate)
		pk, sk := keyOf('p', strings.ToLower(p)), keyOf('s', content.Slug(candidate))
		if !m.paths[pk] && !m.slugs[sk] {
			m.paths[pk], m.slugs[sk] = true, true
			s.Action, s.Path = ActionCreate, p
			break
		}
	}
	i := len(m.people)
	m.people = append(m.people, person{path: s.Path, line: c.Line})
	m.register(i, names, c.Email, c.LinkedIn)
	return s
}

// nameTaken reports whether a person has name as their name, an alias or slug.
func (m *matcher) nameTaken(name string) bool {
	for _, k := range personKeys([]string{name}, "", "") {
		if _, ok := m.keys[k]; ok {
			return true
		}
	}
	return false
}

// distinctName is a name for c that no one has: "Sam Lee (Lee Design)" after the
// org, else "Sam Lee 2", "Sam Lee 3", ….
func (m *matcher) distinctName(c *Contact) string {
	if c.Org != "" {
		if n := cleanLine(c.Name + " (" + c.Org + ")"); !m.nameTaken(n) {
			return n
		}
	}
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s %d", c.Name, i); !m.nameTaken(n) {
			return n
		}
	}
}

// register indexes person i under its names, email and LinkedIn URL; the first person
// to claim a key keeps it.
func (m *matcher) register(i int, names []string, email, linkedIn string) {
	if l := normalizeURL(linkedIn); m.people[i].linkedIn == 0 && l != "" {
		m.people[i].linkedIn = keyOf('l', l)
	}
	for _, k := range personKeys(names, email, linkedIn) {
		if _, ok := m.keys[k]; !ok {
			m.keys[k] = i
		}
	}
}

// match finds the person with the same LinkedIn URL, email or name, in that order.
func (m *matcher) match(names []string, email, linkedIn string) (int, string, bool) {
	if l := normalizeURL(linkedIn); l != "" {
		if i, ok := m.keys[keyOf('l', l)]; ok {
			return i, "LinkedIn URL", true
		}
	}
	if e := normalizeEmail(email); e != "" {
		if i, ok := m.keys[keyOf('e', e)]; ok {
			return i, "email", true
		}
	}
	var l key
	if u := normalizeURL(linkedIn); u != "" {
		l = keyOf('l', u)
	}
	for _, k := range personKeys(names, "", "") {
		if i, ok := m.keys[k]; ok && (l == 0 || m.people[i].linkedIn == 0 || m.people[i].linkedIn == l) {
			return i, "name", true
		}
	}
	return 0, "", false
}

// personKeys are the lookup keys of a person.
func personKeys(names []string, email, linkedIn string) []key {
	var keys []key
	for _, n := range names {
		n = strings.ToLower(cleanLine(n))
		// Slugs fold case, accents and punctuation (José Núñez = jose-nunez), so equal
		// names have equal slugs and one key serves both. "untitled" is what a name
		// without letters or digits gives: such a name is its own key, and an empty
		// one identifies no one.
		switch s := content.Slug(n); {
		case s != "untitled":
			keys = append(keys, keyOf('s', s))
		case n != "":
			keys = append(keys, keyOf('n', n))
		}
	}
	if e := normalizeEmail(email); e != "" {
		keys = append(keys, keyOf('e', e))
	}
	if l := normalizeURL(linkedIn); l != "" {
		keys = append(keys, keyOf('l', l))
	}
	return keys
}

// normalizeEmail lowercases an address and drops a mailto: prefix.
func normalizeEmail(e string) string {
	e = strings.ToLower(strings.TrimSpace(e))
	return strings.TrimPrefix(e, "mailto:")
}

// normalizeURL makes equal profile URLs compare equal: https, lowercase host without
// "www.", no query or fragment, no trailing slash.
func normalizeURL(u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return ""
	}
	if !strings.Contains(u, "://") {
		u = "https://" + u
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return strings.TrimRight(strings.ToLower(u), "/")
	}
	host := strings.TrimPrefix(strings.ToLower(p.Host), "www.")
	return "https://" + host + strings.TrimRight(p.EscapedPath(), "/")
}
