package search

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/synth"
)

// TestShardHeads checks the title lines of each shard (writeHeads): each
// is its document's title, line and address, and for every query of one
// word (each prefix of each term, and each term of five letters or more
// with two letters swapped: a typo) the first HeadDocs results of each kind
// have their title lines in the shards the word is looked up in, so that
// the search page draws them without fetching a chunk; likewise for the
// queries of no words (in:people, is:owed) and the manifest's title lines.
func TestShardHeads(t *testing.T) {
	synthetic := func(t *testing.T) *Index {
		t.Helper()
		set, err := content.Load(context.Background(), synth.Generate(synth.Options{People: 120, Entries: 700, Events: 6, Seed: 3}))
		if err != nil {
			t.Fatal(err)
		}
		day, _ := content.ParseDate("2026-11-23")
		return Build(journal.Build(set, journal.Options{Today: day}), nil)
	}
	for _, tc := range []struct {
		name  string
		index func(*testing.T) *Index
	}{{"sample", sample}, {"synthetic", synthetic}} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "synthetic" && testing.Short() {
				t.Skip("a bigger journal; go test without -short runs it")
			}
			ix := tc.index(t)
			files := ix.Files("")
			byName := map[string][]byte{}
			for _, f := range files {
				byName[f.Name] = f.Data
			}
			heads := map[string]map[int32]bool{} // shard key → documents with title lines
			for _, k := range ix.Keys {
				var lines [][4]any
				if err := json.Unmarshal(byName[HeadPath(k)], &lines); err != nil {
					t.Fatalf("title lines of shard %q: %v", k, err)
				}
				heads[k] = map[int32]bool{}
				for _, h := range lines {
					id := int32(h[0].(float64))
					d := ix.Docs[id]
					if got, want := fmt.Sprint(h[1:]), fmt.Sprint([]any{d.Title, d.Sub, d.URL}); got != want {
						t.Errorf("shard %q, document %d: got %s, want %s", k, id, got, want)
					}
					heads[k][id] = true
				}
			}
			words := map[string]bool{}
			for term := range ix.Terms {
				r := []rune(term)
				for n := 1; n <= len(r); n++ {
					words[string(r[:n])] = true
				}
				if len(r) >= 5 {
					r[1], r[2] = r[2], r[1]
					words[string(r)] = true
				}
			}
			var m struct {
				D [][4]any `json:"d"`
			}
			if err := json.Unmarshal(byName[ManifestPath], &m); err != nil {
				t.Fatal(err)
			}
			heads[""] = map[int32]bool{} // the manifest's
			for _, h := range m.D {
				heads[""][int32(h[0].(float64))] = true
			}
			for _, k := range Kinds {
				words["in:"+k] = true
			}
			for _, s := range States {
				words["is:"+s] = true
			}
			checked := 0
			for w := range words {
				shown := map[string]int{}
				keys := []string{""}
				if !strings.Contains(w, ":") {
					keys = ix.shardsFor(w)
				}
				for _, res := range ix.Find(Parse(w)) {
					k := ix.Kind(res.Doc)
					if shown[k]++; shown[k] > HeadDocs {
						continue
					}
					found := false
					for _, key := range keys {
						found = found || heads[key][res.Doc]
					}
					if !found {
						t.Errorf("query %q: result %d of kind %s (document %d) has no title line in shards %q", w, shown[k], k, res.Doc, keys)
					}
					checked++
				}
			}
			if checked == 0 {
				t.Fatal("no results checked")
			}
		})
	}
}

// TestShardsFor checks that the shards a word is looked up in hold all its
// matches: no term of any other shard matches it (each prefix of each
// term, and each term of five letters or more with two letters swapped).
func TestShardsFor(t *testing.T) {
	ix := sample(t)
	words := map[string]bool{"zzz": true, "é": true}
	for term := range ix.Terms {
		r := []rune(term)
		for n := 1; n <= len(r); n++ {
			words[string(r[:n])] = true
		}
		if len(r) >= 5 {
			r[1], r[2] = r[2], r[1]
			words[string(r)] = true
		}
	}
	for w := range words {
		looked := map[string]bool{}
		for _, k := range ix.shardsFor(w) {
			looked[k] = true
		}
		home := ix.shardOf(w)
		for _, k := range ix.Keys {
			if looked[k] {
				continue
			}
			for _, term := range ix.groups[k] {
				if q := quality(w, term, k == home); q != NoMatch {
					t.Errorf("word %q matches term %q (quality %d) in shard %q, not among %v", w, term, q, k, ix.shardsFor(w))
				}
			}
		}
	}
}

// TestLetterHeads checks that the title lines of a letter's shards rank a
// query of that letter alone (see headFinder): for every letter a term
// starts with, the first HeadDocs results of each kind worked out from the
// title lines' weights, as search.js does (weight × the quality of the
// letter against the shard's key, then the document), are Find's, with
// their scores.
func TestLetterHeads(t *testing.T) {
	for _, tc := range []struct {
		name  string
		index func(*testing.T) *Index
	}{{"sample", sample}, {"synthetic", synthetic}} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "synthetic" && testing.Short() {
				t.Skip("a bigger journal; go test without -short runs it")
			}
			ix := tc.index(t)
			byName := map[string][]byte{}
			for _, f := range ix.Files("") {
				byName[f.Name] = f.Data
			}
			letters := map[string]bool{}
			for term := range ix.Terms {
				letters[head(term, 1)] = true
			}
			for l := range letters {
				score := map[int32]int{}
				for _, k := range ix.shardsFor(l) {
					var lines [][5]any
					if err := json.Unmarshal(byName[HeadPath(k)], &lines); err != nil {
						t.Fatalf("title lines of shard %q: %v", k, err)
					}
					for _, h := range lines {
						d, s := int32(h[0].(float64)), int(h[4].(float64))*quality(l, k, true)
						score[d] = max(score[d], s)
					}
				}
				var fromLines []Result
				for d, s := range score {
					fromLines = append(fromLines, Result{Doc: d, Score: s})
				}
				sort.Slice(fromLines, func(a, b int) bool {
					x, y := fromLines[a], fromLines[b]
					if ka, kb := ix.kindRank(x.Doc), ix.kindRank(y.Doc); ka != kb {
						return ka < kb
					}
					if x.Score != y.Score {
						return x.Score > y.Score
					}
					return x.Doc < y.Doc
				})
				if got, want := firstOfEach(ix, fromLines), firstOfEach(ix, ix.Find(Parse(l))); got != want {
					t.Errorf("letter %q: got %s, want %s", l, got, want)
				}
			}
			if len(letters) < 10 {
				t.Fatalf("only %d letters checked", len(letters))
			}
		})
	}
}

// firstOfEach spells the first HeadDocs results of each kind with their
// scores.
func firstOfEach(ix *Index, rs []Result) string {
	var b strings.Builder
	shown := map[string]int{}
	for _, r := range rs {
		k := ix.Kind(r.Doc)
		if shown[k]++; shown[k] <= HeadDocs {
			fmt.Fprintf(&b, "%s:%d=%d ", k, r.Doc, r.Score)
		}
	}
	return b.String()
}

// synthetic indexes a small synthetic journal.
func synthetic(t *testing.T) *Index {
	t.Helper()
	set, err := content.Load(context.Background(), synth.Generate(synth.Options{People: 120, Entries: 700, Events: 6, Seed: 3}))
	if err != nil {
		t.Fatal(err)
	}
	day, _ := content.ParseDate("2026-11-23")
	return Build(journal.Build(set, journal.Options{Today: day}), nil)
}
