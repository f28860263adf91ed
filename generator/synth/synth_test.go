package synth

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"

	"kith/generator/content"
)

var today = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

var sizes = []struct {
	name string
	opts Options
}{
	{"small", Options{People: 50, Entries: 300, Events: 5, Seed: 1, Today: today}},
	{"one person", Options{People: 1, Entries: 10, Events: 1, Seed: 7, Today: today}},
	{"nobody", Options{People: 0, Entries: 5, Events: 2, Seed: 3, Today: today}},
	{"crowded names", Options{People: 1500, Entries: 20, Events: 0, Seed: 2, Today: today}},
}

func TestGenerateDeterministic(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			a, b := Generate(tc.opts), Generate(tc.opts)
			if !maps.EqualFunc(a, b, func(x, y *fstest.MapFile) bool { return bytes.Equal(x.Data, y.Data) }) {
				t.Errorf("two runs with the same options differ")
			}
			other := tc.opts
			other.Seed++
			if c := Generate(other); maps.EqualFunc(a, c, func(x, y *fstest.MapFile) bool { return bytes.Equal(x.Data, y.Data) }) {
				t.Errorf("seeds %d and %d gave the same journal", tc.opts.Seed, other.Seed)
			}
		})
	}
}

// TestMoreEntriesSamePeople checks that the parts draw from separate streams.
func TestMoreEntriesSamePeople(t *testing.T) {
	a := Generate(Options{People: 30, Entries: 10, Events: 3, Seed: 5, Today: today})
	b := Generate(Options{People: 30, Entries: 50, Events: 3, Seed: 5, Today: today})
	for p, f := range a {
		if strings.HasPrefix(p, "content/entries/") {
			continue
		}
		if g, ok := b[p]; !ok || !bytes.Equal(g.Data, f.Data) {
			t.Errorf("%s changed when only the number of entries grew", p)
		}
	}
}

func TestGenerateCounts(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			j := Generate(tc.opts)
			got := map[string]int{}
			for p := range j {
				switch {
				case p == "kith.yaml":
					got["config"]++
				case strings.HasPrefix(p, "content/people/"):
					got["people"]++
				case regexp.MustCompile(`^content/entries/\d{4}/\d{4}-\d\d-\d\d-[a-z0-9-]+\.md$`).MatchString(p):
					if p[16:20] != path.Base(p)[:4] {
						t.Errorf("%s: year folder does not match the date", p)
					}
					got["entries"]++
				case strings.HasPrefix(p, "content/events/"):
					got["events"]++
				default:
					t.Errorf("unexpected file %s", p)
				}
			}
			want := map[string]int{"config": 1, "people": tc.opts.People, "entries": tc.opts.Entries, "events": tc.opts.Events}
			for k, w := range want {
				if got[k] != w {
					t.Errorf("%s: got %d files, want %d", k, got[k], w)
				}
			}
		})
	}
}

// note is every front-matter field of the contract; decoding is strict, so
// a field outside the contract fails the test.
type note struct {
	Name        string   `yaml:"name"`
	Aliases     []string `yaml:"aliases"`
	Org         string   `yaml:"org"`
	Role        string   `yaml:"role"`
	Location    string   `yaml:"location"`
	Tags        []string `yaml:"tags"`
	Expertise   []string `yaml:"expertise"`
	Likes       []string `yaml:"likes"`
	Needs       []any    `yaml:"needs"`
	Met         *struct{ Date, Where, Via string }
	Contact     *struct{ Email, Phone, Linkedin, Website string }
	Birthday    string   `yaml:"birthday"`
	KeepInTouch string   `yaml:"keep_in_touch"`
	Date        string   `yaml:"date"`
	End         string   `yaml:"end"`
	URL         string   `yaml:"url"`
	People      []string `yaml:"people"`
	Title       string   `yaml:"title"`
	With        []string `yaml:"with"`
	Kind        string   `yaml:"kind"`
	Event       string   `yaml:"event"`
	Gave        string   `yaml:"gave"`
	Received    string   `yaml:"received"`
	Thanked     string   `yaml:"thanked"`
	FollowUp    string   `yaml:"follow_up"`
}

func parse(t *testing.T, p string, data []byte) (note, string) {
	t.Helper()
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("%s: got no front matter", p)
	}
	fm, body, ok := strings.Cut(s[4:], "\n---\n")
	if !ok {
		t.Fatalf("%s: front matter is not closed", p)
	}
	var n note
	dec := yaml.NewDecoder(strings.NewReader(fm))
	dec.KnownFields(true)
	if err := dec.Decode(&n); err != nil {
		t.Fatalf("%s: got %v, want valid YAML", p, err)
	}
	return n, body
}

var (
	wikilink = regexp.MustCompile(`\[\[([^\]|]+)(?:\|[^\]]*)?\]\]`)
	logLine  = regexp.MustCompile(`(?m)^- (\d{4}-\d\d-\d\d) `)
	isoDate  = regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)
)

func TestGenerateReferencesResolve(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			j := Generate(tc.opts)
			notes := map[string]note{}
			bodies := map[string]string{}
			for p, f := range j {
				if strings.HasPrefix(p, "content/") {
					notes[p], bodies[p] = parse(t, p, f.Data)
				}
			}
			// Index people by name, alias, file name and slug, as the contract does.
			owner := map[string]string{}
			claim := func(p, k string) {
				for _, key := range []string{strings.ToLower(k), content.Slug(k)} {
					if o, ok := owner[key]; ok && o != p {
						t.Errorf("%s: %q also names %s", p, k, o)
					}
					owner[key] = p
				}
			}
			events := map[string]bool{}
			for p, n := range notes {
				switch {
				case strings.HasPrefix(p, "content/people/"):
					if n.Name == "" {
						t.Errorf("%s: got no name", p)
					}
					claim(p, n.Name)
					claim(p, content.BaseName(p))
					for _, a := range n.Aliases {
						claim(p, a)
					}
				case strings.HasPrefix(p, "content/events/"):
					events[content.Slug(content.BaseName(p))] = true
				}
			}
			resolve := func(p, field, ref string) {
				t.Helper()
				k := strings.TrimSuffix(strings.TrimPrefix(ref, "[["), "]]")
				if owner[strings.ToLower(k)] == "" && owner[content.Slug(k)] == "" {
					t.Errorf("%s: %s %q names no one", p, field, ref)
				}
			}
			for p, n := range notes {
				for _, r := range n.With {
					resolve(p, "with", r)
				}
				for _, r := range n.People {
					resolve(p, "people", r)
				}
				if n.Met != nil && n.Met.Via != "" {
					resolve(p, "met.via", n.Met.Via)
				}
				if n.Event != "" && !events[n.Event] {
					t.Errorf("%s: event %q is not an event", p, n.Event)
				}
				for _, m := range wikilink.FindAllStringSubmatch(bodies[p], -1) {
					resolve(p, "wikilink", m[1])
				}
				if strings.HasPrefix(p, "content/entries/") {
					if !isoDate.MatchString(n.Date) || n.Date > today.Format(time.DateOnly) {
						t.Errorf("%s: got date %q, want a date on or before today", p, n.Date)
					}
					if len(n.With) == 0 && tc.opts.People > 0 && !wikilink.MatchString(bodies[p]) {
						t.Errorf("%s: got no participants, want with or a body link", p)
					}
				}
				for _, m := range logLine.FindAllStringSubmatch(bodies[p], -1) {
					if m[1] > today.Format(time.DateOnly) {
						t.Errorf("%s: got log line dated %s, after today", p, m[1])
					}
				}
			}
		})
	}
}

func TestGenerateShape(t *testing.T) {
	j := Generate(Options{People: 400, Entries: 1000, Events: 10, Seed: 11, Today: today})
	var people, entries, peopleBytes, entryBytes, aliases, vias, birthdays, cadences, needs int
	for p, f := range j {
		if !strings.HasPrefix(p, "content/") {
			continue
		}
		n, _ := parse(t, p, f.Data)
		switch {
		case strings.HasPrefix(p, "content/people/"):
			people++
			peopleBytes += len(f.Data)
			if len(n.Aliases) > 0 {
				aliases++
			}
			if n.Met != nil && n.Met.Via != "" {
				vias++
			}
			if n.Birthday != "" {
				birthdays++
			}
			if n.KeepInTouch != "" {
				cadences++
			}
			if len(n.Needs) > 0 {
				needs++
			}
		case strings.HasPrefix(p, "content/entries/"):
			entries++
			entryBytes += len(f.Data)
		}
	}
	checks := []struct {
		name     string
		got      int
		min, max int
	}{
		{"mean person note bytes", peopleBytes / people, 1000, 2000},
		{"mean entry bytes", entryBytes / entries, 500, 1500},
		{"percent with aliases", 100 * aliases / people, 12, 28},
		{"percent introduced", 100 * vias / people, 18, 35},
		{"percent with birthday", 100 * birthdays / people, 30, 50},
		{"percent with cadence", 100 * cadences / people, 40, 60},
		{"percent with needs", 100 * needs / people, 25, 42},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got < c.min || c.got > c.max {
				t.Errorf("got %d, want %d..%d", c.got, c.min, c.max)
			}
		})
	}
}

func TestWrite(t *testing.T) {
	opts := Options{People: 20, Entries: 40, Events: 2, Seed: 1, Today: today}
	dir := filepath.Join(t.TempDir(), "journal")
	if err := Write(dir, opts); err != nil {
		t.Fatalf("got %v, want no error", err)
	}
	want := Generate(opts)
	got := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if f, ok := want[filepath.ToSlash(rel)]; !ok || !bytes.Equal(f.Data, data) {
			t.Errorf("%s: differs from Generate", rel)
		}
		got++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != len(want) {
		t.Errorf("got %d files, want %d", got, len(want))
	}
	t.Run("refuses a non-empty dir", func(t *testing.T) {
		if err := Write(dir, opts); err == nil {
			t.Errorf("got no error, want one")
		}
	})
	t.Run("accepts an empty dir", func(t *testing.T) {
		empty := t.TempDir()
		if err := Write(empty, opts); err != nil {
			t.Errorf("got %v, want no error", err)
		}
	})
	t.Run("refuses a file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(file, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := Write(file, opts); err == nil || errors.Is(err, fs.ErrNotExist) {
			t.Errorf("got %v, want an error", err)
		}
	})
}

func TestGenerateFS(t *testing.T) {
	j := Generate(Options{People: 5, Entries: 5, Events: 1, Seed: 1, Today: today})
	paths := make([]string, 0, len(j))
	for p := range j {
		paths = append(paths, p)
	}
	if err := fstest.TestFS(j, paths...); err != nil {
		t.Errorf("got %v, want a valid fs.FS", err)
	}
}

// TestNoNeeds checks that needs come from their own stream: without them,
// entries and events are the same bytes, and people lose only their needs.
func TestNoNeeds(t *testing.T) {
	opts := Options{People: 60, Entries: 100, Events: 3, Seed: 9, Today: today}
	with := Generate(opts)
	opts.NoNeeds = true
	without := Generate(opts)
	needs := regexp.MustCompile(`(?m)^needs:\n(?:  .*\n)+`)
	dropped := 0
	for p, f := range with {
		if p == "kith.yaml" {
			continue
		}
		w := needs.ReplaceAll(f.Data, nil)
		if len(w) != len(f.Data) {
			dropped++
		}
		if !bytes.Equal(w, without[p].Data) {
			t.Errorf("%s: without needs got\n%s\nwant\n%s", p, without[p].Data, w)
		}
	}
	if dropped == 0 {
		t.Error("got no needs in the journal")
	}
}
