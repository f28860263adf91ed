package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"kith/generator/content"
	"kith/generator/site"
)

// runFindEnv runs kith with HOME set to home, so that kith find keeps its
// stored index under home/.cache.
func runFindEnv(t *testing.T, home string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "HOME" {
				return home
			}
			return ""
		},
		Now: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) },
	}
	code := Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func TestFind(t *testing.T) {
	dir, home := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{
		"content/people/José Núñez.md": "---\nname: José Núñez\norg: Brightwater\nlikes: [Taiwanese oolong]\ntags: [mentor]\n---\n",
		"content/people/Ann.md":        "---\nname: Ann\n---\nAsk José about oolong.\n",
	})
	code, out, errs := runFindEnv(t, home, "find", "-s", dir, "--json", "oolong")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got found
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := found{Query: "oolong", Results: []foundResult{
		{Kind: "person", Slug: "jose-nunez", Title: "José Núñez", URL: "people/jose-nunez/", Field: "likes", Snippet: "Taiwanese **oolong**"},
		{Kind: "person", Slug: "ann", Title: "Ann", URL: "people/ann/", Field: "notes", Snippet: "Ask José about **oolong**."},
	}}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("got %s, want %s", g, w)
	}
	stored, _ := filepath.Glob(filepath.Join(home, ".cache", "kith", "find-*.idx"))
	if len(stored) != 1 {
		t.Fatalf("stored indexes: got %q, want one", stored)
	}
	if st, err := os.Stat(stored[0]); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("stored index: got %v %v, want mode 0600", st.Mode(), err)
	}

	// A changed note is seen at once: the stored index is out of date.
	writeFiles(t, dir, map[string]string{"content/people/Ann.md": "---\nname: Ann\ntags: [mentor]\n---\nNo tea.\n"})
	future := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(dir, "content/people/Ann.md"), future, future)
	code, out, _ = runFindEnv(t, home, "find", "-s", dir, "#mentor", "jose")
	if code != 0 || !strings.Contains(out, "People (1)\n  José Núñez  (people/jose-nunez/)\n    tag: **mentor**\n") {
		t.Errorf("after a change: exit %d, got %q", code, out)
	}
	code, out, _ = runFindEnv(t, home, "find", "-s", dir, "oolong")
	if code != 0 || strings.Contains(out, "Ann") {
		t.Errorf("after a change: exit %d, got %q, want no Ann", code, out)
	}
	code, out, _ = runFindEnv(t, home, "find", "-s", dir, "nothing-like-it")
	if code != 0 || out != "nothing found for \"nothing-like-it\"\n" {
		t.Errorf("no results: exit %d, got %q", code, out)
	}
	if code, _, errs := runFindEnv(t, home, "find", "-s", dir); code != 2 || !strings.Contains(errs, "give a query") {
		t.Errorf("no query: exit %d, stderr %q", code, errs)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestJournalStamp: the stamp that tells whether a stored index is current
// changes with any file's name, size or time, with a new file in a new
// folder, and with the day, and stays the same otherwise.
func TestJournalStamp(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"kith.yaml": "title: x\n"}
	for i := range 600 { // more than one goroutine's share
		files[filepath.Join("content", "entries", strconv.Itoa(2000+i%3), strconv.Itoa(i)+".md")] = "---\ntitle: e\n---\n"
	}
	writeFiles(t, dir, files)
	day, _ := content.ParseDate("2026-11-23")
	opt := site.Options{Journal: os.DirFS(dir), Today: day}
	stamp := func(t *testing.T, opt site.Options) string {
		t.Helper()
		s, err := journalStamp(opt, dir)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := stamp(t, opt)
	if again := stamp(t, opt); again != first {
		t.Fatalf("the same journal twice: got %s, then %s", first, again)
	}
	later := time.Now().Add(time.Hour)
	for _, c := range []struct {
		name   string
		change func(t *testing.T) site.Options
	}{
		{"a file's time", func(t *testing.T) site.Options {
			os.Chtimes(filepath.Join(dir, "content/entries/2001/301.md"), later, later)
			return opt
		}},
		{"a file's size", func(t *testing.T) site.Options {
			writeFiles(t, dir, map[string]string{"content/entries/2000/3.md": "---\ntitle: ee\n---\n"})
			return opt
		}},
		{"a new folder", func(t *testing.T) site.Options {
			writeFiles(t, dir, map[string]string{"content/people/Ann.md": "---\nname: Ann\n---\n"})
			return opt
		}},
		{"the day", func(t *testing.T) site.Options {
			o := opt
			o.Today, _ = content.ParseDate("2026-11-24")
			return o
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := stamp(t, opt)
			if got := stamp(t, c.change(t)); got == before {
				t.Errorf("got the same stamp %s, want another", got)
			}
		})
	}
}
