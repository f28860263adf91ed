package contacts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"kith/generator/content"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-vcard"
)

// ParseVCard reads a vCard 3.0 or 4.0 file from r, as exported by Apple Contacts or
// Google Contacts; name is the file name used in messages. Each card becomes a Contact:
// FN (else N) is the name, the first ORG component the org, TITLE the role, the
// preferred EMAIL and TEL, URL (a linkedin.com URL, or one labelled LinkedIn with
// Apple's itemN.X-ABLabel, is the LinkedIn profile, another the website), BDAY with or
// without a year, NOTE as the note body, CATEGORIES as tags plus the tag "vcard".
// PHOTO and other properties are ignored. A card without any name, or for an
// organisation rather than a person, is a RowError. A file that is not a sequence of
// BEGIN:VCARD … END:VCARD cards is a *ParseError naming the line, and no contact is
// returned.
func ParseVCard(r io.Reader, name string) ([]Contact, []RowError, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, &ParseError{File: name, Err: fmt.Errorf("read: %w", err)}
	}
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	cards, err := splitCards(string(data))
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.File = name
		}
		return nil, nil, err
	}
	var contacts []Contact
	var bad []RowError
	for _, ct := range cards {
		card, err := vcard.NewDecoder(strings.NewReader(ct.text)).Decode()
		if err != nil {
			return nil, nil, &ParseError{File: name, Line: ct.line, Err: err}
		}
		c, reason := cardContact(card)
		if reason != "" {
			bad = append(bad, RowError{File: name, Line: ct.line, Reason: reason})
			continue
		}
		c.Line = ct.line
		contacts = append(contacts, c)
	}
	return contacts, bad, nil
}

// cardText is the source text of one card and the line of its BEGIN:VCARD.
type cardText struct {
	line int
	text string
}

// splitCards cuts a vCard file into cards, checking the structure the decoder would
// silently skip over (stray text, property lines without a colon, a missing END), so
// that a damaged file is refused with a line number instead of half-imported.
func splitCards(data string) ([]cardText, error) {
	var cards []cardText
	start, begin := -1, 0 // byte offset and line of the open card's BEGIN
	offset := 0
	for line := 1; offset < len(data); line++ {
		end := strings.IndexByte(data[offset:], '\n')
		next := len(data)
		if end >= 0 {
			next = offset + end + 1
		}
		raw := strings.TrimRight(data[offset:next], "\r\n")
		text := strings.TrimSpace(raw)
		switch {
		case start < 0 && text == "":
		case start < 0 && strings.EqualFold(text, "BEGIN:VCARD"):
			start, begin = offset, line
		case start < 0:
			return nil, &ParseError{Line: line, Err: fmt.Errorf("expected BEGIN:VCARD, found %q", short(text))}
		case strings.EqualFold(text, "END:VCARD"):
			cards = append(cards, cardText{line: begin, text: data[start:next]})
			start = -1
		case strings.EqualFold(text, "BEGIN:VCARD"):
			return nil, &ParseError{Line: begin, Err: fmt.Errorf("card has no END:VCARD before the next BEGIN:VCARD on line %d", line)}
		case text == "" || raw[0] == ' ' || raw[0] == '\t':
			// a blank line or a folded continuation of the previous property
		case !strings.Contains(raw, ":"):
			return nil, &ParseError{Line: line, Err: fmt.Errorf("malformed property line %q; expected NAME:value", short(text))}
		}
		offset = next
	}
	if start >= 0 {
		return nil, &ParseError{Line: begin, Err: errors.New("card has no END:VCARD")}
	}
	if len(cards) == 0 {
		return nil, &ParseError{Err: errors.New("no vCard found; expected cards from BEGIN:VCARD to END:VCARD")}
	}
	return cards, nil
}

// short cuts s for quoting in a message.
func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// cardContact builds the contact of one card, or says why the card is not a person.
func cardContact(card vcard.Card) (Contact, string) {
	switch kind := card.Kind(); {
	case kind != vcard.KindIndividual:
		return Contact{}, fmt.Sprintf("card is of KIND %s, not a person", kind)
	case strings.EqualFold(card.Value("X-ABSHOWAS"), "COMPANY"):
		return Contact{}, "card is a company, not a person"
	}
	c := Contact{
		Name:  cleanLine(unescape(card.PreferredValue(vcard.FieldFormattedName))),
		Org:   cleanLine(unescape(firstComponent(card.PreferredValue(vcard.FieldOrganization)))),
		Role:  cleanLine(unescape(card.PreferredValue(vcard.FieldTitle))),
		Email: cleanLine(strings.TrimPrefix(unescape(card.PreferredValue(vcard.FieldEmail)), "mailto:")),
		Phone: cleanLine(strings.TrimPrefix(unescape(card.PreferredValue(vcard.FieldTelephone)), "tel:")),
		Note:  cleanText(unescape(card.PreferredValue(vcard.FieldNote))),
	}
	if c.Name == "" {
		c.Name = nameFromN(card.Name())
	}
	if c.Name == "" {
		return Contact{}, "card has no FN or N name"
	}
	if content.FileBase(c.Name) == "" {
		return Contact{}, fmt.Sprintf("name %q gives no usable file name", c.Name)
	}
	if c.Role == "" {
		c.Role = cleanLine(unescape(card.PreferredValue(vcard.FieldRole)))
	}
	c.LinkedIn, c.Website = cardURLs(card)
	if f := card.Preferred(vcard.FieldBirthday); f != nil {
		c.Birthday = parseBirthday(f.Value, f.Params.Get("X-APPLE-OMIT-YEAR"))
	}
	for _, f := range card[vcard.FieldCategories] {
		for _, t := range strings.Split(f.Value, ",") {
			if t = cleanLine(unescape(t)); !strings.EqualFold(t, "myContacts") { // Google's group of every contact
				c.Tags = addTag(c.Tags, t)
			}
		}
	}
	c.Tags = addTag(c.Tags, "vcard")
	return c, ""
}

// nameFromN joins the components of a structured N name in reading order.
func nameFromN(n *vcard.Name) string {
	if n == nil {
		return ""
	}
	parts := []string{n.HonorificPrefix, n.GivenName, n.AdditionalName, n.FamilyName, n.HonorificSuffix}
	for i := range parts {
		parts[i] = unescape(parts[i])
	}
	return cleanLine(strings.Join(parts, " "))
}

// cardURLs picks the LinkedIn profile and the website among URL and Apple
// X-SOCIALPROFILE properties. Apple labels grouped properties with itemN.X-ABLabel; a
// bare handle labelled LinkedIn becomes a profile URL.
func cardURLs(card vcard.Card) (linkedIn, website string) {
	labels := map[string]string{}
	for _, f := range card["X-ABLABEL"] {
		if f.Group != "" {
			labels[strings.ToLower(f.Group)] = strings.ToLower(f.Value)
		}
	}
	websitePref := false
	for _, f := range card[vcard.FieldURL] {
		u := cleanLine(unescape(f.Value))
		if u == "" {
			continue
		}
		if strings.Contains(labels[strings.ToLower(f.Group)], "linkedin") && !strings.ContainsAny(u, "./") {
			u = "https://www.linkedin.com/in/" + u
		}
		u = withScheme(u)
		if isLinkedInURL(u) {
			if linkedIn == "" {
				linkedIn = u
			}
			continue
		}
		pref := f.Params.HasType("pref") || f.Params.Get(vcard.ParamPreferred) != ""
		if website == "" || (pref && !websitePref) {
			website, websitePref = u, pref
		}
	}
	for _, f := range card["X-SOCIALPROFILE"] {
		if u := withScheme(cleanLine(unescape(f.Value))); linkedIn == "" && isLinkedInURL(u) {
			linkedIn = u
		}
	}
	return linkedIn, website
}

// withScheme adds https:// to a URL written without a scheme (linkedin.com/in/ana).
func withScheme(u string) string {
	if u == "" || strings.Contains(u, "://") || strings.HasPrefix(u, "mailto:") {
		return u
	}
	return "https://" + u
}

// isLinkedInURL reports whether u points at linkedin.com or one of its subdomains.
func isLinkedInURL(u string) bool {
	p, err := url.Parse(withScheme(u))
	if err != nil {
		return false
	}
	host := strings.ToLower(p.Hostname())
	return host == "linkedin.com" || strings.HasSuffix(host, ".linkedin.com")
}

// firstComponent returns the first ;-separated component of a structured value,
// leaving escaped semicolons (\;) inside it.
func firstComponent(v string) string {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case ';':
			return v[:i]
		}
	}
	return v
}

// unescape resolves the vCard escapes go-vcard leaves in a text value (\; \: \N and
// the like); it has already turned \\ \n and \, into their characters.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i == len(s)-1 {
			b.WriteByte(s[i])
			continue
		}
		i++
		if s[i] == 'n' || s[i] == 'N' {
			b.WriteByte('\n')
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// appleNoYear is the year Apple Contacts writes for a birthday without a year.
const appleNoYear = "1604"

// parseBirthday turns a BDAY value (1985-04-12, 19850412, --04-12, --0412, optionally
// with a time) into "YYYY-MM-DD", or "MM-DD" when the year is absent; "" when the value
// is not a date (vCard 4.0 allows free text such as "circa 1800").
func parseBirthday(v, omitYear string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, 'T'); i >= 0 {
		v = v[:i]
	}
	year, month, day := "", "", ""
	digits := strings.ReplaceAll(v, "-", "")
	switch {
	case strings.HasPrefix(v, "--") && len(digits) == 4:
		month, day = digits[:2], digits[2:]
	case len(digits) == 8 && (len(v) == 8 || len(v) == 10 && v[4] == '-' && v[7] == '-'):
		year, month, day = digits[:4], digits[4:6], digits[6:]
	default:
		return ""
	}
	if strings.Trim(digits, "0123456789") != "" {
		return ""
	}
	if year == appleNoYear || (omitYear != "" && year == omitYear) {
		year = ""
	}
	check := year
	if check == "" {
		check = "2000" // a leap year, so that 02-29 is a valid birthday
	}
	if _, err := time.Parse(time.DateOnly, check+"-"+month+"-"+day); err != nil {
		return ""
	}
	if year == "" {
		return month + "-" + day
	}
	return year + "-" + month + "-" + day
}
