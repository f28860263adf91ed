package contacts

import (
	"errors"
	"fmt"
	"io"
	"kith/generator/content"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-vcard"
)

// ParseVCard reads a vCard 2.1, 3.0 or 4.0 file from r, as exported by Apple
// Contacts, Google Contacts, Outlook or Android; name is the file name used in
// messages. The file may be UTF-8, UTF-16 or Windows-1252 (see textReader), and
// 2.1 properties go through our pre-pass (see vcard21.go) before the library reads
// them. Each card becomes a Contact: FN (else N, else the name part of the email,
// with a warning) is the name, the first ORG component the org, TITLE the role,
// the preferred EMAIL and TEL, URL (a linkedin.com URL, or one labelled LinkedIn
// with Apple's itemN.X-ABLabel, is the LinkedIn profile, another the website), BDAY
// with or without a year (a BDAY that is no date is a warning), NOTE as the note
// body, CATEGORIES as tags plus the tag "vcard". PHOTO and other properties are
// ignored. A card without any name or email, or for an organisation rather than a
// person, is a RowError. A file that is not a sequence of BEGIN:VCARD … END:VCARD
// cards is a *ParseError naming the line, and no contact is returned.
func ParseVCard(r io.Reader, name string) ([]Contact, []RowError, error) {
	contacts, bad, err := parseVCard(newLineReader(textReader(r)))
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.File = name
			return nil, nil, pe
		}
		return nil, nil, &ParseError{File: name, Err: fmt.Errorf("read: %w", err)}
	}
	for i := range bad {
		bad[i].File = name
	}
	return contacts, bad, nil
}

// parseVCard cuts the logical lines of a vCard file into cards, checking the
// structure the decoder would silently skip over (stray text, property lines
// without a colon, a missing END), so that a damaged file is refused with a line
// number instead of half-imported, and reads each card.
func parseVCard(lr *lineReader) ([]Contact, []RowError, error) {
	var contacts []Contact
	var bad []RowError
	var card strings.Builder
	begin, cards := 0, 0 // line of the open card's BEGIN; 0 outside a card
	for {
		l, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		text := strings.TrimSpace(l.text)
		switch {
		case begin == 0 && text == "":
		case begin == 0 && strings.EqualFold(text, "BEGIN:VCARD"):
			begin = l.line
			card.Reset()
			card.WriteString("BEGIN:VCARD\r\n")
		case begin == 0:
			return nil, nil, &ParseError{Line: l.line, Err: fmt.Errorf("expected BEGIN:VCARD, found %q", short(text))}
		case strings.EqualFold(text, "END:VCARD"):
			card.WriteString("END:VCARD\r\n")
			c, reason, err := decodeCard(card.String())
			if err != nil {
				return nil, nil, &ParseError{Line: begin, Err: err}
			}
			if reason != "" {
				bad = append(bad, RowError{Line: begin, Reason: reason})
			} else {
				c.Line = begin
				contacts = append(contacts, c)
			}
			begin = 0
			cards++
		case strings.EqualFold(text, "BEGIN:VCARD"):
			return nil, nil, &ParseError{Line: begin, Err: fmt.Errorf("card has no END:VCARD before the next BEGIN:VCARD on line %d", l.line)}
		case text == "":
		case !strings.Contains(l.text, ":"):
			return nil, nil, &ParseError{Line: l.line, Err: fmt.Errorf("malformed property line %q; expected NAME:value", short(text))}
		default:
			prop, err := normalizeProperty(l.text)
			if errors.Is(err, errDropped) {
				continue
			}
			card.WriteString(prop)
			card.WriteString("\r\n")
		}
	}
	if begin > 0 {
		return nil, nil, &ParseError{Line: begin, Err: errors.New("card has no END:VCARD")}
	}
	if cards == 0 {
		return nil, nil, &ParseError{Err: errors.New("no vCard found; expected cards from BEGIN:VCARD to END:VCARD")}
	}
	return contacts, bad, nil
}

// decodeCard reads the text of one card, in vCard 3.0 or 4.0 form, into a contact,
// or says why the card is not one.
func decodeCard(text string) (Contact, string, error) {
	card, err := vcard.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		return Contact{}, "", err
	}
	c, reason := cardContact(card)
	return c, reason, nil
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
	if c.Name == "" && c.Email != "" {
		c.Name = emailName(c.Email)
		c.Warnings = append(c.Warnings, fmt.Sprintf("card has no FN or N name; imported as %q from its email", c.Name))
	}
	if c.Name == "" {
		return Contact{}, "card has no FN or N name and no email"
	}
	if content.FileBase(c.Name) == "" {
		return Contact{}, fmt.Sprintf("name %q gives no usable file name", c.Name)
	}
	if c.Role == "" {
		c.Role = cleanLine(unescape(card.PreferredValue(vcard.FieldRole)))
	}
	c.LinkedIn, c.Website = cardURLs(card)
	if f := card.Preferred(vcard.FieldBirthday); f != nil && strings.TrimSpace(f.Value) != "" {
		c.Birthday = parseBirthday(f.Value, f.Params.Get("X-APPLE-OMIT-YEAR"))
		if c.Birthday == "" {
			c.Warnings = append(c.Warnings, fmt.Sprintf("BDAY %q is not a date like 1985-04-12 or --04-12; imported without birthday", short(cleanLine(f.Value))))
		}
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

// emailName is the name part of an email address, the name a card without
// one is imported under: "dana.okafor+work@example.com" gives "dana.okafor".
func emailName(email string) string {
	local, _, _ := strings.Cut(email, "@")
	local, _, _ = strings.Cut(local, "+")
	return cleanLine(local)
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
