package content

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// Kind names which part of the journal a path belongs to.
type Kind int

// The kinds of journal file.
const (
	Other Kind = iota
	PersonFile
	EntryFile
	EventFile
)

// KindOf says what a journal path (slash-separated, relative to the journal
// root) holds in a journal with the default folders. Hidden files and editor
// leftovers are Other.
func KindOf(p string) Kind { return DefaultFolders().KindOf(p) }

// misnamed warns about a file under a content folder that looks like a note
// but is not read as one: NAME.MD, NAME.Md or NAME.markdown. Obsidian itself
// opens only .md files, so kith asks for a rename instead of guessing.
func (f Folders) misnamed(p string) (Problem, bool) {
	if Ignored(p) || strings.HasSuffix(p, ".md") {
		return Problem{}, false
	}
	base := path.Base(p)
	lower := strings.ToLower(base)
	var stem string
	switch {
	case strings.HasSuffix(lower, ".md"):
		stem = base[:len(base)-len(".md")]
	case strings.HasSuffix(lower, ".markdown"):
		stem = base[:len(base)-len(".markdown")]
	default:
		return Problem{}, false
	}
	if f.KindOf(path.Join(path.Dir(p), stem+".md")) == Other {
		return Problem{}, false
	}
	return Warnf(p, 0, "not read: kith reads only notes whose names end in .md; rename it to %q to include it", stem+".md"), true
}

// Ignored reports whether a path is hidden or an editor's temporary file,
// which kith never reads: dot files and folders, "#name#", "name~", vim's
// "4913" probe and swap files, and JetBrains' ___jb_tmp___ / ___jb_old___.
func Ignored(p string) bool {
	for part := range strings.SplitSeq(p, "/") { // no list made: asked of every file
		if strings.HasPrefix(part, ".") && part != "." && part != ".." {
			return true
		}
	}
	base := path.Base(p)
	switch {
	case base == "4913",
		strings.HasPrefix(base, "#"),
		strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".tmp"),
		strings.Contains(base, "___jb_"):
		return true
	}
	return false
}

// Parse reads one journal file of a journal with the default folders. It
// returns the document and every problem found in it; the document is still
// returned, as far as it could be read, when there are problems.
func Parse(p string, data []byte) (Doc, Problems) { return ParseKind(p, KindOf(p), data) }

// ParseKind reads one journal file holding the kind of note k, as the
// journal's folders say.
func ParseKind(p string, k Kind, data []byte) (Doc, Problems) {
	d := &decoder{path: p}
	front, body, bodyLine, err := split(data)
	if err != nil {
		d.errorf(1, "%v", err)
		return Doc{}, d.problems
	}
	var fields []field
	if front != nil { // a note without front matter is fine: its file name says enough
		var ok bool
		if fields, ok = d.parseFront(front, 2); !ok {
			// Say only what is wrong with the YAML, not every field it hid.
			return Doc{}, d.problems
		}
	}
	if isPrivate(d, fields) {
		// Nothing of the note goes further than this: not its body, not its
		// front matter. Only its problems are reported, to the writer.
		return Doc{Private: true}, d.problems
	}
	body = hidePrivate(d, body, bodyLine)
	if depth, l := ListDepth(body); depth > MaxListDepth {
		d.warnf(bodyLine+l, "lists or quotes nest %d levels deep here, more than the %d kith renders; the note's text is shown as plain text until you flatten them", depth, MaxListDepth)
	}
	b := scanBody(d, body, bodyLine)
	var doc Doc
	switch k {
	case PersonFile:
		doc.Person = d.person(p, fields, b)
	case EntryFile:
		doc.Entry = d.entry(p, fields, b)
	case EventFile:
		doc.Event = d.event(p, fields, b)
	default:
		d.errorf(0, "not a journal file; notes go under %s, %s or %s", DefaultPeopleDir, DefaultEntriesDir, DefaultEventsDir)
	}
	return doc, d.problems
}

// isPrivate reports whether the front matter says private: true. It reads
// the field here, before the kind of note matters, so that a private note of
// any kind stops at the same place.
func isPrivate(d *decoder, fields []field) bool {
	for _, f := range fields {
		if f.key == "private" {
			return d.boolean(f)
		}
	}
	return false
}

var personFields = []string{"name", "aliases", "org", "role", "location", "tags", "expertise", "likes", "needs", "met", "contact", "birthday", "keep_in_touch", "draft", "private"}

func (d *decoder) person(p string, fields []field, b Body) *Person {
	base := BaseName(p)
	x := &Person{Path: p, Base: base, Slug: Slug(base), Body: b}
	var first, middle, last string
	firstLine := 0
	for _, f := range fields {
		switch f.key {
		case "name", "full_name":
			x.Name, x.NameLine = d.str(f), f.line
		case "first_name", "firstname", "given_name":
			first, firstLine = d.str(f), f.line
		case "middle_name", "middlename":
			middle = d.str(f)
		case "last_name", "lastname", "surname", "family_name":
			last = d.str(f)
			firstLine = max(firstLine, f.line)
		case "aliases", "alias":
			x.Aliases = append(x.Aliases, d.refs(f)...)
		case "nickname", "nicknames":
			x.Aliases = append(x.Aliases, d.refs(f)...)
		case "org", "company", "organization", "organisation", "organizations", "organisations":
			x.Org, x.OrgLine = Unwiki(d.firstOf(f)), f.line
		case "role", "title", "position":
			x.Role = d.str(f)
		case "location", "city":
			if s := d.str(f); s != "" && (x.Location == "" || f.key == "location") {
				x.Location = s
			}
		case "tags", "tag":
			x.Tags = tags(d.tagList(f))
		case "email", "e_mail", "mail":
			x.Contact.Email = d.firstOf(f)
		case "phone", "phone_number", "mobile", "tel":
			x.Contact.Phone = d.firstOf(f)
		case "linkedin", "linkedin_url":
			x.Contact.LinkedIn = d.firstOf(f)
		case "linkedin_id":
			if id := d.str(f); id != "" {
				x.Contact.LinkedIn = "https://www.linkedin.com/in/" + id
			}
		case "website", "url":
			x.Contact.Website = d.firstOf(f)
		case "expertise", "skills":
			x.Expertise = d.list(f)
		case "likes":
			x.Likes = d.list(f)
		case "needs", "need":
			x.Needs = d.needs(f)
		case "met":
			for _, g := range d.mapping(f) {
				switch g.key {
				case "date":
					x.Met.Date = d.date(g)
				case "where":
					x.Met.Where = d.str(g)
				case "via":
					x.Met.Via = Ref{Text: d.str(g), Line: g.value.Line}
				default:
					d.unknown(g, []string{"date", "where", "via"})
				}
			}
		case "contact":
			for _, g := range d.mapping(f) {
				switch g.key {
				case "email":
					x.Contact.Email = d.str(g)
				case "phone":
					x.Contact.Phone = d.str(g)
				case "linkedin":
					x.Contact.LinkedIn = d.str(g)
				case "website", "url":
					x.Contact.Website = d.str(g)
				default:
					d.unknown(g, []string{"email", "phone", "linkedin", "website"})
				}
			}
		case "birthday":
			if s := d.str(f); s != "" {
				bd, err := ParseBirthday(s)
				if err != nil {
					d.errorf(f.value.Line, "birthday: %v", err)
				}
				x.Birthday = bd
			}
		case "keep_in_touch":
			if s := d.str(f); s != "" {
				c, err := ParseCadence(s)
				if err != nil {
					d.errorf(f.value.Line, "keep_in_touch: %v", err)
				}
				x.KeepInTouch = c
			}
		case "draft":
			x.Draft = d.boolean(f)
		case "private": // read by isPrivate
		default:
			d.unknown(f, personFields)
		}
	}
	if x.Name == "" {
		// First Name + Last Name, as CRM templates write it; else the file
		// name, as in Obsidian, where a note's title is its file name.
		x.Name, x.NameLine = strings.Join(strings.Fields(first+" "+middle+" "+last), " "), firstLine
		if x.Name == "" {
			x.Name = base
		}
	}
	if x.Name == "" {
		d.errorf(max(x.NameLine, 1), "missing name; add `name: Full Name` to the front matter")
	}
	x.Logs = scanLogs(d, b)
	return x
}

var entryFields = []string{"date", "title", "with", "kind", "event", "gave", "received", "thanked", "follow_up", "draft", "private", "tags"}

func (d *decoder) entry(p string, fields []field, b Body) *Entry {
	base := BaseName(p)
	x := &Entry{Path: p, Base: base, Slug: Slug(base), Body: b, Kind: "note"}
	dateSeen := false
	for _, f := range fields {
		switch f.key {
		case "date", "date_&_time", "date_time", "datetime":
			x.Date, x.Time = d.dateTime(f)
			dateSeen = true
		case "title", "name":
			x.Title = d.str(f)
		case "with", "people":
			x.With, x.HasWith = d.refs(f), true
		case "kind", "type":
			k := kindOf(d.str(f))
			if k == "" {
				break
			}
			if !contains(Kinds(), k) {
				msg := "kind %q is not one of " + strings.Join(Kinds(), ", ")
				if s := Suggest(k, Kinds()); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
				d.warnf(f.value.Line, msg, k)
			}
			x.Kind = k
		case "event":
			x.Event = Ref{Text: d.str(f), Line: f.value.Line}
		case "gave":
			x.Gave = d.str(f)
		case "received":
			x.Received = d.str(f)
		case "thanked":
			s := d.str(f)
			switch strings.ToLower(s) {
			case "", "false", "no":
			case "true", "yes":
				x.ThankedSet = true
			default:
				t, err := ParseDate(s)
				if err != nil {
					d.errorf(f.value.Line, "thanked: %v (or write true)", err)
				}
				x.Thanked, x.ThankedSet = t, true
			}
		case "follow_up", "followup", "follow-up":
			x.FollowUp, x.FollowUpLine = d.date(f), f.value.Line
		case "tags", "tag":
			x.Tags = tags(d.tagList(f))
		case "draft":
			x.Draft = d.boolean(f)
		case "private": // read by isPrivate
		default:
			d.unknown(f, entryFields)
		}
	}
	if !dateSeen || x.Date.IsZero() {
		// A daily note is named by its day: 2026-03-10.md, 2026-03-10 Coffee.md.
		if t, ok := DateInName(base); ok {
			x.Date, dateSeen = t, true
		}
	}
	if !dateSeen {
		d.errorf(1, "missing date; add `date: YYYY-MM-DD` to the front matter, or start the file name with the date")
	}
	if x.Title == "" {
		x.Title = titleInName(base)
	}
	return x
}

var eventFields = []string{"name", "date", "end", "location", "url", "people", "draft", "private"}

func (d *decoder) event(p string, fields []field, b Body) *Event {
	base := BaseName(p)
	x := &Event{Path: p, Base: base, Slug: Slug(base), Body: b}
	nameLine, dateSeen := 0, false
	for _, f := range fields {
		switch f.key {
		case "name", "title":
			x.Name, nameLine = d.str(f), f.line
		case "date", "start":
			x.Date, x.Time = d.dateTime(f)
			dateSeen = true
		case "end":
			x.End = d.date(f)
		case "location", "where":
			x.Location = d.str(f)
		case "url", "website":
			x.Website = d.str(f)
		case "people", "attendees", "with":
			x.People = d.refs(f)
		case "draft":
			x.Draft = d.boolean(f)
		case "private": // read by isPrivate
		default:
			d.unknown(f, eventFields)
		}
	}
	if x.Name == "" {
		x.Name = base // as in Obsidian, the note's title is its file name
	}
	if x.Name == "" {
		d.errorf(max(nameLine, 1), "missing name; add `name: Event Name` to the front matter")
	}
	if !dateSeen {
		d.errorf(1, "missing date; add `date: YYYY-MM-DD` to the front matter")
	}
	if !x.End.IsZero() && x.End.Before(x.Date) {
		d.errorf(1, "end %s is before date %s", x.End, x.Date)
	}
	return x
}

var configFields = []string{"title", "owner", "default_keep_in_touch", "encrypt", "calendar", "folders", "owner_expertise"}

// ParseConfig reads kith.yaml. A missing file (data == nil) gives defaults.
func ParseConfig(p string, data []byte) (Config, Problems) {
	c := Config{Title: "Networking journal", Calendar: true, Folders: DefaultFolders()}
	if data == nil {
		return c, nil
	}
	d := &decoder{path: p}
	data = bytes.ReplaceAll(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), []byte("\r\n"), []byte("\n"))
	fields, _ := d.parseFront(data, 1)
	for _, f := range fields {
		switch f.key {
		case "title":
			c.Title = d.str(f)
		case "owner":
			c.Owner = d.str(f)
		case "default_keep_in_touch":
			if s := d.str(f); s != "" {
				cad, err := ParseCadence(s)
				if err != nil {
					d.errorf(f.value.Line, "default_keep_in_touch: %v", err)
				}
				c.DefaultKeepInTouch = cad
			}
		case "encrypt":
			c.Encrypt = d.boolean(f)
		case "calendar":
			c.Calendar = d.boolean(f)
		case "folders":
			c.Folders = d.folders(f)
		case "owner_expertise":
			c.OwnerExpertise = d.list(f)
		default:
			d.unknown(f, configFields)
		}
	}
	return c, d.problems
}

// folders reads `folders: {people: [People], entries: [Meetings, Daily]}`.
// A kind not named keeps its default folder.
func (d *decoder) folders(f field) Folders {
	out := DefaultFolders()
	for _, g := range d.mapping(f) {
		var dirs []string
		for _, s := range d.list(g) {
			c, err := cleanFolder(s)
			if err != nil {
				d.errorf(g.value.Line, "folders: %s: %v", g.key, err)
				continue
			}
			dirs = append(dirs, c)
		}
		if len(dirs) == 0 {
			continue
		}
		switch g.key {
		case "people":
			out.People = dirs
		case "entries":
			out.Entries = dirs
		case "events":
			out.Events = dirs
		default:
			d.unknown(g, []string{"people", "entries", "events"})
		}
	}
	return out
}

// titleInName is an entry's title taken from its file name when the name
// is written as a title ("2026-03-10 Coffee with Dana" is "Coffee with
// Dana"), and "" when it is a slug (2026-03-10-coffee-with-dana) or a date
// alone: such entries are titled from their kind and people.
func titleInName(base string) string {
	if Slug(base) == base {
		return ""
	}
	rest := base
	if _, ok := DateInName(base); ok {
		rest = base[10:]
	}
	return strings.TrimSpace(strings.TrimLeft(rest, " -_.T"))
}

// kindOf reads an entry's kind as kind:, or as Obsidian's type: may write
// it: "[[Meetings]]" is meeting.
func kindOf(s string) string {
	k := strings.ToLower(Unwiki(s))
	if !contains(Kinds(), k) {
		if sing, ok := strings.CutSuffix(k, "s"); ok && contains(Kinds(), sing) {
			return sing
		}
	}
	return k
}

// tagList reads tags as a list or as one text value, which Obsidian users
// write "#work #clients" or "work, clients".
func (d *decoder) tagList(f field) []string {
	list := d.list(f)
	var out []string
	for _, s := range list {
		words := strings.Fields(s)
		hashed := len(words) > 1
		for _, w := range words {
			hashed = hashed && strings.HasPrefix(w, "#")
		}
		if hashed {
			out = append(out, words...)
		} else {
			out = append(out, s)
		}
	}
	return out
}

func tags(in []string) []string {
	out := make([]string, 0, len(in))
	for _, t := range in {
		if t = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), "#")); t != "" {
			out = append(out, t)
		}
	}
	return unique(out)
}

// unique drops later copies of a value from list, in place, in linear time:
// a note may have hundreds of thousands of tags.
func unique(list []string) []string {
	if len(list) < 2 {
		return list
	}
	seen := make(map[string]bool, len(list))
	out := list[:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	wikiRe    = regexp.MustCompile(`\[\[([^\[\]\n]+?)\]\]`)
	mdLinkRe  = regexp.MustCompile(`\]\(([^()\s:]+?\.[mM][dD](?:#[^()\s]*)?)\)`) // [text](Dana%20Okafor.md)
	logRe     = regexp.MustCompile(`^\s{0,12}[-*+]\s+(\d{4}-\d{2}-\d{2})(?:\s+|\s*[:—–-]\s*|$)(.*)$`)
	hashtagRe = regexp.MustCompile(`(?:^|[\s(])#([\p{L}\p{N}][\p{L}\p{N}_-]*(?:/[\p{L}\p{N}][\p{L}\p{N}_-]*)*)`) // nested: #work/clients
	codeRe    = regexp.MustCompile("(`+)[^`]*?(`+)")
	fenceRe   = regexp.MustCompile("^\\s{0,3}(```|~~~)")
)

// ParseWikilink splits the inside of [[...]] into target and label:
// "Dana Okafor|Dana" gives ("Dana Okafor", "Dana"); "Dana#Notes" gives ("Dana", "").
func ParseWikilink(inner string) (target, label string) {
	target = inner
	if i := strings.IndexByte(target, '|'); i >= 0 {
		target, label = target[:i], strings.TrimSpace(target[i+1:])
	}
	if i := strings.IndexByte(target, '#'); i >= 0 {
		target = target[:i]
	}
	return strings.TrimSpace(target), label
}

// NoteLinkTarget reads the destination of a Markdown link that names a
// note, as Obsidian writes them: a relative path ending in .md, maybe
// %-escaped, maybe with a #heading ("../People/Dana%20Okafor.md#Log").
// The target is the path without .md and leading ../, which resolves as
// [[target]] does.
func NoteLinkTarget(dest string) (string, bool) {
	if strings.Contains(dest, ":") || strings.HasPrefix(dest, "/") {
		return "", false
	}
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		dest = dest[:i]
	}
	p, err := url.PathUnescape(dest)
	if err != nil || len(p) < 3 || !strings.EqualFold(p[len(p)-3:], ".md") {
		return "", false
	}
	p = path.Clean(p[:len(p)-3])
	for strings.HasPrefix(p, "../") {
		p = p[3:]
	}
	if p == "" || p == "." || p == ".." || strings.Contains(p, "\n") {
		return "", false
	}
	return p, true
}

// IsAttachment reports whether a wikilink target names a file other than
// a note, such as card.png or slides.pdf: Obsidian embeds those.
func IsAttachment(target string) bool {
	ext := path.Ext(target)
	if len(ext) < 2 || len(ext) > 6 || strings.EqualFold(ext, ".md") {
		return false
	}
	for _, r := range ext[1:] {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// scanBody finds wikilinks outside fenced code blocks.
func scanBody(d *decoder, body []byte, line int) Body {
	b := Body{Markdown: body, Line: line}
	inFence := false
	forLines(body, func(i int, l string) {
		if fenceRe.MatchString(l) {
			inFence = !inFence
			return
		}
		if inFence || !strings.Contains(l, "[[") && !strings.Contains(l, "](") {
			return
		}
		if strings.IndexByte(l, '`') >= 0 {
			l = codeRe.ReplaceAllString(l, "") // [[...]] in code is code
		}
		b.Images = append(b.Images, scanImages(l, line+i)...)
		for _, m := range wikiRe.FindAllStringSubmatch(l, -1) {
			t, lab := ParseWikilink(m[1])
			if t == "" || IsAttachment(t) {
				continue
			}
			b.Links = append(b.Links, Link{Target: t, Label: lab, Line: line + i})
		}
		if strings.Contains(l, ".md") || strings.Contains(l, ".MD") {
			for _, m := range mdLinkRe.FindAllStringSubmatch(l, -1) {
				if t, ok := NoteLinkTarget(m[1]); ok {
					b.Links = append(b.Links, Link{Target: t, Line: line + i, Markdown: true})
				}
			}
		}
	})
	return b
}

// scanLogs finds dated list items in a person note's body. b.Links are in
// line order, so one pass over them gives each log line its links.
func scanLogs(d *decoder, b Body) []LogLine {
	var out []LogLine
	inFence := false
	next := 0 // the first link not on an earlier line than the current one
	forLines(b.Markdown, func(i int, l string) {
		if fenceRe.MatchString(l) {
			inFence = !inFence
			return
		}
		if inFence {
			return
		}
		m := logRe.FindStringSubmatch(l)
		if m == nil {
			return
		}
		ln := b.Line + i
		date, err := ParseDate(m[1])
		if err != nil {
			d.errorf(ln, "log line: %v", err)
			return
		}
		text := strings.TrimSpace(m[2])
		ll := LogLine{Line: ln, Date: date, Text: text}
		for _, h := range hashtagRe.FindAllStringSubmatch(text, -1) {
			ll.Tags = append(ll.Tags, strings.ToLower(h[1]))
		}
		ll.Tags = unique(ll.Tags)
		for next < len(b.Links) && b.Links[next].Line < ln {
			next++
		}
		for k := next; k < len(b.Links) && b.Links[k].Line == ln; k++ {
			ll.Links = append(ll.Links, b.Links[k])
		}
		out = append(out, ll)
	})
	return out
}

func forLines(body []byte, f func(i int, line string)) {
	i := 0
	for len(body) > 0 {
		j := bytes.IndexByte(body, '\n')
		var l []byte
		if j < 0 {
			l, body = body, nil
		} else {
			l, body = body[:j], body[j+1:]
		}
		f(i, string(l))
		i++
	}
}
