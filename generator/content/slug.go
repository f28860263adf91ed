package content

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FoldLetter spells letters that do not decompose into a base letter and a
// mark ("ß" → "ss", "ø" → "o"): the one table that slugs and search fold
// with (templates/search.js carries a copy, checked by search's test
// vectors in Chromium).
func FoldLetter(r rune) (string, bool) {
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

// Slug turns a name into the form used in URLs: accents folded, lowercased,
// every run of characters other than a-z and 0-9 turned into one '-'.
// "José Núñez" becomes "jose-nunez". A name with none of a-z and 0-9 left,
// such as "李雷" or "Иван Петров", gets "n-" and a short fingerprint of the
// name instead, the same every time and different for another name, so
// that such people do not all share one slug. An empty name is "untitled".
func Slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	put := func(r rune) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	// NFKD also spells out ligatures and the like: ﬁ is fi, Ǆ is DŽ.
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := FoldLetter(r); ok {
			for _, fr := range f {
				put(fr)
			}
			continue
		}
		put(unicode.ToLower(r))
	}
	if b.Len() > 0 {
		return b.String()
	}
	name := norm.NFC.String(strings.ToLower(strings.TrimSpace(s)))
	if name == "" {
		return "untitled"
	}
	sum := sha256.Sum256([]byte(name))
	return "n-" + hex.EncodeToString(sum[:5])
}

// BaseName returns a file's name without its folder and its extension.
func BaseName(p string) string {
	base := path.Base(p)
	return strings.TrimSuffix(base, path.Ext(base))
}
