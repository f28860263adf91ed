// Package contacts reads address-book exports (LinkedIn CSV, vCard) and turns them into
// person notes without ever damaging a note that exists.
//
// The flow is parse → plan → apply: ParseLinkedIn or ParseVCard read an export into
// Contacts, NewPlan matches them against the people the journal already has, and
// Apply creates the new notes (never overwriting a file) and, when asked, fills empty
// front-matter fields of existing notes.
//
// Filling never re-writes a note: the front matter is parsed only to find positions,
// and its text is edited by inserting lines (in the note's line ending and the
// indentation of the mapping they join) or by writing a value after an empty key
// (`org:`, `org: ""`). The BOM, comments, key order, spacing and the body stay byte for
// byte. The result is parsed again and must mean the old front matter plus the filled
// fields; anything it cannot edit that way (flow mappings, a |+ block before the
// insertion point, invalid YAML) is left untouched and reported.
package contacts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Contact is one person read from an address-book export. Every field except Tags,
// Note and Line is a single line of text; empty means unknown.
type Contact struct {
	Name     string
	Org      string
	Role     string
	Email    string
	Phone    string
	LinkedIn string
	Website  string
	Birthday string // YYYY-MM-DD or MM-DD
	MetDate  string // YYYY-MM-DD
	MetWhere string
	Tags     []string
	Note     string // Markdown body of the person note
	Line     int    // 1-based line in the source file where the contact starts
	// Warnings say what of the row or card could not be read as it was written
	// (an unreadable date, a name taken from the email); the contact is
	// imported without it.
	Warnings []string
}

// RowError is a row or card of an export that could not become a contact.
// The rest of the file is still imported.
type RowError struct {
	File   string
	Line   int // 1-based line in File
	Reason string
}

// Error returns "file:line: reason", or "line N: reason" when File is empty.
func (e RowError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
}

// ParseError is a file that cannot be read as the export it claims to be.
// Nothing of such a file is imported.
type ParseError struct {
	File string
	Line int // 1-based; 0 when the problem concerns the whole file
	Err  error
}

// Error returns "file:line: problem", or "file: problem" when Line is 0.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying problem.
func (e *ParseError) Unwrap() error { return e.Err }

// utf8BOM is stripped from the start of every export.
const utf8BOM = "\uFEFF"

// cleanLine makes s a safe single-line value: valid UTF-8, control characters and line
// breaks turned into spaces, runs of white space collapsed, trimmed.
func cleanLine(s string) string {
	if isCleanLine(s) {
		return s // most values: no copy
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFEFF' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isCleanLine reports whether cleanLine would return s unchanged.
func isCleanLine(s string) bool {
	prevSpace := true // no leading space
	for i, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		case r < 0x80:
			if r < 0x20 || r == 0x7f {
				return false
			}
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFEFF':
			return false
		}
		prevSpace = false
	}
	return s == "" || !prevSpace
}

// cleanText makes s a safe multi-line text: valid UTF-8, "\n" line breaks, no control
// characters other than tab and newline, no trailing white space on the whole.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == '\uFEFF' {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// addTag appends tag to tags unless it is empty or already there (case-insensitive).
func addTag(tags []string, tag string) []string {
	tag = cleanLine(tag)
	if tag == "" {
		return tags
	}
	for _, t := range tags {
		if strings.EqualFold(t, tag) {
			return tags
		}
	}
	return append(tags, tag)
}
