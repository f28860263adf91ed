package content

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold spells letters that do not decompose into a base letter and a mark.
func fold(r rune) (string, bool) {
	switch r {
	case 'ß':
		return "ss", true
	case 'ø', 'Ø':
		return "o", true
	case 'æ', 'Æ':
		return "ae", true
	case 'œ', 'Œ':
		return "oe", true
	case 'ł', 'Ł':
		return "l", true
	case 'đ', 'Đ', 'ð':
		return "d", true
	case 'þ', 'Þ':
		return "th", true
	case 'ı':
		return "i", true
	}
	return "", false
}

// Slug turns a name into the form used in URLs: Latin letters lose their
// accents ("José Núñez" becomes "jose-nunez"), letters of other scripts stay
// as they are ("Иван Петров" becomes "иван-петров", "李雷" stays "李雷"),
// everything is lowercased, and every run of other characters becomes one
// '-'. An empty result becomes "untitled".
func Slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	put := func(r rune) {
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteRune(r)
	}
	latin := false // the last letter was Latin: its marks are dropped
	for _, r := range norm.NFC.String(s) {
		switch {
		case r < utf8.RuneSelf:
			r = unicode.ToLower(r)
			latin = r >= 'a' && r <= 'z'
			if latin || r >= '0' && r <= '9' {
				put(r)
			} else {
				dash = true
			}
		case unicode.Is(unicode.Latin, r):
			latin = true
			for _, d := range norm.NFKD.String(string(r)) {
				if unicode.Is(unicode.Mn, d) {
					continue
				}
				if f, ok := fold(d); ok {
					for _, fr := range f {
						put(fr)
					}
					continue
				}
				if d = unicode.ToLower(d); d < utf8.RuneSelf {
					put(d)
				}
			}
		case unicode.IsMark(r):
			if !latin && b.Len() > 0 && !dash {
				put(r) // a vowel sign or virama of the letter before
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			latin = false
			put(unicode.ToLower(r))
		default:
			latin = false
			dash = true
		}
	}
	if b.Len() == 0 {
		return "untitled"
	}
	return b.String()
}

// BaseName returns a file's name without its folder and its extension.
func BaseName(p string) string {
	base := path.Base(p)
	return strings.TrimSuffix(base, path.Ext(base))
}
