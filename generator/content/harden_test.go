package content

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// wantProblems checks that each want is a substring of exactly one problem
// line, in order of the sorted problems.
func wantProblems(t *testing.T, got []string, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("problem %d: got %q, want it to contain %q", i, got[i], want[i])
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
	if err := syscall.Mkfifo(filepath.Join(people, "fifo.md"), 0o644); err != nil {
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
		"content/people/zero.md: a symbolic link to a file outside the journal",
	})
	if s.Docs["content/people/Dana Okafor.md"].Person == nil {
		t.Errorf("got no Dana Okafor, want the regular note read beside the special files")
	}

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
		"content/people/climb.md: a symbolic link to a file outside the journal",
		`content/people/dangling.md: a symbolic link to "nowhere.md", which does not exist`,
		"content/people/loop.md: a loop of symbolic links",
		"content/people/secret.md: a symbolic link to a file outside the journal",
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
