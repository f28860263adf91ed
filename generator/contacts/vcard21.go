package contacts

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The vCard library (emersion/go-vcard) reads vCard 3.0 and 4.0. Outlook and
// Android still write vCard 2.1, which differs in ways the library does not
// handle, so a pre-pass of ours turns each 2.1 property into its 3.0 form
// before the library sees it (docs/import.md says what it does):
//
//   - QUOTED-PRINTABLE values are decoded, their soft line breaks ("=" at the
//     end of a line) joined, and a decoded line break written as "\n";
//   - a CHARSET= parameter decodes the value from that charset (Windows-1252,
//     ISO-8859-1 and other single-byte code pages); a value that is not valid
//     UTF-8 and names none is read as Windows-1252;
//   - bare type parameters (TEL;CELL;PREF:) become TYPE=CELL;TYPE=PREF, and a
//     bare encoding (;QUOTED-PRINTABLE, ;BASE64) becomes ENCODING=;
//   - embedded binaries (PHOTO, LOGO, SOUND, KEY in BASE64), whose
//     continuation lines 2.1 writes without a leading space, are dropped: kith
//     keeps no pictures from an address book.
//
// A property that needs none of this is passed on byte for byte.

// maxLogicalLine bounds one line and one unfolded property; a longer one is
// refused rather than read into memory without end (embedded pictures in
// base64 are skipped, not kept, and only their lines count).
const maxLogicalLine = 8 << 20

// srcLine is one logical line of a vCard file: a property with its folded
// continuation lines, soft line breaks and binary data joined or dropped, and
// the 1-based line where it starts.
type srcLine struct {
	line int
	text string
}

// lineReader reads the logical lines of a vCard file.
type lineReader struct {
	br      *bufio.Reader
	line    int     // physical lines read so far
	pending *string // a physical line read ahead, not yet used
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// physical returns the next physical line without its line ending.
func (lr *lineReader) physical() (string, error) {
	if lr.pending != nil {
		s := *lr.pending
		lr.pending = nil
		return s, nil
	}
	var line []byte
	for {
		chunk, err := lr.br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxLogicalLine {
			return "", &ParseError{Line: lr.line + 1, Err: fmt.Errorf("line longer than %d MB", maxLogicalLine>>20)}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == io.EOF && len(line) == 0 {
			return "", io.EOF
		}
		if err != nil && err != io.EOF {
			return "", err
		}
		break
	}
	lr.line++
	return strings.TrimRight(string(line), "\r\n"), nil
}

// next returns the next logical line.
func (lr *lineReader) next() (srcLine, error) {
	first, err := lr.physical()
	if err != nil {
		return srcLine{}, err
	}
	l := srcLine{line: lr.line} // a line read ahead was counted when it was read
	var b strings.Builder
	b.WriteString(first)
	head := strings.ToUpper(propertyHead(first))
	qp := strings.Contains(head, "QUOTED-PRINTABLE")
	binary := isBinary(head)
	for {
		if qp && strings.HasSuffix(b.String(), "=") {
			// A soft line break: the value goes on, even with no leading space.
			s, err := lr.physical()
			if err == io.EOF {
				break
			}
			if err != nil {
				return srcLine{}, err
			}
			cur := b.String()
			b.Reset()
			b.WriteString(cur[:len(cur)-1])
			b.WriteString(s)
		} else {
			s, err := lr.physical()
			if err == io.EOF {
				break
			}
			if err != nil {
				return srcLine{}, err
			}
			switch {
			case s != "" && (s[0] == ' ' || s[0] == '\t'):
				if !binary {
					b.WriteString(s[1:]) // folded: one white-space character is the fold
				}
			case binary && s != "" && !strings.Contains(s, ":"):
				// Base64 data that 2.1 writers leave unindented: skipped.
			default:
				lr.pending = &s
				l.text = b.String()
				return l, nil
			}
		}
		if b.Len() > maxLogicalLine {
			return srcLine{}, &ParseError{Line: l.line, Err: fmt.Errorf("property longer than %d MB", maxLogicalLine>>20)}
		}
	}
	l.text = b.String()
	return l, nil
}

// propertyHead is the part of a property line before the value: group, name
// and parameters.
func propertyHead(line string) string {
	if i := strings.IndexByte(line, ':'); i >= 0 {
		return line[:i]
	}
	return ""
}

// isBinary reports whether an upper-case property head is an embedded picture,
// sound or key in base64, whose data kith drops.
func isBinary(head string) bool {
	name, params, _ := strings.Cut(head, ";")
	if _, n, ok := strings.Cut(name, "."); ok {
		name = n
	}
	switch name {
	case "PHOTO", "LOGO", "SOUND", "KEY":
	default:
		return false
	}
	for _, p := range strings.Split(params, ";") {
		switch p {
		case "BASE64", "B", "ENCODING=BASE64", "ENCODING=B":
			return true
		}
	}
	return false
}

// errDropped marks a property the pre-pass leaves out.
var errDropped = errors.New("dropped")

// normalizeProperty rewrites one vCard 2.1 property line as vCard 3.0 (see the
// comment at the top of this file); a line that needs nothing is returned as
// it is. It returns errDropped for an embedded binary.
func normalizeProperty(line string) (string, error) {
	colon := strings.IndexByte(line, ':')
	if colon < 0 {
		return line, nil
	}
	head, value := line[:colon], line[colon+1:]
	if isBinary(strings.ToUpper(head)) {
		return "", errDropped
	}
	name, params, hasParams := strings.Cut(head, ";")
	if !hasParams && utf8.ValidString(value) {
		return line, nil
	}
	var kept []string
	encoding, charset, changed := "", "", !utf8.ValidString(value)
	if hasParams {
		for _, p := range strings.Split(params, ";") {
			if p == "" {
				changed = true
				continue
			}
			k, v, ok := strings.Cut(p, "=")
			if !ok { // a bare 2.1 parameter
				changed = true
				switch up := strings.ToUpper(p); up {
				case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B":
					encoding = up
				default:
					kept = append(kept, "TYPE="+p)
				}
				continue
			}
			switch strings.ToUpper(k) {
			case "ENCODING":
				encoding, changed = strings.ToUpper(v), true
			case "CHARSET":
				charset, changed = strings.Trim(v, `"`), true
			default:
				kept = append(kept, p)
			}
		}
	}
	if !changed {
		return line, nil
	}
	if encoding == "QUOTED-PRINTABLE" {
		value = decodeQP(value)
	}
	value = legacyText(value, charset)
	if strings.ContainsAny(value, "\r\n") {
		value = strings.NewReplacer("\r\n", `\n`, "\r", `\n`, "\n", `\n`).Replace(value)
	}
	var b strings.Builder
	b.WriteString(name)
	for _, p := range kept {
		b.WriteByte(';')
		b.WriteString(p)
	}
	if encoding != "" && encoding != "QUOTED-PRINTABLE" && encoding != "8BIT" && encoding != "7BIT" {
		b.WriteString(";ENCODING=" + encoding)
	}
	b.WriteByte(':')
	b.WriteString(value)
	return b.String(), nil
}

// decodeQP decodes a quoted-printable value whose soft line breaks are already
// joined, leniently: "=" not followed by two hex digits stays as it is.
func decodeQP(s string) string {
	if !strings.Contains(s, "=") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) {
			if hi, ok1 := unhex(s[i+1]); ok1 {
				if lo, ok2 := unhex(s[i+2]); ok2 {
					b.WriteByte(hi<<4 | lo)
					i += 2
					continue
				}
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unhex is the value of one hexadecimal digit.
func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
