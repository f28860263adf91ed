package render

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"unicode/utf8"
)

// writer appends a page to a buffer for the generated writers (generated.go). Each
// method escapes a value exactly as html/template escapes it in the same
// place of a template; escape_test.go checks them against html/template on
// fuzzed input.
type writer struct{ b *bytes.Buffer }

// lit writes trusted text of the theme itself.
func (w writer) lit(s string) { w.b.WriteString(s) }

// html writes HTML that html/template made or that goldmark made safe;
// html/template passes template.HTML through in text.
func (w writer) html(h template.HTML) { w.b.WriteString(string(h)) }

// int writes a number.
func (w writer) int(n int) { w.b.Write(strconv.AppendInt(w.b.AvailableBuffer(), int64(n), 10)) }

// text writes s in HTML text, a quoted attribute or a <title>: what
// html/template's HTML, attribute and RCDATA escapers do with a plain string.
func (w writer) text(s string) {
	written := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			// Only ASCII needs escaping; invalid UTF-8 is kept as it is, as
			// html/template keeps it.
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
			continue
		}
		var repl string
		switch c {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			i++
			continue
		}
		w.b.WriteString(s[written:i])
		w.b.WriteString(repl)
		i++
		written = i
	}
	w.b.WriteString(s[written:])
}

// url writes s as a whole URL attribute value, like href="{{.}}": a scheme
// other than http, https or mailto is replaced by html/template's failsafe
// "#ZgotmplZ", and the URL is normalised and escaped for the attribute.
func (w writer) url(s string) {
	if !safeURL(s) {
		s = "#ZgotmplZ"
	}
	w.urlPart(s)
}

// urlPart writes s as the rest of a URL attribute value after a fixed
// scheme, like href="mailto:{{.}}": normalised (bytes that are not allowed
// in a URL are percent-encoded, valid escapes kept) and escaped for the
// attribute.
func (w writer) urlPart(s string) {
	const hex = "0123456789abcdef"
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '&':
			w.b.WriteString(s[written:i])
			w.b.WriteString("&amp;")
			written = i + 1
			continue
		case c == '+':
			w.b.WriteString(s[written:i])
			w.b.WriteString("&#43;")
			written = i + 1
			continue
		case urlKept(c):
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		w.b.WriteString(s[written:i])
		w.b.WriteByte('%')
		w.b.WriteByte(hex[c>>4])
		w.b.WriteByte(hex[c&15])
		written = i + 1
	}
	w.b.WriteString(s[written:])
}

// urlKept reports whether html/template's URL normaliser keeps byte c: the
// unreserved and reserved characters of RFC 3986 but the quote and parens.
func urlKept(c byte) bool {
	switch c {
	case '!', '#', '$', '*', ',', '/', ':', ';', '=', '?', '@', '[', ']', '-', '.', '_', '~':
		return true
	}
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// safeURL is html/template's rule for a URL in an href: no scheme, or http,
// https or mailto.
func safeURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}
