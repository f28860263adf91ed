package search

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"kith/generator/output"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"kith/generator/content"
	"kith/generator/crypt"
	"kith/generator/journal"
	"kith/generator/synth"
)

// linked links a journal given as files, seen from today.
func linked(t testing.TB, fsys fs.FS, today string) *journal.Journal {
	t.Helper()
	set, err := content.Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	day, err := content.ParseDate(today)
	if err != nil {
		t.Fatal(err)
	}
	return journal.Build(set, journal.Options{Today: day})
}

// TestBuildWorkers checks that the index is the same however many
// goroutines tokenise it.
func TestBuildWorkers(t *testing.T) {
	j := linked(t, synth.Generate(synth.Options{People: 120, Entries: 600, Events: 6, Seed: 3}), "2026-11-23")
	want := build(j, nil, 1)
	wantFiles := want.Files("")
	for _, workers := range []int{2, 3, 8} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			got := build(j, nil, workers)
			if !reflect.DeepEqual(got.Terms, want.Terms) {
				t.Errorf("got other postings than one goroutine makes")
			}
			sameFiles(t, got.Files(""), wantFiles)
		})
	}
}

// TestMerge checks merge against the postings the parts met, sorted by
// term alone: every term's postings in document order, whatever the
// number of parts and of goroutines.
func TestMerge(t *testing.T) {
	j := linked(t, synth.Generate(synth.Options{People: 60, Entries: 300, Events: 4, Seed: 9}), "2026-11-23")
	for _, n := range []int{1, 5, 16} {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("parts=%d/workers=%d", n, workers), func(t *testing.T) {
				ix := collect(j, nil, workers)
				ranges := split(ix.Docs, n)
				parts := make([]*tokens, len(ranges))
				want := map[string][]Posting{}
				for r := range ranges {
					parts[r] = tokenise(ix.Docs, ranges[r][0], ranges[r][1], false, nil)
					parts[r].each(func(term, doc, field int32) {
						name := parts[r].names[term]
						want[name] = append(want[name], Posting{Doc: doc, Field: field})
					})
				}
				names := merge(ix, parts, workers)
				if len(names) != len(want) || len(ix.Terms) != len(want) {
					t.Fatalf("got %d terms (%d named), want %d", len(ix.Terms), len(names), len(want))
				}
				for name, ps := range want {
					if got := ix.Terms[name]; !slices.Equal(got, ps) {
						t.Errorf("%s: got %v, want %v", name, got, ps)
					}
				}
			})
		}
	}
}

// sameFiles reports every file that differs, by name.
func sameFiles(t *testing.T, got, want []File) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d files, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i].Name != want[i].Name {
			t.Errorf("file %d: got %s, want %s", i, got[i].Name, want[i].Name)
			return
		}
		if !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("%s: got %.200q, want %.200q", got[i].Name, got[i].Data, want[i].Data)
		}
	}
}

// memSink is a site in memory (Sink), as output.Dir keeps one on disk:
// the files of the site before the build, and the sums of those a build
// wrote or kept.
type memSink struct {
	mu     sync.Mutex
	files  map[string][]byte
	sums   map[string]output.Sum
	writes int
}

func newMemSink() *memSink {
	return &memSink{files: map[string][]byte{}, sums: map[string]output.Sum{}}
}

func (m *memSink) Write(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = bytes.Clone(data)
	m.sums[name] = output.SumOf(data)
	m.writes++
	return nil
}

func (m *memSink) Keep(name string, sum output.Sum) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.files[name]
	if !ok || output.SumOf(data) != sum {
		return false
	}
	m.sums[name] = sum
	return true
}

func (m *memSink) Sum(name string) (output.Sum, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sums[name]
	return s, ok
}

// built returns the files Update named, with the bytes m holds, and
// starts m's next build. Each must have been written or kept.
func (m *memSink) built(t *testing.T, files []File) []File {
	t.Helper()
	out := make([]File, len(files))
	for i, f := range files {
		if f.Data != nil {
			t.Errorf("%s: returned its bytes, not written into the sink", f.Name)
		}
		if _, ok := m.sums[f.Name]; !ok {
			t.Errorf("%s: neither written nor kept", f.Name)
		}
		out[i] = File{Name: f.Name, Data: m.files[f.Name]}
	}
	m.sums, m.writes = map[string]output.Sum{}, 0
	return out
}

// site is how a test publishes the index: plainly, or sealed with names
// as an encrypted site does (site.buildSearch).
type site struct {
	names   string
	publish Publish
}

func sites(t *testing.T) map[string]site {
	key, err := crypt.NewKey(rand.NewChaCha8([32]byte{7}))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]site{
		"plain": {},
		"encrypted": {names: key.OpaqueName("kith search names v1"), publish: func(f File, manifest bool) File {
			if manifest {
				f.Name = key.OpaqueName("search/")
			}
			f.Data = key.Seal(f.Name, f.Data)
			return f
		}},
	}
}

// edit is one change to a journal; whole says whether it renumbers the
// documents (so that Update must build the whole index).
type edit struct {
	name  string
	whole bool
	do    func(r *rand.Rand, fsys fstest.MapFS, day *string)
}

// pick returns a random file under dir.
func pick(r *rand.Rand, fsys fstest.MapFS, dir string) string {
	var names []string
	for p := range fsys {
		if strings.HasPrefix(p, dir) && strings.HasSuffix(p, ".md") {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	return names[r.IntN(len(names))]
}

var words = strings.Fields("oolong Malmö sabbatical zymurgy FHIR quokka José staffing pilot Þórr naïve 2024 fintech ümlaut crème brûlée")

func sentence(r *rand.Rand) string {
	n := 1 + r.IntN(6)
	var w []string
	for range n {
		w = append(w, words[r.IntN(len(words))])
	}
	if r.IntN(3) == 0 {
		w = append(w, fmt.Sprintf("novelword%d", r.IntN(1000)))
	}
	return strings.Join(w, " ")
}

func setText(fsys fstest.MapFS, p, text string) {
	fsys[p] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
}

var edits = []edit{
	{"append to a person's notes", false, func(r *rand.Rand, fsys fstest.MapFS, _ *string) {
		p := pick(r, fsys, "content/people/")
		setText(fsys, p, string(fsys[p].Data)+"\n"+sentence(r)+"\n")
	}},
	{"a log line", false, func(r *rand.Rand, fsys fstest.MapFS, _ *string) {
		p := pick(r, fsys, "content/people/")
		setText(fsys, p, string(fsys[p].Data)+"\n- 2025-03-04 Talked about "+sentence(r)+". #call\n")
	}},
	{"rewrite an entry's text", false, func(r *rand.Rand, fsys fstest.MapFS, _ *string) {
		p := pick(r, fsys, "content/entries/")
		text := string(fsys[p].Data)
		if i := strings.LastIndex(text, "\n---\n"); i >= 0 {
			text = text[:i+5] + sentence(r) + "\n"
		}
		setText(fsys, p, text)
	}},
	{"a like", false, func(r *rand.Rand, fsys fstest.MapFS, _ *string) {
		p := pick(r, fsys, "content/people/")
		setText(fsys, p, strings.Replace(string(fsys[p].Data), "\norg:", "\nlikes: ["+words[r.IntN(len(words))]+"]\norg:", 1))
	}},
	{"an event's text", false, func(r *rand.Rand, fsys fstest.MapFS, _ *string) {
		p := pick(r, fsys, "content/events/")
		setText(fsys, p, string(fsys[p].Data)+"\n"+sentence(r)+"\n")
	}},
	{"a person's name (entries that name them change too)", false, func(r *rand.Rand, fsys fstest.MapFS, _ *string) {
		p := pick(r, fsys, "content/people/")
		text := string(fsys[p].Data)
		i := strings.Index(text, "\nname: ")
		j := i + 1 + strings.IndexByte(text[i+1:], '\n')
		setText(fsys, p, text[:j]+" "+words[r.IntN(len(words))]+text[j:])
	}},
	{"a person's role (the line under their name in title lines)", false, func(r *rand.Rand, fsys fstest.MapFS, _ *string) {
		p := pick(r, fsys, "content/people/")
		setText(fsys, p, strings.Replace(string(fsys[p].Data), "\nrole: ", "\nrole: "+words[r.IntN(len(words))]+" ", 1))
	}},
	{"nothing", false, func(*rand.Rand, fstest.MapFS, *string) {}},
	{"a new day", false, func(r *rand.Rand, _ fstest.MapFS, day *string) {
		*day = fmt.Sprintf("2027-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
	}},
	{"a new entry", true, func(r *rand.Rand, fsys fstest.MapFS, _ *string) {
		n := r.IntN(100000)
		setText(fsys, fmt.Sprintf("content/entries/2025/2025-06-07-new-%d.md", n), fmt.Sprintf("---\ndate: 2025-06-07\ntitle: New %d\n---\n%s\n", n, sentence(r)))
	}},
	{"an entry removed", true, func(r *rand.Rand, fsys fstest.MapFS, _ *string) {
		delete(fsys, pick(r, fsys, "content/entries/"))
	}},
}

// TestUpdate applies random edits to a journal and checks after each that
// the index files Update makes with its cache are those a whole build
// makes, byte for byte, plain and sealed, and that it built the whole
// index only when documents were added or removed.
func TestUpdate(t *testing.T) {
	steps := 40
	if testing.Short() {
		steps = 16
	}
	for name, s := range sites(t) {
		t.Run(name, func(t *testing.T) {
			fsys := synth.Generate(synth.Options{People: 40, Entries: 240, Events: 4, Seed: 5})
			day := "2026-11-23"
			c := &Cache{Path: filepath.Join(t.TempDir(), "kith", "search.idx"), Stamp: "test"}
			sink := newMemSink()
			r := rand.New(rand.NewPCG(1, 2))
			for step := range steps {
				var e edit
				if step > 0 {
					e = edits[r.IntN(len(edits))]
					e.do(r, fsys, &day)
				}
				lost := 0
				switch step % 5 {
				case 3: // a build into a new folder: every file is made again
					lost = len(sink.files)
					sink = newMemSink()
				case 4: // some files removed from the site, or changed
					for name := range sink.files {
						switch r.IntN(8) {
						case 0:
							delete(sink.files, name)
							lost++
						case 1:
							sink.files[name] = append(sink.files[name], ' ')
							lost++
						}
					}
				}
				got, whole, err := Update(linked(t, fsys, day), nil, s.names, s.publish, c, sink, nil)
				if err != nil {
					t.Fatal(err)
				}
				if step > 0 && whole == "" && sink.writes < lost {
					t.Errorf("step %d: wrote %d files, want the %d the site lost at least", step, sink.writes, lost)
				}
				want := publishAll(Build(linked(t, fsys, day), nil).Files(s.names), s.publish)
				sameFiles(t, sink.built(t, got), want)
				switch {
				case step == 0 && whole == "":
					t.Errorf("first build: updated an index never cached")
				case step > 0 && e.whole != (whole != ""):
					t.Errorf("step %d, %s: whole %q", step, e.name, whole)
				}
				if t.Failed() {
					t.Fatalf("step %d: %s", step, e.name)
				}
			}
			data, _ := filepath.Glob(filepath.Join(filepath.Dir(c.Path), dataPattern(c.Path)))
			if len(data) == 0 || len(data) > maxData {
				t.Errorf("got %d data files, want 1 to %d", len(data), maxData)
			}
			for _, p := range append(data, c.Path) {
				info, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if info.Mode().Perm() != 0o600 {
					t.Errorf("%s: mode: got %v, want 0600", p, info.Mode().Perm())
				}
			}
			if info, err := os.Stat(filepath.Dir(c.Path)); err != nil || info.Mode().Perm() != 0o700 {
				t.Errorf("cache folder: got %v (%v), want 0700", info.Mode().Perm(), err)
			}
		})
	}
}

// TestUpdateRefusesOtherCaches checks that a cache written for another
// program, another key or damaged is not used.
func TestUpdateRefusesOtherCaches(t *testing.T) {
	fsys := synth.Generate(synth.Options{People: 20, Entries: 80, Events: 2, Seed: 9})
	j := func() *journal.Journal { return linked(t, fsys, "2026-11-23") }
	path := filepath.Join(t.TempDir(), "search.idx")
	sink := newMemSink()
	if got, whole, _ := Update(j(), nil, "", nil, &Cache{Path: path, Stamp: "a"}, sink, nil); whole == "" {
		t.Fatal("first build: updated an index never cached")
	} else {
		sink.built(t, got)
	}
	if got, whole, _ := Update(j(), nil, "", nil, &Cache{Path: path, Stamp: "a"}, sink, nil); whole != "" {
		t.Fatalf("same program: got whole %q, want an update", whole)
	} else {
		sink.built(t, got)
	}
	for _, c := range []struct {
		name, stamp, names string
		damage             func()
	}{
		{"another program", "b", "", nil},
		{"another key", "b", "secret", nil},
		{"damaged", "b", "secret", func() {
			b, _ := os.ReadFile(path)
			os.WriteFile(path, b[:len(b)/2], 0o600)
		}},
		{"a data file missing", "b", "secret", func() {
			data, _ := filepath.Glob(filepath.Join(filepath.Dir(path), dataPattern(path)))
			os.Remove(data[0])
		}},
		{"a data file cut short", "b", "secret", func() {
			data, _ := filepath.Glob(filepath.Join(filepath.Dir(path), dataPattern(path)))
			b, _ := os.ReadFile(data[0])
			os.WriteFile(data[0], b[:len(b)-1], 0o600)
		}},
		{"damaged table", "b", "secret", func() {
			b, _ := os.ReadFile(path)
			for i := 200; i < 300; i++ {
				b[i] ^= 0x5a
			}
			os.WriteFile(path, b, 0o600)
		}},
		{"damaged postings, a new folder", "b", "secret", func() {
			// Every file is made again from the cache's postings,
			// which are checked before any is written.
			data, _ := filepath.Glob(filepath.Join(filepath.Dir(path), dataPattern(path)))
			b, _ := os.ReadFile(data[0])
			os.WriteFile(data[0], bytes.Repeat([]byte{0xff}, len(b)), 0o600)
			sink = newMemSink()
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.damage != nil {
				c.damage()
			}
			got, whole, err := Update(j(), nil, c.names, nil, &Cache{Path: path, Stamp: c.stamp}, sink, nil)
			if err != nil {
				t.Fatal(err)
			}
			if whole == "" {
				t.Errorf("got an update from a cache: %s", c.name)
			}
			sameFiles(t, sink.built(t, got), Build(j(), nil).Files(c.names))
		})
	}
}

// TestUpdateSplit checks an update across the size at which a shard is
// split by three letters (shardKeys), both ways: the terms that move
// change their shards.
func TestUpdateSplit(t *testing.T) {
	var words []string
	size := 0
	for i := 0; size+17 < shardSplit; i++ {
		w := fmt.Sprintf("zq%c%04d", 'a'+i%3, i) // 7 letters, one posting: 17 bytes (postingBytes)
		words = append(words, w)
		size += len(w) + 8 + 2
	}
	note := func(extra string) string {
		return "---\nname: Zed Quill\n---\n" + strings.Join(words, " ") + extra + "\n"
	}
	fsys := fstest.MapFS{
		"kith.yaml":                  {Data: []byte("title: Split\n")},
		"content/people/zed.md":      {Data: []byte(note(""))},
		"content/people/ann-bell.md": {Data: []byte("---\nname: Ann Bell\n---\nAnn likes zqa0000.\n")},
	}
	for i := range 8 { // so that one note is few of the documents
		fsys[fmt.Sprintf("content/people/p%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\nname: Person %d\n---\n", i))}
	}
	c := &Cache{Path: filepath.Join(t.TempDir(), "search.idx"), Stamp: "test"}
	sink := newMemSink()
	for step, extra := range []string{"", " zqz9990 zqz9991 zqz9992", "", " zqb9993"} {
		fsys["content/people/zed.md"] = &fstest.MapFile{Data: []byte(note(extra))}
		got, whole, err := Update(linked(t, fsys, "2026-11-23"), nil, "", nil, c, sink, nil)
		if err != nil {
			t.Fatal(err)
		}
		ix := Build(linked(t, fsys, "2026-11-23"), nil)
		sameFiles(t, sink.built(t, got), ix.Files(""))
		if step > 0 && whole != "" {
			t.Errorf("step %d: built whole: %s", step, whole)
		}
		split := slices.Contains(ix.Keys, "zqa")
		if split != (extra != "") {
			t.Errorf("step %d: shard keys %v: want zq split only with more words", step, ix.Keys)
		}
	}
}

// TestSnippet checks that a body's snippet, made from the beginning of its
// plain text, is what the whole plain text gives.
func TestSnippet(t *testing.T) {
	bodies := []string{
		"", "short", strings.Repeat("word ", 300), strings.Repeat("ünïcødé ", 200), strings.Repeat("日本語のテキスト ", 150),
		strings.Repeat("a", 1200), strings.Repeat("[[link|label  with  spaces]]\n\n", 60), strings.Repeat("x\u00a0\u00a0y ", 300),
		strings.Repeat("word ", 124) + "    \n\n   " + strings.Repeat("more ", 200),
	}
	j := linked(t, synth.Generate(synth.Options{People: 30, Entries: 100, Events: 2, Seed: 4}), "2026-11-23")
	for _, p := range j.People {
		bodies = append(bodies, string(p.Body.Markdown))
	}
	for _, e := range j.Entries {
		bodies = append(bodies, string(e.Body.Markdown))
	}
	for i, b := range bodies {
		if got, want := (&texts{}).snippet(b), oneLine(plain(bodyHead(b))); cutSnippet(got) != cutSnippet(want) {
			t.Errorf("body %d: got %q, want %q", i, cutSnippet(got), cutSnippet(want))
		}
	}
}

// cutSnippet cuts a field's text as finish does.
func cutSnippet(s string) string {
	d := Doc{Fields: []FieldText{{Text: s, raw: rawText}}}
	finish(&d, &texts{}, false)
	if len(d.Fields) == 0 {
		return ""
	}
	return d.Fields[0].Text
}

func FuzzSnippet(f *testing.F) {
	f.Add(strings.Repeat("word ", 300))
	f.Add(strings.Repeat("[[a|b  c]] ** `x` ", 80))
	f.Fuzz(func(t *testing.T, body string) {
		if got, want := cutSnippet((&texts{}).snippet(body)), cutSnippet(oneLine(plain(bodyHead(body)))); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

// firstTerms returns the terms tokens.doc finds in s, each once, in the
// order first met.
func firstTerms(s string) []string {
	t := &tokens{folded: map[string]*term{}}
	t.doc(0, &Doc{Fields: []FieldText{{words: s}}})
	var out []string
	t.each(func(term, _, _ int32) { out = append(out, t.names[term]) })
	return out
}

// TestTokensDoc checks that the tokeniser of documents finds the words
// Tokens does.
func TestTokensDoc(t *testing.T) {
	for _, s := range []string{"", "José Núñez, Malmö", "a1 b2 a1 A1 ÀÉ", "bad \xff byte\xc3", "e\u0301te cafe\u0301 café", "日本語 テキスト", "x\u00a0y\u2028z", "ǅemal ﬁne Straße"} {
		seen := map[string]bool{}
		var want []string
		for _, w := range Tokens(s) {
			if !seen[w] {
				seen[w] = true
				want = append(want, w)
			}
		}
		if got := firstTerms(s); !slices.Equal(got, want) {
			t.Errorf("%q: got %q, want %q", s, got, want)
		}
	}
}

func FuzzTokensDoc(f *testing.F) {
	f.Add("José Núñez, Malmö")
	f.Fuzz(func(t *testing.T, s string) {
		seen := map[string]bool{}
		var want []string
		for _, w := range Tokens(s) {
			if !seen[w] {
				seen[w] = true
				want = append(want, w)
			}
		}
		if got := firstTerms(s); !slices.Equal(got, want) {
			t.Errorf("%q: got %q, want %q", s, got, want)
		}
	})
}

// TestDay checks day against content.Date.String, through packDay.
func TestDay(t *testing.T) {
	for _, d := range []content.Date{{}, {Year: 2026, Month: 11, Day: 23}, {Year: 1, Month: 1, Day: 1}, {Year: 999, Month: 12, Day: 31}, {Year: 9999, Month: 2, Day: 9}, {Year: -3, Month: 4, Day: 5}, {Year: 12345, Month: 6, Day: 7}} {
		if got, want := day(unpackDay(packDay(d))), d.String(); got != want {
			t.Errorf("%#v: got %q, want %q", d, got, want)
		}
	}
}

// TestPostsSize checks that postsSize is what encodePosts writes, so that
// the first cache's postings are written into an array sized once.
func TestPostsSize(t *testing.T) {
	for _, tc := range []struct {
		name string
		ps   []Posting
	}{
		{"none", nil},
		{"one", []Posting{{Doc: 0, Field: 3}}},
		{"small gaps", []Posting{{Doc: 1, Field: 0}, {Doc: 2, Field: 15}, {Doc: 2, Field: 1}, {Doc: 127, Field: 2}}},
		{"gaps across varint sizes", []Posting{{Doc: 128, Field: 1}, {Doc: 128 + 16384, Field: 2}, {Doc: 128 + 16384 + 2097152, Field: 3}, {Doc: 1<<31 - 1, Field: 4}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := postsSize(tc.ps), len(encodePosts(nil, tc.ps)); got != want {
				t.Errorf("got %d, want %d", got, want)
			}
		})
	}
}

// TestWriteAll checks that writeAll writes its pieces in order, more than
// one writev's worth of them, empty ones included.
func TestWriteAll(t *testing.T) {
	var bufs [][]byte
	var want []byte
	for i := range 3000 {
		b := []byte(strings.Repeat(string(rune('a'+i%26)), i%7))
		bufs = append(bufs, b)
		want = append(want, b...)
	}
	p := filepath.Join(t.TempDir(), "data")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeAll(f, bufs); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got %d bytes, want %d (the same pieces in order)", len(got), len(want))
	}
}

// oneLineClean is how oneLine told text that is one line already before
// oneLineAlready: rune by rune.
func oneLineClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return false
			}
			i += n - 1
		} else if c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || (c == ' ' && i+1 < len(s) && s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// TestOneLineAlready checks oneLineAlready against the rune-by-rune test
// it replaced, and that every white space rune starts with a byte it
// looks at.
func TestOneLineAlready(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if unicode.IsSpace(r) && !spaceStart[string(r)[0]] {
			t.Errorf("U+%04X is white space, but its first byte %#x is not in spaceStart", r, string(r)[0])
		}
	}
	for _, s := range []string{"", "one line", "two  spaces", "tab\there", "nbsp\u00a0here", "nel\u0085", "ogham\u1680", "em\u2003space", "line\u2028sep",
		"ideographic\u3000", "narrow\u202fnbsp", "math\u205fspace", "José Núñez, Malmö", "日本語のテキスト", "bad \xff\xe2\x80 byte", "\xe2", "€ and ‘quotes’"} {
		t.Run(s, func(t *testing.T) {
			if got, want := oneLineAlready(s), oneLineClean(s); got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func FuzzOneLineAlready(f *testing.F) {
	f.Add("José  Núñez\u00a0Malmö")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := oneLineAlready(s), oneLineClean(s); got != want {
			t.Errorf("%q: got %v, want %v", s, got, want)
		}
	})
}

// TestPostingFields checks that a posting of the tokeniser holds every
// field and the largest term number it allows.
func TestPostingFields(t *testing.T) {
	if len(Fields) > 1<<fieldBits {
		t.Fatalf("got %d fields, want at most %d: a posting holds a field in %d bits", len(Fields), 1<<fieldBits, fieldBits)
	}
	for _, tc := range []struct{ term, field int32 }{{0, 0}, {1, int32(len(Fields) - 1)}, {1<<(32-fieldBits) - 1, 7}} {
		t.Run(fmt.Sprint(tc.term, "/", tc.field), func(t *testing.T) {
			p := newPosting(tc.term, tc.field)
			if p.term() != tc.term || p.field() != tc.field {
				t.Errorf("got %d/%d, want %d/%d", p.term(), p.field(), tc.term, tc.field)
			}
		})
	}
}

// plainUpToRef is plainUpTo as it was before a run of text went on over
// single spaces: FuzzPlain compares the two.
func plainUpToRef(md string, stop int) (text string, whole bool) {
	b := make([]byte, 0, len(md))
	lineStart := true
	for i := 0; i < len(md); {
		if stop > 0 && len(b) >= stop {
			return string(b), false
		}
		c := md[i]
		if c == ' ' { // between most words: what the last case does, first
			b = space(b)
			i++
			continue
		}
		if !plainMark[c] { // most of a note: copied a run at a time
			j := i + 1
			for j < len(md) && !plainMark[md[j]] {
				j++
			}
			b = append(b, md[i:j]...)
			lineStart = false
			i = j
			continue
		}
		switch {
		case strings.HasPrefix(md[i:], "![["), strings.HasPrefix(md[i:], "[!"):
			// An embed (an image, another note) or a callout's [!type]:
			// nothing to read in a snippet.
			end := strings.Index(md[i:], "]")
			if end < 0 {
				end = len(md) - i - 1
			}
			if md[i] == '!' {
				if e := strings.Index(md[i:], "]]"); e >= 0 {
					end = e + 1
				}
			}
			i += end + 1
		case strings.HasPrefix(md[i:], "[["):
			end := strings.Index(md[i:], "]]")
			if end < 0 {
				b = append(b, md[i:]...)
				i = len(md)
				continue
			}
			link := md[i+2 : i+end]
			if k := strings.IndexByte(link, '|'); k >= 0 {
				link = link[k+1:]
			} else if k := strings.IndexByte(link, '#'); k >= 0 {
				link = link[:k]
			}
			b = append(b, link...)
			i += end + 2
		case c == ']' && strings.HasPrefix(md[i:], "]("):
			end := strings.IndexByte(md[i:], ')')
			if end < 0 {
				end = 1
			}
			i += end + 1
		case c == '*' || c == '_' || c == '`' || c == '~' || c == '[' || (lineStart && (c == '#' || c == '>')):
			i++
			continue // still at the line's start for "## " and "> "
		case c == '\n' || c == '\r' || c == '\t':
			b = space(b)
			i++
			lineStart = c != '\t'
			continue
		case lineStart && (c == '-' || c == '+') && i+1 < len(md) && md[i+1] == ' ':
			i += 2
		case c == ' ':
			b = space(b)
			i++
			continue
		default:
			lineStart = false
			b = append(b, c)
			i++
		}
		if c != ' ' {
			lineStart = false
		}
	}
	return string(b), true
}

// TestPlain checks plainUpTo against plainUpToRef.
func TestPlain(t *testing.T) {
	for _, md := range []string{"", " ", "a b", "a  b", " lead", "trail ", "- item\n- two", "a - b + c", "# Head  line\n> quote **bold** _it_",
		"[[target|label  x]] and [link](http://x) ![[img.png]] [!note]", "word\u00a0 word\tx\r\ny", strings.Repeat("word ", 300), "x  \n  y", "a\n\n b"} {
		for _, stop := range []int{0, 1, 5, snippetBytes} {
			t.Run(fmt.Sprintf("%q/%d", md, stop), func(t *testing.T) {
				got, gotWhole := plainUpTo(md, stop)
				want, wantWhole := plainUpToRef(md, stop)
				if stop == 0 && (got != want || gotWhole != wantWhole) {
					t.Errorf("got %q %v, want %q %v", got, gotWhole, want, wantWhole)
				}
				// With a stop, runs may go further: the text begins as the
				// reference's does.
				if stop > 0 && !strings.HasPrefix(got, want) && !strings.HasPrefix(want, got) {
					t.Errorf("got %q, want a text that begins as %q", got, want)
				}
			})
		}
	}
}

func FuzzPlain(f *testing.F) {
	f.Add("# Head  line\n> quote **bold** _it_ [[a|b  c]] - x")
	f.Fuzz(func(t *testing.T, md string) {
		if got, want := plain(md), func() string { s, _ := plainUpToRef(md, 0); return s }(); got != want {
			t.Errorf("%q: got %q, want %q", md, got, want)
		}
		date := packDay(content.Date{Year: 2024, Month: 3, Day: 9})
		if got, want := (&texts{}).logText(date, md), "2024-03-09 "+plain(md); got != want {
			t.Errorf("%q: got log line %q, want %q", md, got, want)
		}
	})
}

// TestLogText checks that a log line's text is its day, a space and its
// text as plain text, as it was made before logText.
func TestLogText(t *testing.T) {
	for _, tc := range []struct {
		name, md string
		date     content.Date
	}{
		{"empty", "", content.Date{Year: 2024, Month: 3, Day: 9}},
		{"leading space", "  met [[Ana|Ana S]] at **FHIR** day", content.Date{Year: 2025, Month: 12, Day: 31}},
		{"list mark", "- asked about\n- oolong", content.Date{Year: 1999, Month: 1, Day: 1}},
		{"no day", "text", content.Date{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := packDay(tc.date)
			if got, want := (&texts{}).logText(d, tc.md), day(unpackDay(d))+" "+plain(tc.md); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

// cutRunesRef is how cutRunes counted before its ASCII loop: rune by rune.
func cutRunesRef(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j], true
		}
		i++
	}
	return s, false
}

// TestCutRunes checks cutRunes against cutRunesRef on text of one-byte
// letters, of longer ones, mixed and broken.
func TestCutRunes(t *testing.T) {
	for _, s := range []string{"", "abc", "abcdef", "josé núñez", "日本語のテキスト", "ab\xffcd\xfe", "aé" + strings.Repeat("x", 10), strings.Repeat("é", 7)} {
		for n := range 12 {
			t.Run(fmt.Sprintf("%q/%d", s, n), func(t *testing.T) {
				got, gotCut := cutRunes(s, n)
				want, wantCut := cutRunesRef(s, n)
				if got != want || gotCut != wantCut {
					t.Errorf("got %q %v, want %q %v", got, gotCut, want, wantCut)
				}
			})
		}
	}
}

func FuzzCutRunes(f *testing.F) {
	f.Add("josé núñez", 4)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 || n > 1000 {
			return
		}
		got, gotCut := cutRunes(s, n)
		want, wantCut := cutRunesRef(s, n)
		if got != want || gotCut != wantCut {
			t.Errorf("%q %d: got %q %v, want %q %v", s, n, got, gotCut, want, wantCut)
		}
	})
}

// sameLater fails unless a document with body as its text is written the
// same whether finish made its snippet or left it for writeDoc.
func sameLater(t *testing.T, body string) {
	t.Helper()
	var b [3]bytes.Buffer
	sum := [32]byte{7}
	var ahead texts
	made := &Bodies{made: map[[32]byte]string{sum: ahead.madeAhead([]byte(body))}}
	for i, later := range []bool{false, true, true} {
		d := Doc{Kind: "event", Fields: []FieldText{{Field: 2, Text: "Title", raw: rawText}, {Field: 15, words: body, raw: rawBody}}, note: &sum}
		x := &texts{}
		if i == 2 { // the snippet made while the journal loaded (Bodies)
			x.made = made
		}
		finish(&d, x, later)
		writeDoc(&b[i], &d, x, true)
	}
	if b[0].String() != b[1].String() {
		t.Errorf("body %.60q: finish made %.200s; left for writeDoc, %.200s", body, b[0].String(), b[1].String())
	}
	if b[0].String() != b[2].String() {
		t.Errorf("body %.60q: finish made %.200s; made ahead (Bodies), %.200s", body, b[0].String(), b[2].String())
	}
}

// TestWholeOnPage: finish keeps a field the site leaves on its page
// (an entry's text) whole, as the page shows it, and cuts the same body in
// a field the chunks keep (an event's text) to storedText.
func TestWholeOnPage(t *testing.T) {
	body := "# Notes\n\n" + strings.Repeat("A *long* paragraph of words. ", 40) + "\n\nThe [last](https://example.com) word: zebra."
	want := "Notes " + strings.TrimSpace(strings.Repeat("A long paragraph of words. ", 40)) + " The last word: zebra."
	for _, c := range []struct {
		kind  string
		whole bool
	}{{"entry", true}, {"event", false}} {
		t.Run(c.kind, func(t *testing.T) {
			d := Doc{Kind: c.kind, Fields: []FieldText{{Field: textField, words: body, raw: rawBody}}}
			finish(&d, &texts{}, false)
			if len(d.Fields) != 1 {
				t.Fatalf("got %d fields, want 1", len(d.Fields))
			}
			got := d.Fields[0].Text
			if c.whole && got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			if !c.whole && (runes(got) > storedText+2 || !strings.HasSuffix(got, " …") || !strings.HasPrefix(want, strings.TrimSuffix(got, " …"))) {
				t.Errorf("got %q, want the first %d letters of %q and \" …\"", got, storedText, want)
			}
		})
	}
}

// TestBodyLater: a body's snippet left for writeDoc (Update), or made
// while the journal loaded (Bodies), is the one finish makes (Build), and
// a body with no text is dropped all three ways.
func TestBodyLater(t *testing.T) {
	for _, body := range []string{
		"", " ", "![[photo.png]]", "**", "[[a|]]", strings.Repeat("\u00a0", 80) + "late text",
		strings.Repeat("* \n", 40) + "words at last", strings.Repeat("![[x.png]] ", 30) + "after embeds",
		strings.Repeat("word ", 300), strings.Repeat("日本語のテキスト ", 150), "short note",
	} {
		sameLater(t, body)
	}
}

func FuzzBodyLater(f *testing.F) {
	f.Add(strings.Repeat("\u00a0", 70) + "x")
	f.Add(strings.Repeat("[[a|b  c]] ** `x` ", 80))
	f.Fuzz(sameLater)
}

// publishAll publishes every file.
func publishAll(files []File, publish Publish) []File {
	if publish == nil {
		return files
	}
	out := make([]File, len(files))
	for i, f := range files {
		out[i] = publish(f, i == 0)
	}
	return out
}

// TestDocKeyNote: a document whose note's sum is known (Doc.note) has a
// key that follows the sum, not the body's bytes, and every other field
// still counts; one whose sum is not known has a key that follows its
// body. Collect takes the sum from the note as loaded.
func TestDocKeyNote(t *testing.T) {
	body := strings.Repeat("Met at the Malmö meetup; talked about oolong. ", 20)
	sum := [32]byte{1, 2, 3}
	doc := func(note *[32]byte, body, org string) *Doc {
		d := &Doc{Kind: "person", Slug: "dana", Title: "Dana", URL: "people/dana/", note: note}
		d.Fields = add(d.Fields, fieldID("org"), org)
		d.Fields = addBody(d.Fields, fieldID("notes"), []byte(body))
		return d
	}
	h := newKeyHash()
	key := func(d *Doc) [32]byte { return docKey(h, d) }
	other := sum
	other[0] = 9
	for _, tc := range []struct {
		name string
		a, b *Doc
		same bool
	}{
		{"the same note", doc(&sum, body, "Lumen"), doc(&sum, body, "Lumen"), true},
		{"the body changed, the sum not (cannot happen: the sum stands for the body)", doc(&sum, body, "Lumen"), doc(&sum, strings.Replace(body, "oolong", "Oolong", 1), "Lumen"), true},
		{"the sum changed", doc(&sum, body, "Lumen"), doc(&other, body, "Lumen"), false},
		{"another field changed", doc(&sum, body, "Lumen"), doc(&sum, body, "Umber"), false},
		{"no sum, the body changed", doc(nil, body, "Lumen"), doc(nil, strings.Replace(body, "oolong", "Oolong", 1), "Lumen"), false},
		{"no sum, a short body changed", doc(nil, "oolong", "Lumen"), doc(nil, "oolongs", "Lumen"), false},
		{"a sum, and none", doc(&sum, body, "Lumen"), doc(nil, body, "Lumen"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := key(tc.a) == key(tc.b); got != tc.same {
				t.Errorf("got same key %v, want %v", got, tc.same)
			}
		})
	}
	fsys := synth.Generate(synth.Options{People: 5, Entries: 12, Events: 2, Seed: 3})
	j := linked(t, fsys, "2026-11-23")
	ix := collect(j, nil, 2)
	noted := 0
	for i := range ix.Docs {
		d := &ix.Docs[i]
		hasBody := slices.ContainsFunc(d.Fields, func(f FieldText) bool { return f.raw == rawBody })
		if !hasBody {
			continue
		}
		if d.note == nil {
			t.Errorf("%s %s: no note sum, want the one its load found", d.Kind, d.Slug)
			continue
		}
		noted++
	}
	if noted == 0 {
		t.Fatal("no document with a body")
	}
}
