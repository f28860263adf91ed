package contacts

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"kith/generator/content"
	"strconv"
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

// headerLimit bounds how far into a file ParseLinkedIn looks for the header line.
const headerLimit = 1 << 20

// ParseLinkedIn reads a LinkedIn Connections.csv export from r; name is the file name
// used in messages. It skips the free-text notes before the header line, a UTF-8 BOM
// and CRLF line endings, and maps columns by name, so exports without the URL column
// work too. A file re-saved by a spreadsheet may be UTF-16 or Windows-1252; both are
// decoded (see textReader and legacyText). Each row becomes a Contact met on LinkedIn
// (MetWhere "LinkedIn", tag "linkedin", MetDate from Connected On). Rows without a
// first or last name are returned as RowErrors and the rest is still imported; a row
// whose Connected On cannot be read is imported without MetDate, with a warning
// that says so. A file without a recognisable header in its first
// megabyte is a *ParseError. The file is read as a stream, row by row.
func ParseLinkedIn(r io.Reader, name string) ([]Contact, []RowError, error) {
	br := bufio.NewReaderSize(&lineLimit{r: textReader(r)}, 64<<10)
	headerLine, cols, err := findLinkedInHeader(br)
	var long *ParseError // a line too long, from lineLimit
	if errors.As(err, &long) {
		long.File = name
		return nil, nil, long
	}
	if err != nil {
		return nil, nil, &ParseError{File: name, Err: err}
	}

	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true // names like `Dana "DJ" Okafor` appear unquoted
	cr.ReuseRecord = true
	var contacts []Contact
	var connected []string // each contact's Connected On, read once the day order is known
	var bad []RowError
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if errors.As(err, &long) {
			long.File = name
			return nil, nil, long
		}
		if err != nil {
			line := headerLine
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = headerLine + pe.Line
				err = pe.Err
			}
			return nil, nil, &ParseError{File: name, Line: line, Err: err}
		}
		fieldLine, _ := cr.FieldPos(0)
		line := headerLine + fieldLine
		get := func(field string) string {
			i, ok := cols[field]
			if !ok || i >= len(rec) {
				return ""
			}
			return cleanLine(legacyText(rec[i], ""))
		}
		c, reason := linkedInContact(get)
		if reason != "" {
			bad = append(bad, RowError{File: name, Line: line, Reason: reason})
			continue
		}
		c.Line = line
		contacts = append(contacts, c)
		connected = append(connected, get("connected"))
	}
	dayFirst := dayFirstFile(connected)
	for i, on := range connected {
		if on == "" {
			continue
		}
		if d, ok := parseConnectedOn(on, dayFirst); ok {
			contacts[i].MetDate = d
		} else {
			contacts[i].Warnings = append(contacts[i].Warnings,
				fmt.Sprintf("Connected On %q is not a date like 12 Mar 2024, 3/12/24 or 2024-03-12; imported without met.date", on))
		}
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
	return c, ""
}

// connectedLayouts are the Connected On dates with a month name that exports and
// spreadsheets write: LinkedIn's "12 Mar 2024", Excel's "22-Dec-25", and others.
func connectedLayouts() []string {
	return []string{
		"2 Jan 2006", "2 January 2006", "2 Jan 06",
		"Jan 2, 2006", "January 2, 2006", "Jan 2 2006",
		"2-Jan-06", "2-Jan-2006", "2-January-2006",
		"2006-01-02", "2006/01/02",
	}
}

// parseConnectedOn turns a Connected On value into "YYYY-MM-DD". It reads the dates
// of connectedLayouts, with or without a time after them ("2024-03-12 09:30:00"),
// and numeric dates with slashes as LinkedIn wrote them in 2018 ("1/8/18, 6:14 PM")
// and spreadsheets re-save them ("12/22/2025"): month first unless dayFirst, or
// unless the first number cannot be a month. A two-digit year is 20YY.
func parseConnectedOn(s string, dayFirst bool) (string, bool) {
	s = strings.TrimSpace(s)
	if a, b, y, ok := slashDate(s); ok {
		m, d := a, b
		if a > 12 || (dayFirst && b <= 12) {
			m, d = b, a
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if m < 1 || m > 12 || t.Day() != d || t.Month() != time.Month(m) {
			return "", false
		}
		return t.Format(time.DateOnly), true
	}
	if i := strings.IndexAny(s, "T "); i == len("2006-01-02") && strings.Count(s[:i], "-") == 2 {
		s = s[:i] // a date-time from a spreadsheet
	}
	for _, layout := range connectedLayouts() {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

// slashDate splits "1/8/18", "12/22/2025" or "1/8/18, 6:14 PM" into its three
// numbers, the year made four digits.
func slashDate(s string) (a, b, year int, ok bool) {
	if i := strings.IndexAny(s, ", "); i >= 0 {
		s = s[:i] // the time after the date
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || len(p) > 4 || (i < 2 && len(p) > 2) {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	switch len(parts[2]) {
	case 2:
		n[2] += 2000
	case 4:
	default:
		return 0, 0, 0, false
	}
	return n[0], n[1], n[2], true
}

// dayFirstFile decides the order of the numeric dates of one file: day first when
// some date has a first number above 12 (22/12/2025, from a spreadsheet in a
// day-first locale) and none has a second number above 12; else month first, as
// LinkedIn writes them.
func dayFirstFile(dates []string) bool {
	dayFirst, monthFirst := false, false
	for _, s := range dates {
		a, b, _, ok := slashDate(strings.TrimSpace(s))
		switch {
		case !ok:
		case a > 12:
			dayFirst = true
		case b > 12:
			monthFirst = true
		}
	}
	return dayFirst && !monthFirst
}

// findLinkedInHeader reads br up to and including the header line and returns its
// 1-based line and the column index of each field it names. The notes preamble is
// never parsed as CSV across lines, so an unbalanced quote in it cannot swallow the
// header.
func findLinkedInHeader(br *bufio.Reader) (line int, cols map[string]int, err error) {
	read := 0
	for line = 1; read < headerLimit; line++ {
		text, err := br.ReadSlice('\n')
		read += len(text)
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer is no header; skip the rest of it.
			for errors.Is(err, bufio.ErrBufferFull) && read < headerLimit {
				var more []byte
				more, err = br.ReadSlice('\n')
				read += len(more)
			}
			text = nil
		}
		text = bytes.TrimRight(text, "\r\n")
		if bytes.Contains(bytes.ToLower(text), []byte("first name")) {
			if cols, ok := linkedInHeader([]byte(legacyText(string(text), ""))); ok {
				return line, cols, nil
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return 0, nil, fmt.Errorf("read: %w", err)
		}
	}
	return 0, nil, fmt.Errorf("no LinkedIn header line found; expected a line %q (URL is optional)", linkedInExpected)
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
