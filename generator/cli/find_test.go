package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
