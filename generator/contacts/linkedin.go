package contacts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"kith/generator/content"
	"strings"
	"time"
)

// linkedInColumn is a column of a LinkedIn Connections.csv header and the field it fills.
type linkedInColumn struct{ field, header string }

// linkedInColumns lists the known columns. Older exports lack "URL"; matching is by
// name, so order does not matter.
func linkedInColumns() []linkedInColumn {
	return []linkedInColumn{
		{"first", "first name"},
		{"last", "last name"},
		{"url", "url"},
		{"email", "email address"},
		{"company", "company"},
		{"position", "position"},
		{"connected", "connected on"},
	}
}

// linkedInExpected is the header the error message names.
const linkedInExpected = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"

// ParseLinkedIn reads a LinkedIn Connections.csv export from r; name is the file name
// used in messages. It skips the free-text notes before the header line, a UTF-8 BOM
// and CRLF line endings, and maps columns by name, so exports without the URL column
// work too. Each row becomes a Contact met on LinkedIn (MetWhere "LinkedIn", tag
// "linkedin", MetDate from Connected On). Rows without a first or last name, or with
// an unreadable date, are returned as RowErrors and the rest is still imported. A file
// without a recognisable header is a *ParseError.
func ParseLinkedIn(r io.Reader, name string) ([]Contact, []RowError, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, &ParseError{File: name, Err: fmt.Errorf("read: %w", err)}
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, nil, &ParseError{File: name, Err: errors.New("file is UTF-16; save it as UTF-8 (LinkedIn's own export is UTF-8)")}
	}
	data = bytes.TrimPrefix(data, []byte(utf8BOM))

	offset, headerLine, cols, ok := findLinkedInHeader(data)
	if !ok {
		return nil, nil, &ParseError{File: name, Err: fmt.Errorf("no LinkedIn header line found; expected a line %q (URL is optional)", linkedInExpected)}
	}

	cr := csv.NewReader(bytes.NewReader(data[offset:]))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true // names like `Dana "DJ" Okafor` appear unquoted
	if _, err := cr.Read(); err != nil {
		return nil, nil, &ParseError{File: name, Line: headerLine, Err: err}
	}
	var contacts []Contact
	var bad []RowError
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := headerLine
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = headerLine + pe.Line - 1
				err = pe.Err
			}
			return nil, nil, &ParseError{File: name, Line: line, Err: err}
		}
		fieldLine, _ := cr.FieldPos(0)
		line := headerLine + fieldLine - 1
		get := func(field string) string {
			i, ok := cols[field]
			if !ok || i >= len(rec) {
				return ""
			}
			return cleanLine(rec[i])
		}
		c, reason := linkedInContact(get)
		if reason != "" {
			bad = append(bad, RowError{File: name, Line: line, Reason: reason})
			continue
		}
		c.Line = line
		contacts = append(contacts, c)
	}
	return contacts, bad, nil
}

// linkedInContact builds the contact of one row, or says why the row is invalid.
func linkedInContact(get func(field string) string) (Contact, string) {
	c := Contact{
		Name:     cleanLine(get("first") + " " + get("last")),
		Org:      get("company"),
		Role:     get("position"),
		Email:    strings.TrimPrefix(get("email"), "mailto:"),
		LinkedIn: get("url"),
		MetWhere: "LinkedIn",
		Tags:     []string{"linkedin"},
	}
	if c.Name == "" {
		return Contact{}, "row has neither First Name nor Last Name"
	}
	if content.FileBase(c.Name) == "" {
		return Contact{}, fmt.Sprintf("name %q gives no usable file name", c.Name)
	}
	if on := get("connected"); on != "" {
		d, ok := parseLinkedInDate(on)
		if !ok {
			return Contact{}, fmt.Sprintf("Connected On %q is not a date like 12 Mar 2024 or 2024-03-12", on)
		}
		c.MetDate = d
	}
	return c, ""
}

// parseLinkedInDate turns "12 Mar 2024" or "2024-03-12" into "2024-03-12"; it also
// accepts "12 March 2024" and "Mar 12, 2024".
func parseLinkedInDate(s string) (string, bool) {
	for _, layout := range [...]string{"2 Jan 2006", "2006-01-02", "2 January 2006", "Jan 2, 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

// findLinkedInHeader returns the byte offset and 1-based line of the header line and
// the column index of each field it names. The notes preamble is never parsed as CSV
// across lines, so an unbalanced quote in it cannot swallow the header.
func findLinkedInHeader(data []byte) (offset, line int, cols map[string]int, ok bool) {
	for line = 1; offset < len(data); line++ {
		end := bytes.IndexByte(data[offset:], '\n')
		next := len(data)
		if end >= 0 {
			next = offset + end + 1
		}
		text := bytes.TrimRight(data[offset:next], "\r\n")
		if bytes.Contains(bytes.ToLower(text), []byte("first name")) {
			if cols, ok := linkedInHeader(text); ok {
				return offset, line, cols, true
			}
		}
		offset = next
	}
	return 0, 0, nil, false
}

// linkedInHeader reports whether text is a LinkedIn header line: it names First Name,
// Last Name and at least two of the other known columns.
func linkedInHeader(text []byte) (map[string]int, bool) {
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	rec, err := cr.Read()
	if err != nil {
		return nil, false
	}
	known := linkedInColumns()
	cols := make(map[string]int, len(known))
	for i, h := range rec {
		h = strings.ToLower(cleanLine(h))
		if h == "email" || h == "e-mail address" {
			h = "email address"
		}
		for _, c := range known {
			if _, seen := cols[c.field]; !seen && h == c.header {
				cols[c.field] = i
			}
		}
	}
	_, first := cols["first"]
	_, last := cols["last"]
	return cols, first && last && len(cols) >= 4
}
