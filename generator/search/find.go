package search

import (
	"sort"
	"strings"
)

// Result is one document found, with the snippet that shows why.
type Result struct {
	Doc     int32
	Score   int
	Field   string // the field the snippet is from
	Snippet []Mark

	fields uint64 // the fields a query word's term was found in, as bits
}

// hit is a document's best score for a query word and the fields its
// matching terms are in, as bits.
type hit struct {
	score  int
	fields uint64
}

// Mark is a piece of a snippet; Marked pieces matched a query word.
type Mark struct {
	Text   string `json:"t"`
	Marked bool   `json:"m,omitempty"`
}

// Snippet window, in words: how many come before the first match, and
// how many at most are shown.
const (
	snippetBefore = 6
	snippetWords  = 24
)

// Find returns the documents that match q, grouped by kind (Kinds order),
// best first in each kind, ties broken by document number.
func (ix *Index) Find(q Query) []Result {
	if q.Empty() {
		return nil
	}
	var scores map[int32]hit // nil: every document, before words narrow it
	for _, w := range q.Words {
		best := ix.wordScores(w)
		next := map[int32]hit{}
		for d, h := range best {
			if scores == nil {
				next[d] = h
			} else if old, ok := scores[d]; ok {
				next[d] = hit{old.score + h.score, old.fields | h.fields}
			}
		}
		scores = next
		if len(scores) == 0 {
			return nil
		}
	}
	var ids []int32
	if scores == nil {
		for d := 0; d < ix.docs(); d++ {
			ids = append(ids, int32(d))
		}
	} else {
		for d := range scores {
			ids = append(ids, d)
		}
	}
	var out []Result
	for _, d := range ids {
		if len(q.Kinds) > 0 && !contains(q.Kinds, ix.kindOf(d)) {
			continue
		}
		in := true
		for _, s := range q.States {
			st := ix.States[s]
			k := sort.Search(len(st), func(i int) bool { return st[i] >= d })
			if k == len(st) || st[k] != d {
				in = false
			}
		}
		if in {
			h := scores[d]
			out = append(out, Result{Doc: d, Score: h.score, fields: h.fields})
		}
	}
	sort.Slice(out, func(a, b int) bool {
		ka, kb := ix.kindRank(out[a].Doc), ix.kindRank(out[b].Doc)
		if ka != kb {
			return ka < kb
		}
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].Doc < out[b].Doc
	})
	return out
}

// Snippets fills in the snippet of each result.
func (ix *Index) Snippets(q Query, rs []Result) {
	for i := range rs {
		rs[i].Field, rs[i].Snippet = ix.snippet(q, ix.Doc(rs[i].Doc), rs[i].fields)
	}
}

func (ix *Index) kindRank(d int32) int {
	k := ix.kindOf(d)
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return len(Kinds)
}

// wordScores returns, for each document with a term matching w in an
// allowed field, the best weight × quality and the fields matched.
func (ix *Index) wordScores(w Word) map[int32]hit {
	best := map[int32]hit{}
	home := ix.shardOf(w.Text)
	for _, k := range ix.shardsFor(w.Text) {
		terms, postings := ix.shard(k)
		for i, t := range terms {
			qu := quality(w.Text, t, k == home)
			if qu == NoMatch {
				continue
			}
			for _, p := range postings(i) {
				if w.Fields != nil && !contains(w.Fields, int(p.Field)) {
					continue
				}
				h := best[p.Doc]
				h.score = max(h.score, Fields[p.Field].Weight*qu)
				h.fields |= 1 << p.Field
				best[p.Doc] = h
			}
		}
	}
	return best
}

// snippet picks the field that best shows why d matched and the words
// around the first match in it. Only the fields the index found a query
// word in (fields, as bits) are read: the others cannot show a match.
func (ix *Index) snippet(q Query, d *Doc, fields uint64) (string, []Mark) {
	type pick struct {
		field, count, weight int
		segs                 []Segment
		marked               []bool
	}
	var best *pick
	for _, ft := range d.Fields {
		if fields&(1<<ft.Field) == 0 {
			continue
		}
		f := Fields[ft.Field]
		segs := Segments(ft.Text)
		marked := make([]bool, len(segs))
		seen := make([]bool, len(q.Words))
		count := 0
		for i, s := range segs {
			if !s.Word {
				continue
			}
			t := Fold(s.Text)
			if t == "" {
				continue
			}
			for wi, w := range q.Words {
				if w.Fields != nil && !contains(w.Fields, ft.Field) {
					continue
				}
				if quality(w.Text, t, ix.shardOf(t) == ix.shardOf(w.Text)) != NoMatch {
					marked[i] = true
					if !seen[wi] {
						seen[wi] = true
						count++
					}
				}
			}
		}
		if count == 0 {
			continue
		}
		p := &pick{field: ft.Field, count: count, weight: f.Weight, segs: segs, marked: marked}
		if best == nil || better(p.count, p.weight, Fields[p.field].Title, best.count, best.weight, Fields[best.field].Title) {
			best = p
		}
	}
	if best == nil {
		if len(d.Fields) == 0 {
			return "", nil
		}
		ft := d.Fields[0]
		segs := Segments(ft.Text)
		return Fields[ft.Field].Name, window(segs, make([]bool, len(segs)))
	}
	return Fields[best.field].Name, window(best.segs, best.marked)
}

// better reports whether a field (count words matched, weight, title)
// shows a match better than the one chosen so far: a field other than the
// document's name first, then more words, then more weight; the earlier
// field wins a tie.
func better(count, weight int, title bool, bCount, bWeight int, bTitle bool) bool {
	if title != bTitle {
		return !title
	}
	if count != bCount {
		return count > bCount
	}
	return weight > bWeight
}

// window cuts segs to the words around the first marked one.
func window(segs []Segment, marked []bool) []Mark {
	first := 0
	for i := range segs {
		if marked[i] {
			first = i
			break
		}
	}
	start := first
	for n := 0; start > 0 && n < snippetBefore; {
		start--
		if segs[start].Word {
			n++
		}
	}
	for start > 0 && !segs[start].Word {
		start++
	}
	var out []Mark
	if start > 0 {
		out = append(out, Mark{Text: "… "})
	}
	words := 0
	end := start
	for ; end < len(segs) && words < snippetWords; end++ {
		if segs[end].Word {
			words++
		}
		out = appendMark(out, segs[end].Text, marked[end])
	}
	if end < len(segs) {
		out = appendMark(out, " …", false)
	}
	return out
}

// appendMark adds text to a snippet, joining it to the last piece when
// both are marked or both are not.
func appendMark(out []Mark, text string, marked bool) []Mark {
	if n := len(out); n > 0 && out[n-1].Marked == marked {
		out[n-1].Text += text
		return out
	}
	return append(out, Mark{Text: text, Marked: marked})
}

// Text renders a snippet with **marked** words, for the terminal and JSON.
func Text(ms []Mark) string {
	var b strings.Builder
	for _, m := range ms {
		if m.Marked {
			b.WriteString("**" + m.Text + "**")
		} else {
			b.WriteString(m.Text)
		}
	}
	return b.String()
}
