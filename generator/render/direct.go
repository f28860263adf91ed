package render

import (
	"kith/generator/content"
	"kith/generator/journal"
)

// Direct writers. A journal of 2,000 people has 20,000 entry pages and 2,000
// person pages, and html/template spends about a microsecond and a half on
// each of a page's actions, in reflection and escaping: most of a build. So
// the default theme's entry and person pages are also written here, straight
// from Go, byte for byte what base.html with entry.html or person.html (and
// the favor and followup partials) renders. Every value goes through a
// writer method that escapes it as html/template does in that place
// (escape.go). The cached partials (person chip, entry row, timeline rows)
// are written here too (directFragments); the header and footer still come
// from _chrome.html, once per section and depth.
//
// A theme uses these writers only when all its templates are the default
// theme's, byte for byte (ParseTheme); a journal that overrides any template
// is rendered by html/template alone. TestDirect renders every page of the
// test journals both ways and requires the same bytes, so a change to one of
// these templates must be made here too.

// directWriters returns the page kinds written directly, by template name.
func directWriters() map[string]func(writer, *Page) error {
	return map[string]func(writer, *Page) error{
		"entry":  entryPage,
		"person": personPage,
	}
}

// layout writes base.html around the content written by body.
func layout(w writer, p *Page, body func(writer, *Page) error) error {
	w.lit("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'\">\n<title>")
	if p.Kind != "home" {
		w.text(p.Title)
		w.lit(" · ")
	}
	w.text(p.J.Config.Title)
	w.lit("</title>\n<link rel=\"stylesheet\" href=\"")
	w.url(p.Asset("style.css"))
	w.lit("\">\n<script src=\"")
	w.url(p.Asset("theme.js"))
	w.lit("\"></script>\n</head>\n<body class=\"page-")
	w.text(p.Kind)
	w.lit("\">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
	if err := w.cached(p, "chrome-top", "Section", p.Section()); err != nil {
		return err
	}
	w.lit("\n<main id=\"main\" class=\"wrap\">\n")
	if err := body(w, p); err != nil {
		return err
	}
	w.lit("\n</main>\n")
	if err := w.cached(p, "chrome-foot", "Section", ""); err != nil {
		return err
	}
	w.lit("\n<script src=\"")
	w.url(p.Asset("kith.js"))
	w.lit("\" defer></script>\n</body>\n</html>\n")
	return nil
}

// cached writes a cached fragment (Page.Cached).
func (w writer) cached(p *Page, name, field string, x any) error {
	h, err := p.Cached(name, field, x)
	w.html(h)
	return err
}

// href writes the address of a page as an href value.
func (w writer) href(p *Page, to Linker) { w.url(p.relative(to.URL())) }

// link writes a link to a page: <a href="...">text</a>.
func (w writer) link(p *Page, to Linker, text string) {
	w.lit("<a href=\"")
	w.href(p, to)
	w.lit("\">")
	w.text(text)
	w.lit("</a>")
}

// kind writes the label of an interaction's kind.
func (w writer) kind(kind string) {
	w.lit("<span class=\"kind kind-")
	w.text(kind)
	w.lit("\">")
	w.text(kind)
	w.lit("</span>")
}

// entryPage writes entry.html.
func entryPage(w writer, p *Page) error {
	e := p.Entry
	w.lit("\n<article class=\"entry\">\n  <header>\n    <p class=\"meta\">")
	w.html(dateLong(e.Date))
	w.lit(" · ")
	w.kind(e.Kind)
	if e.Event != nil {
		w.lit(" · at ")
		w.link(p, e.Event, e.Event.Name)
	}
	w.lit("</p>\n    <h1>")
	w.text(e.Title)
	w.lit("</h1>\n    ")
	if len(e.People) > 0 {
		w.lit("<p class=\"people-chips\">")
		for _, x := range e.People {
			if err := w.cached(p, "person-chip", "Person", x); err != nil {
				return err
			}
			w.lit(" ")
		}
		w.lit("</p>")
	}
	w.lit("\n  </header>\n  ")
	if e.Gave != "" || e.Received != "" || !e.FollowUp.IsZero() {
		w.lit("\n  <dl class=\"favors\">\n    ")
		if e.Gave != "" {
			w.lit("<dt>I gave</dt><dd>")
			w.text(e.Gave)
			w.lit("</dd>")
		}
		w.lit("\n    ")
		if e.Received != "" {
			w.lit("<dt>I received</dt><dd>")
			w.text(e.Received)
			w.lit(" ")
			if e.ThankedSet {
				w.lit("<span class=\"badge ok\">thanked")
				if !e.Thanked.IsZero() {
					w.lit(" ")
					w.html(dateHTML(e.Thanked))
				}
				w.lit("</span>")
			} else {
				w.lit("<span class=\"badge warn\">not thanked yet</span>")
			}
			w.lit("</dd>")
		}
		w.lit("\n    ")
		if !e.FollowUp.IsZero() {
			w.lit("<dt>Follow up by</dt><dd>")
			w.html(dateHTML(e.FollowUp))
			w.lit("</dd>")
		}
		w.lit("\n  </dl>\n  ")
	}
	w.lit("\n  ")
	tagLinks(w, p, e.Tags)
	w.lit("\n  <div class=\"prose\">")
	if err := p.Markdown.WriteNote(w.b, e.Path, e.Body.Markdown); err != nil {
		return err
	}
	w.lit("</div>\n  <p class=\"source muted\"><small>")
	w.text(e.Path)
	w.lit("</small></p>\n</article>\n")
	return nil
}

// personPage writes person.html.
func personPage(w writer, p *Page) error {
	x := p.Person
	w.lit("\n<article class=\"profile\">\n<header class=\"profile-head\">\n  <span class=\"avatar lg\" style=\"--h:")
	w.int(hue(x.Name))
	w.lit("\" aria-hidden=\"true\">")
	w.text(initials(x.Name))
	w.lit("</span>\n  <div>\n    <h1>")
	w.text(x.Name)
	w.lit("</h1>\n    <p class=\"sub\">")
	w.text(x.Role)
	if x.Role != "" && x.Org != nil {
		w.lit(" at ")
	}
	if x.Org != nil {
		w.link(p, x.Org, x.Org.Name)
	}
	if x.Location != "" {
		w.lit(" · ")
		w.text(x.Location)
	}
	w.lit("</p>\n    ")
	if len(x.Aliases) > 0 {
		w.lit("<p class=\"aliases\">Also known as ")
		for i, a := range x.Aliases {
			if i > 0 {
				w.lit(", ")
			}
			w.lit("<strong>")
			w.text(a.Text)
			w.lit("</strong>")
		}
		w.lit("</p>")
	}
	w.lit("\n    ")
	tagLinks(w, p, x.Tags)
	w.lit("\n  </div>\n</header>\n\n<div class=\"facts\">\n  <section class=\"fact\">\n    <h2>How we met</h2>\n    ")
	if !x.Met.Date.IsZero() || x.Met.Where != "" || x.IntroducedBy != nil {
		w.lit("\n    <p>")
		w.html(dateHTML(x.Met.Date))
		if x.Met.Where != "" {
			w.lit(" at ")
			w.text(x.Met.Where)
		}
		if x.IntroducedBy != nil {
			w.lit(", introduced by ")
			w.link(p, x.IntroducedBy, x.IntroducedBy.Name)
		}
		w.lit("</p>\n    ")
	} else {
		w.lit("<p class=\"muted\">Not recorded.</p>")
	}
	w.lit("\n  </section>\n  <section class=\"fact\">\n    <h2>Keeping in touch</h2>\n    <p>Last contact: ")
	if x.LastContact.IsZero() {
		w.lit("<span class=\"muted\">none logged</span>")
	} else {
		w.html(dateHTML(x.LastContact))
		w.lit(" <small>(")
		w.text(ago(p.J.Today, x.LastContact))
		w.lit(")</small>")
	}
	w.lit("</p>\n    ")
	if !x.Cadence.IsZero() {
		w.lit("<p>Cadence: ")
		w.text(x.Cadence.Words())
		if x.KeepInTouch.IsZero() {
			w.lit(" <small>(journal default)</small>")
		}
		w.lit("</p>")
	}
	w.lit("\n    ")
	if b := x.Birthday; !b.IsZero() {
		w.lit("<p>Birthday: ")
		w.int(b.Day)
		w.lit(" ")
		w.text(b.Month.String())
		if b.Year != 0 {
			w.lit(" ")
			w.int(b.Year)
		}
		w.lit("</p>")
	}
	w.lit("\n  </section>\n  ")
	pills(w, "Expert at", "pills", x.Expertise)
	w.lit("\n  ")
	pills(w, "What makes them happy", "pills warm", x.Likes)
	w.lit("\n  ")
	if c := x.Contact; c.Email != "" || c.Phone != "" || c.LinkedIn != "" || c.Website != "" {
		w.lit("<section class=\"fact\"><h2>Contact</h2><ul class=\"contact\">\n    ")
		if c.Email != "" {
			w.lit("<li><a href=\"mailto:")
			w.urlPart(c.Email)
			w.lit("\">")
			w.text(c.Email)
			w.lit("</a></li>")
		}
		w.lit("\n    ")
		if c.Phone != "" {
			w.lit("<li><a href=\"tel:")
			w.urlPart(c.Phone)
			w.lit("\">")
			w.text(c.Phone)
			w.lit("</a></li>")
		}
		w.lit("\n    ")
		if c.LinkedIn != "" {
			w.lit("<li><a href=\"")
			w.url(c.LinkedIn)
			w.lit("\" rel=\"noreferrer noopener\">LinkedIn</a></li>")
		}
		w.lit("\n    ")
		if c.Website != "" {
			w.lit("<li><a href=\"")
			w.url(c.Website)
			w.lit("\" rel=\"noreferrer noopener\">")
			w.text(c.Website)
			w.lit("</a></li>")
		}
		w.lit("\n  </ul></section>")
	}
	w.lit("\n</div>\n\n")
	if len(x.Favors) > 0 || len(x.FollowUps) > 0 {
		w.lit("\n<section class=\"open-threads\">\n  <h2>Open threads</h2>\n  <ul class=\"threads\">\n    ")
		for _, f := range x.Favors {
			if err := favor(w, p, f); err != nil {
				return err
			}
		}
		w.lit("\n    ")
		for _, f := range x.FollowUps {
			followUp(w, p, f)
		}
		w.lit("\n  </ul>\n</section>\n")
	}
	w.lit("\n\n")
	if x.IntroducedBy != nil || len(x.Introduced) > 0 {
		w.lit("\n<section class=\"intros\">\n  <h2>Introductions</h2>\n  ")
		if x.IntroducedBy != nil {
			w.lit("<p>Introduced by ")
			if err := w.cached(p, "person-chip", "Person", x.IntroducedBy); err != nil {
				return err
			}
			w.lit("</p>")
		}
		w.lit("\n  ")
		if len(x.Introduced) > 0 {
			w.lit("<p>Introduced me to ")
			for _, y := range x.Introduced {
				if err := w.cached(p, "person-chip", "Person", y); err != nil {
					return err
				}
				w.lit(" ")
			}
			w.lit("</p>")
		}
		w.lit("\n</section>\n")
	}
	w.lit("\n\n")
	if len(x.Body.Markdown) > 0 {
		w.lit("<section class=\"notes prose\"><h2>Notes</h2>")
		if err := p.Markdown.WriteNote(w.b, x.Path, x.Body.Markdown); err != nil {
			return err
		}
		w.lit("</section>")
	}
	w.lit("\n\n<section class=\"timeline-wrap\">\n  <h2>Timeline</h2>\n  <div id=\"timeline\" class=\"timeline\">\n  ")
	years := p.J.Timeline(x)
	for _, y := range years {
		w.lit("\n    <section class=\"year\">\n      <h3>")
		w.int(y.Year)
		w.lit("</h3>\n      <ol>\n      ")
		for _, m := range y.Moments {
			w.lit("\n        ")
			if err := moment(w, p, m); err != nil {
				return err
			}
			w.lit("\n      ")
		}
		w.lit("\n      </ol>\n    </section>\n  ")
	}
	if len(years) == 0 {
		w.lit("<p class=\"empty\">Nothing logged with ")
		w.text(x.Name)
		w.lit(" yet. Add a dated line to their note, like <code>- ")
		w.text(p.J.Today.String())
		w.lit(" Coffee #meeting</code>.</p>\n  ")
	}
	w.lit("\n  </div>\n</section>\n\n")
	if len(x.Mentions) > 0 {
		w.lit("\n<section class=\"mentions\">\n  <h2>Mentioned in</h2>\n  <ul>")
		for _, m := range x.Mentions {
			w.lit("\n    <li>")
			switch {
			case m.Person != nil:
				w.link(p, m.Person, m.Person.Name)
				w.lit("’s note")
			case m.Entry != nil:
				w.html(dateHTML(m.Entry.Date))
				w.lit(" ")
				w.link(p, m.Entry, m.Entry.Title)
			case m.Event != nil:
				w.link(p, m.Event, m.Event.Name)
			}
			w.lit("</li>\n  ")
		}
		w.lit("</ul>\n</section>\n")
	}
	w.lit("\n<p class=\"source muted\"><small>")
	w.text(x.Path)
	w.lit("</small></p>\n</article>\n")
	return nil
}

// tagLinks writes a paragraph of links to tags, or nothing for no tags.
func tagLinks(w writer, p *Page, tags []*journal.Tag) {
	if len(tags) == 0 {
		return
	}
	w.lit("<p class=\"tags\">")
	for _, t := range tags {
		w.lit("<a class=\"tag\" href=\"")
		w.href(p, t)
		w.lit("\">#")
		w.text(t.Name)
		w.lit("</a>")
	}
	w.lit("</p>")
}

// pills writes a fact section listing words, or nothing for no words.
func pills(w writer, title, class string, words []string) {
	if len(words) == 0 {
		return
	}
	w.lit("<section class=\"fact\"><h2>")
	w.lit(title)
	w.lit("</h2><ul class=\"")
	w.lit(class)
	w.lit("\">")
	for _, s := range words {
		w.lit("<li>")
		w.text(s)
		w.lit("</li>")
	}
	w.lit("</ul></section>")
}

// moment writes one row of a person's timeline.
func moment(w writer, p *Page, m journal.Moment) error {
	switch {
	case m.Event != nil:
		if err := w.cached(p, "moment-event", "Event", m.Event); err != nil {
			return err
		}
		w.lit("\n        ")
		return nil
	case m.Interaction != nil && m.Interaction.Entry != nil:
		if err := w.cached(p, "moment-entry", "Entry", m.Interaction.Entry); err != nil {
			return err
		}
		w.lit("\n        ")
		return nil
	}
	it := m.Interaction
	if it != nil {
		momentOpen(w, m.Upcoming, it.Gave, it.Received, it.Thanked)
	} else {
		momentOpen(w, m.Upcoming, false, false, false)
	}
	w.html(dateHTML(m.Date))
	w.lit("\n          ")
	if m.Met {
		x := p.Person
		w.lit("<span class=\"kind kind-met\">first met</span> <span>")
		if x.Met.Where != "" {
			w.lit("at ")
			w.text(x.Met.Where)
		} else {
			w.lit("first meeting")
		}
		if x.IntroducedBy != nil {
			w.lit(", introduced by ")
			w.link(p, x.IntroducedBy, x.IntroducedBy.Name)
		}
		w.lit("</span>\n          ")
	} else if it != nil {
		w.lit("\n            ")
		if it.Kind != "" {
			w.kind(it.Kind)
		}
		w.lit("\n            <span>")
		if err := p.Markdown.WriteInline(w.b, content.Unlabel(it.Log.Text)); err != nil {
			return err
		}
		w.lit("</span>\n            ")
		badges(w, it.Gave, it.Received, it.Thanked)
		w.lit("\n          ")
	}
	w.lit("\n          ")
	if m.Upcoming {
		w.lit("<small class=\"muted\">upcoming</small>")
	}
	w.lit("\n        </li>")
	return nil
}

// momentOpen writes the start of a timeline row, with its classes.
func momentOpen(w writer, upcoming, gave, received, thanked bool) {
	w.lit("<li class=\"moment")
	if upcoming {
		w.lit(" upcoming-moment")
	}
	if gave {
		w.lit(" gave")
	}
	if received {
		w.lit(" received")
	}
	if thanked {
		w.lit(" thanked")
	}
	w.lit("\">\n          ")
}

// badges writes the gave, received and thanked badges of an interaction.
func badges(w writer, gave, received, thanked bool) {
	if gave {
		w.lit("<span class=\"badge ok\">gave</span>")
	}
	if received {
		w.lit("<span class=\"badge warn\">received</span>")
	}
	if thanked {
		w.lit("<span class=\"badge ok\">thanked</span>")
	}
}

// favor writes the "favor" partial.
func favor(w writer, p *Page, f *journal.Favor) error {
	w.lit("\n<li class=\"thread thread-thanks\">\n  <div class=\"thread-main\">\n    <a class=\"who\" href=\"")
	w.href(p, f.Person)
	w.lit("\">")
	w.text(f.Person.Name)
	w.lit("</a>\n    <span class=\"what\">")
	if err := p.Markdown.WriteInline(w.b, content.Unlabel(f.What)); err != nil {
		return err
	}
	w.lit("</span>\n  </div>\n  <div class=\"thread-meta\">")
	w.html(dateHTML(f.Date))
	w.lit(" · <span class=\"waited\">waiting ")
	w.text(span(f.Waited))
	w.lit("</span>")
	if f.Entry != nil {
		w.lit(" · <a href=\"")
		w.href(p, f.Entry)
		w.lit("\">entry</a>")
	}
	w.lit("</div>\n</li>\n")
	return nil
}

// followUp writes the "followup" partial.
func followUp(w writer, p *Page, f *journal.FollowUp) {
	w.lit("\n<li class=\"thread thread-")
	w.text(f.Reason)
	w.lit("\">\n  <div class=\"thread-main\">\n    <a class=\"who\" href=\"")
	w.href(p, f.Person)
	w.lit("\">")
	w.text(f.Person.Name)
	w.lit("</a>\n    ")
	switch f.Reason {
	case journal.ReasonFollowUp:
		w.lit("<span class=\"what\">follow up on ")
		w.link(p, f.Entry, f.Entry.Title)
		w.lit("</span>\n    ")
	case journal.ReasonCadence:
		w.lit("<span class=\"what\">keep in touch ")
		w.text(f.Person.Cadence.Words())
		w.lit("</span>\n    ")
	default:
		w.lit("<span class=\"what\">new connection")
		if f.Person.Met.Where != "" {
			w.lit(" from ")
			w.text(f.Person.Met.Where)
		}
		w.lit(", no contact since meeting</span>")
	}
	w.lit("\n  </div>\n  <div class=\"thread-meta\">\n    ")
	if f.Overdue >= 0 {
		w.lit("<span class=\"overdue\">")
		if f.Overdue == 0 {
			w.lit("due today")
		} else {
			w.text(span(f.Overdue))
			w.lit(" overdue")
		}
		w.lit("</span>")
	} else {
		w.lit("due ")
		w.text(ago(p.J.Today, f.Due))
	}
	w.lit("\n    · due ")
	w.html(dateHTML(f.Due))
	w.lit(" · last contact ")
	if f.LastContact.IsZero() {
		w.lit("never")
	} else {
		w.html(dateHTML(f.LastContact))
	}
	w.lit("\n  </div>\n</li>\n")
}

// directFragments returns the cached partials written directly, by name;
// each takes the value Page.Cached is given.
func directFragments() map[string]func(writer, *Page, any) {
	return map[string]func(writer, *Page, any){
		"person-chip":  func(w writer, p *Page, x any) { personChip(w, p, x.(*journal.Person)) },
		"entry-row":    func(w writer, p *Page, x any) { entryRow(w, p, x.(*journal.Entry)) },
		"moment-entry": func(w writer, p *Page, x any) { momentEntry(w, p, x.(*journal.Entry)) },
		"moment-event": func(w writer, p *Page, x any) { momentEvent(w, p, x.(*journal.Event)) },
	}
}

// personChip writes the "person-chip" partial.
func personChip(w writer, p *Page, x *journal.Person) {
	w.lit("<a class=\"chip\" href=\"")
	w.href(p, x)
	w.lit("\"><span class=\"avatar sm\" style=\"--h:")
	w.int(hue(x.Name))
	w.lit("\" aria-hidden=\"true\">")
	w.text(initials(x.Name))
	w.lit("</span>")
	w.text(x.Name)
	w.lit("</a>")
}

// entryRow writes the "entry-row" partial, with "people-inline".
func entryRow(w writer, p *Page, e *journal.Entry) {
	w.lit("\n<li class=\"entry-row\">\n  ")
	w.html(dateHTML(e.Date))
	w.lit("\n  ")
	w.kind(e.Kind)
	w.lit("\n  ")
	w.link(p, e, e.Title)
	w.lit("\n  ")
	if len(e.People) > 0 {
		w.lit("<small class=\"with\">with ")
		for i, x := range e.People {
			if i > 0 {
				w.lit(", ")
			}
			w.link(p, x, x.Name)
		}
		w.lit("</small>")
	}
	w.lit("\n</li>\n")
}

// momentEntry writes the "moment-entry" partial: an entry on a timeline.
func momentEntry(w writer, p *Page, e *journal.Entry) {
	up := e.Date.After(p.J.Today)
	momentOpen(w, up, e.Gave != "", e.Received != "", e.ThankedSet)
	w.html(dateHTML(e.Date))
	w.lit("\n          ")
	if e.Kind != "" {
		w.kind(e.Kind)
	}
	w.lit("\n          ")
	w.link(p, e, e.Title)
	if e.Gave != "" {
		w.lit("<span class=\"favor gave-text\">I gave: ")
		w.text(e.Gave)
		w.lit("</span>")
	}
	if e.Received != "" {
		w.lit("<span class=\"favor received-text\">They gave: ")
		w.text(e.Received)
		w.lit("</span>")
	}
	w.lit("\n          ")
	badges(w, e.Gave != "", e.Received != "", e.ThankedSet)
	w.lit("\n          ")
	if up {
		w.lit("<small class=\"muted\">upcoming</small>")
	}
	w.lit("\n        </li>")
}

// momentEvent writes the "moment-event" partial: an event on a timeline.
func momentEvent(w writer, p *Page, e *journal.Event) {
	up := e.Date.After(p.J.Today)
	momentOpen(w, up, false, false, false)
	w.html(dateHTML(e.Date))
	w.lit("\n          <span class=\"kind kind-event\">event</span> ")
	w.link(p, e, e.Name)
	if e.Location != "" {
		w.lit(" <small>· ")
		w.text(e.Location)
		w.lit("</small>")
	}
	w.lit("\n          ")
	if up {
		w.lit("<small class=\"muted\">upcoming</small>")
	}
	w.lit("\n        </li>")
}
