package contacts

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Exports come in the encodings their programs and spreadsheets write: UTF-8
// (with or without a BOM), UTF-16 (Outlook's and Excel's "Unicode" files,
// usually with a BOM) and the Windows code page of the computer (Windows-1252
// in western Europe and America), which a file does not name. The importers
// read every file as UTF-8 through textReader, and decode a value that is not
// valid UTF-8 with legacyText.

// textReader returns r decoded to UTF-8 as a stream: a UTF-8 BOM is dropped,
// and a UTF-16 file is decoded, found by its BOM or, without one, by the zero
// bytes of its first character when that is ASCII (as a vCard's "B" of
// BEGIN or a CSV header's first letter is). Other bytes pass unchanged, so a
// Windows-1252 file still needs legacyText on its values.
func textReader(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0] != 0 && head[1] == 0 {
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
	}
	if len(head) == 2 && head[0] == 0 && head[1] != 0 {
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder())
	}
	return transform.NewReader(br, unicode.BOMOverride(transform.Nop))
}

// legacyEncoding is the encoding a vCard 2.1 CHARSET= names, or nil for UTF-8,
// US-ASCII and names it does not know.
func legacyEncoding(charset string) encoding.Encoding {
	switch strings.ToLower(strings.TrimSpace(charset)) {
	case "":
		return nil
	// As browsers do (WHATWG): files labelled Latin-1 are Windows-1252, a superset.
	case "windows-1252", "cp1252", "iso-8859-1", "latin1":
		return charmap.Windows1252
	case "iso-8859-15":
		return charmap.ISO8859_15
	case "iso-8859-2":
		return charmap.ISO8859_2
	case "windows-1250", "cp1250":
		return charmap.Windows1250
	case "windows-1251", "cp1251":
		return charmap.Windows1251
	case "koi8-r":
		return charmap.KOI8R
	case "macintosh":
		return charmap.Macintosh
	case "cp437", "ibm437":
		return charmap.CodePage437
	case "cp850", "ibm850":
		return charmap.CodePage850
	}
	return nil
}

// legacyText turns the bytes of a value into UTF-8: decoded from charset
// when it names a legacy encoding (CHARSET=Windows-1252), else kept when it
// is valid UTF-8, else decoded as Windows-1252, the encoding that programs
// write on a western Windows computer without saying so. Windows-1252
// decodes every byte, so nothing is lost to U+FFFD.
func legacyText(s, charset string) string {
	enc := legacyEncoding(charset)
	if enc == nil {
		if utf8.ValidString(s) {
			return s
		}
		enc = charmap.Windows1252
	}
	out, err := enc.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return out
}

// lineLimit passes r on and fails with a *ParseError naming the line once a
// line (the bytes between two "\n") is longer than maxLogicalLine, so that a
// parser reading whole lines never holds more than that.
type lineLimit struct {
	r     io.Reader
	run   int // bytes since the last "\n"
	lines int // "\n" seen
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			l.run = 0
			l.lines++
		} else if l.run++; l.run > maxLogicalLine {
			return 0, &ParseError{Line: l.lines + 1, Err: fmt.Errorf("line longer than %d MB", maxLogicalLine>>20)}
		}
	}
	return n, err
}
