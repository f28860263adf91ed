// Package search is kith's one search engine, used by the site (through
// the index it writes as shards, read by templates/search.js) and by
// `kith find`: folding, tokenising, the index built from the journal
// model, the query language, matching, ranking and snippets.
//
// The browser runs the same rules in search.js; the test vectors in
// testdata/vectors.json are made by this package and checked against the
// JavaScript in a Chromium test, so the two cannot drift apart unseen.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"kith/generator/content"
)

// Fold returns s lowercased, with accents removed and special letters
// spelled out: "José Núñez" is "jose nunez", "Malmö" is "malmo".
func Fold(s string) string {
	if ascii(s) {
		return strings.ToLower(s)
	}
	s = norm.NFKD.String(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := content.FoldLetter(r); ok { // letters that do not decompose
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isWord reports whether r belongs to a word: letters, digits and marks.
// Everything else (spaces, punctuation, '#', '-', '@') separates words.
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r)
}

// Segment is a piece of a text: a word or the text between two words.
type Segment struct {
	Text string
	Word bool
}

// Segments splits s into words and what is between them, in order, so that
// joining the texts gives s again.
func Segments(s string) []Segment {
	var out []Segment
	start, word := 0, false
	for i, r := range s {
		w := isWord(r)
		if i > start && w != word {
			out = append(out, Segment{Text: s[start:i], Word: word})
			start = i
		}
		word = w
	}
	if start < len(s) {
		out = append(out, Segment{Text: s[start:], Word: word})
	}
	return out
}

// Tokens returns the folded words of s, in order, repeats included.
func Tokens(s string) []string {
	var out []string
	eachWord(s, func(w string) {
		if t := Fold(w); t != "" {
			out = append(out, t)
		}
	})
	return out
}

// eachWord calls fn with each word of s, unfolded: the word segments of
// Segments(s), without making them.
func eachWord(s string, fn func(string)) {
	start := -1
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		var w bool
		if r < utf8.RuneSelf {
			w = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		} else {
			w = isWord(r)
		}
		if w && start < 0 {
			start = i
		} else if !w && start >= 0 {
			fn(s[start:i])
			start = -1
		}
		i += n
	}
	if start >= 0 {
		fn(s[start:])
	}
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// runes returns the number of code points of s.
func runes(s string) int { return utf8.RuneCountInString(s) }

// head returns the first n code points of s (all of s when shorter).
func head(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
