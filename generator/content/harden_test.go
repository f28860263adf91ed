package content

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeJournal writes files (path → text) under a new temporary journal.
func writeJournal(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, text := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// loadWithin loads the journal at root, failing the test instead of hanging
// when loading takes longer than a generous limit.
func loadWithin(t *testing.T, root string) *Set {
	t.Helper()
	type result struct {
		s   *Set
		err error
	}
	done := make(chan result, 1)
	go func() { // ends when Load returns; the test fails first if it does not
		s, err := Load(context.Background(), os.DirFS(root))
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("Load: %v", r.err)
		}
		return r.s
	case <-time.After(20 * time.Second):
		t.Fatal("Load did not return within 20 s: a special file made it wait")
	}
	return nil
}

// problemLines formats every problem of the set.
func problemLines(s *Set) []string {
	var out []string
	for _, p := range s.AllProblems() {
		out = append(out, p.Error())
	}
	return out
}

// wantProblems checks that the sorted problems match want one for one: each
// problem contains the pieces of its want (split at "…") in order.
func wantProblems(t *testing.T, got []string, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		rest := got[i]
		for _, piece := range strings.Split(want[i], "…") {
			k := strings.Index(rest, piece)
			if k < 0 {
				t.Errorf("problem %d: got %q, want it to match %q", i, got[i], want[i])
				break
			}
			rest = rest[k+len(piece):]
		}
	}
}

const okPerson = "---\nname: Dana Okafor\n---\nHello.\n"

func TestHarden04SpecialFiles(t *testing.T) {
	root := writeJournal(t, map[string]string{
		"content/people/Dana Okafor.md": okPerson,
		"content/people/big.md":         "---\nname: Big\n---\n" + strings.Repeat("x", MaxNoteSize),
	})
	people := filepath.Join(root, "content", "people")
	if err := mkfifo(filepath.Join(people, "fifo.md")); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	if err := os.Symlink("fifo.md", filepath.Join(people, "to-fifo.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(people, "zero.md")); err != nil {
		t.Fatal(err)
	}
	s := loadWithin(t, root)
	wantProblems(t, problemLines(s), []string{
		"content/people/big.md: 8388626 bytes, larger than the 8 MB a note may be",
		"content/people/fifo.md: a named pipe (FIFO), not a note; kith reads only regular files",
		"content/people/to-fifo.md: a named pipe (FIFO), not a note",
		`content/people/zero.md: a symbolic link to "/dev/zero", outside the journal; kith does not read it`,
	})
	if s.Docs["content/people/Dana Okafor.md"].Person == nil {
		t.Errorf("got no Dana Okafor, want the regular note read beside the special files")
	}

	t.Run("ReadNote", func(t *testing.T) {
		done := make(chan error, 1)
		go func() { // ends when ReadNote returns
			_, err := ReadNote(os.DirFS(root), "content/people/fifo.md")
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "content/people/fifo.md: a named pipe") {
				t.Errorf("got %v, want a problem saying it is a named pipe", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("ReadNote of a FIFO did not return within 20 s")
		}
		if data, err := ReadNote(os.DirFS(root), "content/people/Dana Okafor.md"); err != nil || string(data) != okPerson {
			t.Errorf("got %q, %v; want the note", data, err)
		}
	})

	t.Run("update", func(t *testing.T) {
		done := make(chan error, 1)
		go func() { // ends when Update returns
			_, err := s.Update(os.DirFS(root), "content/people/fifo.md")
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("Update of a FIFO did not return within 20 s")
		}
		if got := s.Problems["content/people/fifo.md"]; len(got) != 1 || !strings.Contains(got[0].Message, "named pipe") {
			t.Errorf("got %v, want one problem saying it is a named pipe", got)
		}
	})
}

func TestHarden08SymbolicLinks(t *testing.T) {
	outside := writeJournal(t, map[string]string{"secret.md": "---\nname: Secret Person\nrole: SECRET-ROLE\n---\n"})
	root := writeJournal(t, map[string]string{
		"content/people/Dana Okafor.md":  okPerson,
		"content/people/bad.md":          "---\norg: [Acme\n---\n",
		"notes/José Núñez.md":            "---\nname: José Núñez\n---\n",
		"content/people/sub/keep.txt":    "",
		"content/entries/2026/broken.md": "---\ndate: 2026-02-30\n---\n",
	})
	people := filepath.Join(root, "content", "people")
	links := map[string]string{
		"secret.md":     filepath.Join(outside, "secret.md"), // absolute, outside
		"climb.md":      "../../../" + filepath.Base(outside) + "/secret.md",
		"José Núñez.md": "../../notes/José Núñez.md", // inside: read
		"dangling.md":   "nowhere.md",
		"loop.md":       "loop.md",
		"sub/up.md":     "../../../content/people/Dana Okafor.md", // inside, through ..
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(people, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	s := loadWithin(t, root)
	wantProblems(t, problemLines(s), []string{
		"content/entries/2026/broken.md:2: date:",
		"content/people/bad.md:3: bad YAML",
		`content/people/climb.md: a symbolic link to "../../../…", outside the journal; kith does not read it`,
		`content/people/dangling.md: a symbolic link to "nowhere.md", which does not exist`,
		"content/people/loop.md: a loop of symbolic links",
		`content/people/secret.md: a symbolic link to "/…", outside the journal; kith does not read it`,
	})
	for _, p := range []string{"content/people/José Núñez.md", "content/people/sub/up.md"} {
		if s.Docs[p].Person == nil {
			t.Errorf("%s: got no person, want a link inside the journal read as a note", p)
		}
	}
	for p, d := range s.Docs {
		if d.Person != nil && strings.Contains(d.Person.Role, "SECRET") {
			t.Errorf("%s: got the outside file's text, want it refused", p)
		}
	}
}

func TestHarden13MisnamedNotes(t *testing.T) {
	root := writeJournal(t, map[string]string{
		"content/people/Dana Okafor.md":       okPerson,
		"content/people/ELIF DEMIR.MD":        okPerson,
		"content/entries/2026-01-02.markdown": "---\ndate: 2026-01-02\n---\n",
		"content/people/.hidden.MD":           "",
		"content/people/photo.png":            "",
		"Templates/Person.MD":                 "",
	})
	s := loadWithin(t, root)
	wantProblems(t, problemLines(s), []string{
		`content/entries/2026-01-02.markdown: warning: not read: kith reads only notes whose names end in .md; rename it to "2026-01-02.md"`,
		`content/people/ELIF DEMIR.MD: warning: not read: kith reads only notes whose names end in .md; rename it to "ELIF DEMIR.md"`,
	})
	if err := os.Rename(filepath.Join(root, "content/people/ELIF DEMIR.MD"), filepath.Join(root, "content/people/Elif Demir.md")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"content/people/ELIF DEMIR.MD", "content/people/Elif Demir.md"} {
		if _, err := s.Update(os.DirFS(root), p); err != nil {
			t.Fatal(err)
		}
	}
	wantProblems(t, problemLines(s), []string{`content/entries/2026-01-02.markdown: warning: not read`})
}

func TestHarden11Bounds(t *testing.T) {
	person := func(fields string) string { return "---\nname: Dana\n" + fields + "---\n" }
	tests := []struct {
		name, path, src string
		want            string // the one problem, formatted; "" for none
	}{
		{"overflowing cadence", "content/people/x.md", person("keep_in_touch: 9223372036854775807y\n"),
			`content/people/x.md:3: keep_in_touch: "9223372036854775807y" is longer than 100 years; write a shorter cadence, like 1y`},
		{"cadence past int", "content/people/x.md", person("keep_in_touch: 99999999999999999999999d\n"),
			`content/people/x.md:3: keep_in_touch: "99999999999999999999999d" is longer than 100 years; write a shorter cadence, like 1y`},
		{"101 years", "content/people/x.md", person("keep_in_touch: 101y\n"),
			`content/people/x.md:3: keep_in_touch: "101y" is longer than 100 years; write a shorter cadence, like 1y`},
		{"1201 months", "content/people/x.md", person("keep_in_touch: 1201m\n"),
			`content/people/x.md:3: keep_in_touch: "1201m" is longer than 100 years; write a shorter cadence, like 1y`},
		{"100 years", "content/people/x.md", person("keep_in_touch: 100y\n"), ""},
		{"1200 months", "content/people/x.md", person("keep_in_touch: 1200m\n"), ""},
		{"36525 days", "content/people/x.md", person("keep_in_touch: 36525d\n"), ""},
		{"36526 days", "content/people/x.md", person("keep_in_touch: 36526d\n"),
			`content/people/x.md:3: keep_in_touch: "36526d" is longer than 100 years; write a shorter cadence, like 1y`},
		{"negative cadence", "content/people/x.md", person("keep_in_touch: -3m\n"),
			`content/people/x.md:3: keep_in_touch: "-3m" is not a cadence; write a number and d, w, m or y, like 30d, 6w, 3m or 1y`},
		{"year 0000 entry", "content/entries/e.md", "---\ndate: 0000-01-01\n---\n",
			`content/entries/e.md:2: date: "0000-01-01" is not a date kith accepts: the year must be from 1900 to 2199`},
		{"year 2200", "content/entries/e.md", "---\ndate: 2200-01-01\n---\n",
			`content/entries/e.md:2: date: "2200-01-01" is not a date kith accepts: the year must be from 1900 to 2199`},
		{"year 2199", "content/entries/e.md", "---\ndate: 2199-12-31\n---\n", ""},
		{"met 1899", "content/people/x.md", person("met:\n  date: 1899-12-31\n"),
			`content/people/x.md:4: date: "1899-12-31" is not a date kith accepts: the year must be from 1900 to 2199`},
		{"birthday without a year, Apple style", "content/people/x.md", person("birthday: 1604-05-04\n"),
			`content/people/x.md:3: birthday: "1604-05-04" is not a birthday kith accepts: the year must be from 1900 to 2199; write MM-DD when the year is not known`},
		{"log line year 0001", "content/people/x.md", person("") + "- 0001-01-01 Coffee\n",
			`content/people/x.md:4: log line: "0001-01-01" is not a date kith accepts: the year must be from 1900 to 2199`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Parse(tt.path, []byte(tt.src))
			var got []string
			for _, p := range probs {
				got = append(got, p.Error())
			}
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("config", func(t *testing.T) {
		_, probs := ParseConfig(ConfigPath, []byte("default_keep_in_touch: 9223372036854775807y\n"))
		want := `kith.yaml:1: default_keep_in_touch: "9223372036854775807y" is longer than 100 years; write a shorter cadence, like 1y`
		if len(probs) != 1 || probs[0].Error() != want {
			t.Errorf("got %v, want %q", probs, want)
		}
	})
	t.Run("a cadence made without ParseCadence stays a date", func(t *testing.T) {
		c := Cadence{N: 1<<63 - 1, Unit: 'y'}
		if got, want := c.After(Date{2026, 3, 10}).String(), "2126-03-10"; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
	t.Run("the longest cadence stays a date", func(t *testing.T) {
		c, err := ParseCadence("100y")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := c.After(Date{MaxYear, 12, 31}).String(), "2299-12-31"; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})
}

func TestHarden13YAMLAlias(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"alias read as its value", "---\nname: &n Dana Okafor\naliases: [Dee]\nmet:\n  where: *n\n---\n", nil},
		{"bad value used three times: one error each place", "---\nname: Dana\nx: &t [a, b]\norg: *t\nrole: *t\nlocation: *t\n---\n", []string{
			`content/people/x.md:3: warning: unknown field "x"; known fields: name, aliases, org, role, location, tags, expertise, likes, needs, met, contact, birthday, keep_in_touch, draft, private`,
			"content/people/x.md:4: warning: org has 2 values; kith keeps the first, a",
			"content/people/x.md:5: role should be text, not a list",
			"content/people/x.md:6: location should be text, not a list",
		}},
		{"a group used twice: its problem once", "---\nname: Dana\nbase: &b\n  wehre: a bar\nmet: *b\n---\n", []string{
			`content/people/x.md:3: warning: unknown field "base"; did you mean "name"?`,
			`content/people/x.md:4: warning: unknown field "wehre"; did you mean "where"?`,
		}},
		{"a list of a bad alias: one error", "---\nname: Dana\nx: &g {a: 1}\ntags: [*g, *g, *g]\n---\n", []string{
			"content/people/x.md:3: warning: unknown field \"x\"; known fields: name, aliases, org, role, location, tags, expertise, likes, needs, met, contact, birthday, keep_in_touch, draft, private",
			"content/people/x.md:4: tags should be a list of text values",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, probs := Parse("content/people/x.md", []byte(tt.src))
			probs.Sort()
			var got []string
			for _, p := range probs {
				got = append(got, p.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.want == nil && doc.Person.Met.Where != "Dana Okafor" {
				t.Errorf("got met.where %q, want the anchored name", doc.Person.Met.Where)
			}
		})
	}
}
