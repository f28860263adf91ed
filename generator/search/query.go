package search

import (
	"regexp"
	"strings"
)

// Word is one word of a query, with the fields it must be found in (nil:
// any field).
type Word struct {
	Text   string `json:"text"`
	Fields []int  `json:"fields,omitempty"`
}

// Query is a parsed query: every word must match, the document must be of
// one of Kinds (when any) and in every one of States.
type Query struct {
	Words  []Word   `json:"words"`
	Kinds  []string `json:"kinds,omitempty"`
	States []string `json:"states,omitempty"`
}

// Filters maps a field filter ("org:lumen") to the fields it searches.
var Filters = map[string][]string{
	"org": {"org"}, "tag": {"tag"}, "expertise": {"expertise"}, "likes": {"likes"}, "met": {"met"},
	"role": {"role"}, "location": {"location"},
}

// kindNames maps what in: accepts to a kind.
var kindNames = map[string]string{
	"people": "person", "person": "person", "entries": "entry", "entry": "entry",
	"events": "event", "event": "event", "orgs": "org", "org": "org", "tags": "tag", "tag": "tag",
}

var filterRE = regexp.MustCompile(`^([A-Za-z]+):(.*)$`)

// Parse reads a query: words separated by spaces, each word either text
// ("#mentor" and "mentor" are the same) or a filter: org:, tag:,
// expertise:, likes:, met:, role:, location: (the words after the colon
// must be in that field), in:people|entries|events|orgs|tags, and
// is:owed|overdue|fading. An unknown filter is read as text. A word of
// text that is one of StopWords is left out when the query asks for
// anything else (Query.Stop).
func Parse(s string) Query {
	var q Query
	for _, piece := range strings.Fields(s) {
		if m := filterRE.FindStringSubmatch(piece); m != nil {
			name, value := strings.ToLower(m[1]), Fold(m[2])
			switch {
			case name == "in":
				if k, ok := kindNames[value]; ok && !contains(q.Kinds, k) {
					q.Kinds = append(q.Kinds, k)
				}
				continue
			case name == "is":
				if contains(States, value) && !contains(q.States, value) {
					q.States = append(q.States, value)
				}
				continue
			case Filters[name] != nil:
				var ids []int
				for _, f := range Filters[name] {
					ids = append(ids, fieldID(f))
				}
				for _, t := range Tokens(m[2]) {
					q.Words = append(q.Words, Word{Text: t, Fields: ids})
				}
				continue
			}
		}
		for _, t := range Tokens(piece) {
			q.Words = append(q.Words, Word{Text: t})
		}
	}
	return q.Stop()
}

// Stop returns q without its words of text (no field filter) that are
// StopWords, unless that leaves it asking for nothing: those words are
// not indexed in prose, so "coffee with dana" asks for coffee and Dana,
// while "the" alone still looks for "the" where it is indexed (a name, a
// title). search.js does the same with the manifest's list.
func (q Query) Stop() Query {
	var kept []Word
	for _, w := range q.Words {
		if w.Fields != nil || !isStop[w.Text] {
			kept = append(kept, w)
		}
	}
	if len(kept) == len(q.Words) {
		return q
	}
	r := q
	r.Words = kept
	if r.Empty() {
		return q
	}
	return r
}

// Empty reports whether the query asks for nothing.
func (q Query) Empty() bool { return len(q.Words) == 0 && len(q.States) == 0 && len(q.Kinds) == 0 }

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
