package search

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"kith/generator/content"
	"kith/generator/journal"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sample returns the index of the sample journal at the repository root,
// seen from 2026-11-23.
func sample(t *testing.T) *Index {
	t.Helper()
	set, err := content.Load(context.Background(), os.DirFS("../.."))
	if err != nil {
		t.Fatal(err)
	}
	day, _ := content.ParseDate("2026-11-23")
	return Build(journal.Build(set, journal.Options{Today: day}), nil)
}

// load builds the index of a journal given as files.
func load(t *testing.T, today string, files map[string]string) *Index {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set, err := content.Load(context.Background(), os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	day, err := content.ParseDate(today)
	if err != nil {
		t.Fatal(err)
	}
	return Build(journal.Build(set, journal.Options{Today: day}), nil)
}

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"José Núñez", "jose nunez"},
		{"Malmö", "malmo"},
		{"Straße", "strasse"},
		{"Søren Ærø", "soren aero"},
		{"Łódź", "lodz"},
		{"ÇAĞLAR", "caglar"},
		{"İstanbul", "istanbul"},
		{"ﬁne", "fine"},
		{"Hana Kovářová", "hana kovarova"},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := Fold(c.in); got != c.want {
				t.Errorf("Fold(%q): got %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"#mentor", []string{"mentor"}},
		{"health-tech, FHIR!", []string{"health", "tech", "fhir"}},
		{"his daughter's football", []string{"his", "daughter", "s", "football"}},
		{"2024-05-03", []string{"2024", "05", "03"}},
		{"Jose\u0301", []string{"jose"}}, // decomposed accent stays in the word
		{"  ", nil},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := Tokens(c.in); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Tokens(%q): got %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestQuality(t *testing.T) {
	for _, c := range []struct {
		q, t string
		same bool
		want int
	}{
		{"oolong", "oolong", true, ExactMatch},
		{"ool", "oolong", true, PrefixMatch},
		{"oolongs", "oolong", true, TypoMatch},
		{"oolnog", "oolong", true, TypoMatch}, // a swap is one edit
		{"oolnog", "oolong", false, NoMatch},  // typos only within a shard
		{"fhri", "fhir", true, NoMatch},       // under 5 letters: no typo
		{"clinicl", "clinical", true, TypoMatch},
		{"clincl", "clinical", true, NoMatch}, // two edits for 6 letters
		{"pipelinnes", "pipelines", true, TypoMatch},
		{"pipelinnnes", "pipelines", true, TypoMatch}, // 11 letters: two edits
		{"oolong", "ool", true, NoMatch},
	} {
		t.Run(c.q+"/"+c.t, func(t *testing.T) {
			if got := quality(c.q, c.t, c.same); got != c.want {
				t.Errorf("quality(%q, %q): got %d, want %d", c.q, c.t, got, c.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	org, tag, met := []int{fieldID("org")}, []int{fieldID("tag")}, []int{fieldID("met")}
	for _, c := range []struct {
		in   string
		want Query
	}{
		{"José  #Mentor", Query{Words: []Word{{Text: "jose"}, {Text: "mentor"}}}},
		{"org:Lumen tag:health-tech", Query{Words: []Word{{"lumen", org}, {"health", tag}, {"tech", tag}}}},
		{"met:2024 in:people in:Entries is:owed is:nope", Query{Words: []Word{{"2024", met}}, Kinds: []string{"person", "entry"}, States: []string{"owed"}}},
		{"foo:bar", Query{Words: []Word{{Text: "foo"}, {Text: "bar"}}}},
		{"org:", Query{}},
		{"Coffee WITH Dana", Query{Words: []Word{{Text: "coffee"}, {Text: "dana"}}}},
		{"the", Query{Words: []Word{{Text: "the"}}}},
		{"the and of", Query{Words: []Word{{Text: "the"}, {Text: "and"}, {Text: "of"}}}},
		{"with in:people", Query{Kinds: []string{"person"}}},
		{"is:owed with", Query{States: []string{"owed"}}},
		{"org:the dana", Query{Words: []Word{{"the", org}, {Text: "dana"}}}},
		{"an may will", Query{Words: []Word{{Text: "an"}, {Text: "may"}, {Text: "will"}}}},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := Parse(c.in); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Parse(%q): got %+v, want %+v", c.in, got, c.want)
			}
		})
	}
}

// found returns "kind/slug field: snippet" for each result of q.
func found(ix *Index, q string) []string {
	pq := Parse(q)
	rs := ix.Find(pq)
	ix.Snippets(pq, rs)
	var out []string
	for _, r := range rs {
		d := ix.Docs[r.Doc]
		out = append(out, fmt.Sprintf("%s/%s %s: %s", d.Kind, d.Slug, r.Field, Text(r.Snippet)))
	}
	return out
}

// foundDocs returns the kind/slug of each result of q, as "[a b]".
func foundDocs(ix *Index, q string) string {
	var got []string
	for _, g := range found(ix, q) {
		got = append(got, g[:strings.IndexByte(g, ' ')])
	}
	return fmt.Sprint(got)
}

func TestFindSample(t *testing.T) {
	ix := sample(t)
	for _, c := range []struct {
		q     string
		first string   // the first result
		all   []string // every result's kind/slug, when given
	}{
		{q: "jose", first: "person/jose-nunez name: **José** Núñez"},
		{q: "malmo", first: "person/elif-demir location: **Malmö**"},
		{q: "#mentor", first: "person/aroha-ngata tag: **mentor**"},
		{q: "oolong", first: "person/dana-okafor likes: Taiwanese **oolong**", all: []string{"person/dana-okafor"}},
		{q: "FHIR", first: "person/jose-nunez expertise: **FHIR**"},
		{q: "fhir jose", first: "person/jose-nunez expertise: **FHIR**", all: []string{"person/jose-nunez"}},
		{q: "oolo", first: "person/dana-okafor likes: Taiwanese **oolong**"},
		{q: "clinicl", first: "person/jose-nunez expertise: **clinical** data pipelines"},
		{q: "org:lumen", all: []string{"person/dana-okafor", "person/kenji-watanabe", "person/samira-haddad"}},
		{q: "org:lumen in:entries"},
		{q: "is:owed", all: []string{"person/aroha-ngata", "person/hana-kovarova", "person/ingrid-solberg", "person/samira-haddad"}},
		{q: "is:owed org:lumen", all: []string{"person/samira-haddad"}},
		{q: "expertise:fhir", all: []string{"person/jose-nunez"}},
		{q: "in:tags mentor", all: []string{"tag/mentor"}},
		{q: "Torvehallerne", first: "entry/2026-09-05-lunch-at-torvehallerne title: Lunch at **Torvehallerne**"},
		{q: "zzqqxx"},
	} {
		t.Run(c.q, func(t *testing.T) {
			got := found(ix, c.q)
			if c.first == "" && c.all == nil {
				if len(got) != 0 {
					t.Errorf("got %q, want nothing", got)
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("got nothing, want %q", c.first)
			}
			if c.first != "" && got[0] != c.first {
				t.Errorf("first: got %q, want %q", got[0], c.first)
			}
			if c.all != nil {
				var slugs []string
				for _, g := range got {
					slugs = append(slugs, g[:strings.IndexByte(g, ' ')])
				}
				if !reflect.DeepEqual(slugs, c.all) {
					t.Errorf("got %q, want %q", slugs, c.all)
				}
			}
		})
	}
}

// TestRanking checks the order: kinds grouped, better fields first, ties by
// the journal's order (people by name), the same on every run.
func TestRanking(t *testing.T) {
	ix := load(t, "2026-06-01", map[string]string{
		"content/people/Bea Zed.md":   "---\nname: Bea Zed\nlikes: [oolong]\n---\n",
		"content/people/Al Young.md":  "---\nname: Al Young\nlikes: [oolong]\n---\n",
		"content/people/Cy Oolong.md": "---\nname: Cy Oolong\n---\n",
		"content/people/Di Ray.md":    "---\nname: Di Ray\n---\nDrinks oolong.\n",
		"content/entries/2026/2026-05-01-tea.md": "---\ndate: 2026-05-01\ntitle: Tea\nwith: [Di Ray]\n---\nOolong " +
			"all afternoon.\n",
	})
	want := []string{
		"person/cy-oolong name: Cy **Oolong**",
		"person/al-young likes: **oolong**",
		"person/bea-zed likes: **oolong**",
		"person/di-ray notes: Drinks **oolong**.",
		"entry/2026-05-01-tea text: **Oolong** all afternoon.",
	}
	for i := 0; i < 5; i++ {
		if got := found(ix, "oolong"); !reflect.DeepEqual(got, want) {
			t.Fatalf("run %d: got %q, want %q", i, got, want)
		}
	}
}

func TestStates(t *testing.T) {
	ix := load(t, "2026-06-01", map[string]string{
		"content/people/Old Friend.md": "---\nname: Old Friend\n---\n- 2024-01-01 Lunch #meeting\n",
		"content/people/New Friend.md": "---\nname: New Friend\nkeep_in_touch: 1m\n---\n- 2026-03-01 Helped me #received\n",
		"content/people/Never.md":      "---\nname: Never\n---\n",
	})
	for _, c := range []struct{ q, want string }{
		{"is:fading", "[person/old-friend]"},
		{"is:owed", "[person/new-friend]"},
		{"is:overdue", "[person/new-friend]"},
		{"is:owed is:fading", "[]"},
	} {
		t.Run(c.q, func(t *testing.T) {
			if got := foundDocs(ix, c.q); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestStopWords checks that stop words are not indexed in prose, are
// indexed in every other field, and are left out of a query that asks
// for anything else.
func TestStopWords(t *testing.T) {
	ix := load(t, "2026-06-01", map[string]string{
		"content/people/Dana Okafor.md": "---\nname: Dana Okafor\norg: The Ocean Cleanup\n---\nLikes the harbour.\n\n- 2026-05-02 Walked with Dana\n",
		"content/entries/2026/2026-05-01-coffee.md": "---\ndate: 2026-05-01\ntitle: Coffee\nwith: [Dana Okafor]\n---\n" +
			"Coffee at the pier; a view of the sea.\n",
		"content/entries/2026/2026-05-03-tea.md": "---\ndate: 2026-05-03\ntitle: Tea with Dana Okafor\n---\nTea.\n",
	})
	for _, w := range StopWords {
		for _, p := range ix.Terms[w] {
			if Fields[p.Field].Prose {
				t.Errorf("%s: got a posting in %s of %s, want none in prose", w, Fields[p.Field].Name, ix.Docs[p.Doc].Slug)
			}
		}
	}
	if _, ok := ix.Terms["a"]; ok {
		t.Errorf("a: got postings, want none (it is only in prose)")
	}
	for _, c := range []struct{ q, want string }{
		{"coffee with dana", "[entry/2026-05-01-coffee]"},
		{"the", "[person/dana-okafor org/the-ocean-cleanup]"}, // in an org and its name, not in notes
		{"with", "[entry/2026-05-03-tea]"},                    // in a title
		{"harbour", "[person/dana-okafor]"},                   // prose keeps its other words
		{"walked", "[person/dana-okafor]"},                    // and log lines theirs
		{"tea with dana", "[entry/2026-05-03-tea]"},           // with is left out, though a title has it
		{"org:the", "[person/dana-okafor]"},                   // a filter's words are never left out
		{"view sea pier", "[entry/2026-05-01-coffee]"},
	} {
		t.Run(c.q, func(t *testing.T) {
			if got := foundDocs(ix, c.q); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestPrivateNotIndexed: text marked private never reaches the index.
func TestPrivateNotIndexed(t *testing.T) {
	ix := load(t, "2026-06-01", map[string]string{
		"content/people/Wen.md": "---\nname: Wen\n---\nOPEN %%ZQXSECRET%% text\n\n```private\nZQXFENCE\n```\n",
		"content/people/Zed.md": "---\nname: ZQXPERSON\nprivate: true\n---\nZQXBODY\n",
		"content/entries/e.md":  "---\ndate: 2026-05-01\ntitle: ZQXENTRY\nprivate: true\n---\n",
		"content/events/zqx.md": "---\nname: ZQXEVENT\ndate: 2026-05-02\nprivate: true\n---\n",
	})
	for _, f := range ix.Files("") {
		if bytes.Contains(bytes.ToLower(f.Data), []byte("zqx")) {
			t.Errorf("%s holds private text: %s", f.Name, f.Data)
		}
	}
	if got := found(ix, "open"); len(got) != 1 {
		t.Errorf("open: got %q, want Wen's note", got)
	}
}

// TestGolden compares the index files of the sample journal with
// testdata/sample.golden (go test -update rewrites it).
func TestGolden(t *testing.T) {
	var b bytes.Buffer
	for _, f := range sample(t).Files("") {
		fmt.Fprintf(&b, "== %s\n%s\n", f.Name, f.Data)
	}
	path := filepath.Join("testdata", "sample.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("the index of the sample journal differs from %s; run go test -update and review the diff", path)
	}
}

func TestWriteString(t *testing.T) {
	cases := []string{"plain", `a "quote" \ back`, "<b>&amp;</b>", "tab\tnew\nline\x01", "José\u2028x", "bad \xff byte", "\ufffd"}
	for c := range 256 { // every byte, alone and between letters (jsonPlain)
		cases = append(cases, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"b")
		for at := range 17 { // and at every place of the words plainWord reads
			b := []byte("abcdefghijklmnopq")
			b[at] = byte(c)
			cases = append(cases, string(b))
		}
	}
	for _, s := range cases {
		t.Run(s, func(t *testing.T) {
			var b bytes.Buffer
			writeString(&b, s)
			want, _ := json.Marshal(s)
			if b.String() != string(want) {
				t.Errorf("got %s, want %s", b.String(), want)
			}
		})
	}
}

// FuzzWriteString checks writeString against json.Marshal.
func FuzzWriteString(f *testing.F) {
	for _, s := range []string{"plain text of a snippet, long enough", "José <b> & \"q\"\n", "\u2028\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		writeString(&b, s)
		if want, _ := json.Marshal(s); b.String() != string(want) {
			t.Errorf("got %s, want %s", b.String(), want)
		}
	})
}

func TestIsOpaquePath(t *testing.T) {
	for _, c := range []struct {
		p    string
		want bool
	}{
		{OpaquePath("secret", ShardPath("oo")), true},
		{OpaquePath("other", ChunkPath(7)), true},
		{"search/index.json", false},
		{"s0123456789abcdef0123456g", false},
		{"x0123456789abcdef01234567", false},
	} {
		t.Run(c.p, func(t *testing.T) {
			if got := IsOpaquePath(c.p); got != c.want {
				t.Errorf("IsOpaquePath(%q): got %v, want %v", c.p, got, c.want)
			}
		})
	}
}
