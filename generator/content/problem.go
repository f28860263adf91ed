// Package content reads a journal's files: it walks the folder (an fs.FS), splits
// YAML front matter from Markdown, decodes it into typed records that keep the
// path and line of every value, and finds log lines and wikilinks in bodies.
//
// It knows nothing about how people relate; that is the journal package's job.
package content

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Severity says whether a problem stops a build.
type Severity int

const (
	// Error stops `kith build` and makes `kith check` exit 1.
	Error Severity = iota
	// Warning is reported but does not stop a build.
	Warning
)

// Problem is one finding about one place in the journal. It is an error, so
// callers can wrap it and find it again with errors.As.
type Problem struct {
	Path     string
	Line     int
	Severity Severity
	Message  string
}

// Error formats the problem as "path:line: message", with "warning: " before
// the message of a warning.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(Printable(p.Path))
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(Printable(p.Message))
	return b.String()
}

// Problems is a list of problems. As an error it stands for every problem in
// the list; use errors.As(err, &problems) to get them one by one.
type Problems []Problem

// Error lists every problem, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by path, then line, then message, so that reports are
// the same from run to run whatever order files were read in.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
}

// Errors returns only the problems that stop a build.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == Error {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns only the problems that do not stop a build.
func (ps Problems) Warnings() Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == Warning {
			out = append(out, p)
		}
	}
	return out
}

// Errorf makes an error-severity problem.
func Errorf(path string, line int, format string, args ...any) Problem {
	return Problem{Path: path, Line: line, Severity: Error, Message: fmt.Sprintf(format, args...)}
}

// Warnf makes a warning.
func Warnf(path string, line int, format string, args ...any) Problem {
	return Problem{Path: path, Line: line, Severity: Warning, Message: fmt.Sprintf(format, args...)}
}

// Printable makes text from the journal (a file name, a person's name, a
// message quoting either) safe to print on a terminal: every control
// character, line break included, every Unicode format character (such as a
// right-to-left override) and every invalid UTF-8 byte is written as a Go
// escape (\x1b, \r, \n, \u202e, \xff), so that no name can move the
// cursor, rewrite a line or start a line that looks like kith's own output.
// Text without such characters is returned unchanged.
func Printable(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unprintable(r, size) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unprintable(r, size):
			q := strconv.QuoteRune(r) // '\x1b', '\r', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unprintable reports whether Printable escapes the rune r of size bytes: an
// invalid byte, a control character or a format character other than the
// zero-width joiners that emoji and some scripts need.
func unprintable(r rune, size int) bool {
	switch {
	case r == utf8.RuneError:
		return size <= 1
	case r == '\u200c' || r == '\u200d':
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}
