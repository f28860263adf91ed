package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// run runs kith with args and returns its exit code, stdout and stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) },
	}
	code := Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		code    int
		wantOut string
	}{
		{"clean", map[string]string{"content/people/a.md": "---\nname: Ann\n---\n"}, 0, "no problems found\n"},
		{"private notes counted", map[string]string{
			"content/people/a.md":  "---\nname: Ann\n---\n",
			"content/people/b.md":  "---\nname: Bo\nprivate: true\n---\n",
			"content/entries/e.md": "---\ndate: 2026-01-02\nprivate: true\n---\n",
		}, 0, "2 notes marked private: true, kept out of the site\nno problems found\n"},
		{"every problem, sorted", map[string]string{
			"content/people/b.md":  "---\nname: Bo\nexpertize: [x]\n---\n",
			"content/people/a.md":  "---\norg: Acme\n---\n",
			"content/entries/e.md": "---\ndate: 2026-02-30\nwith: [Bo, Ann]\n---\nSee [[Bo]] and [[Zed]].\n",
		}, 1, strings.Join([]string{
			`content/entries/e.md:2: date: "2026-02-30" is an impossible date`,
			`content/entries/e.md:3: with: no person is called "Ann"; did you mean "a"?`, // a.md has no name: its file name is its name
			`content/entries/e.md:5: warning: broken wikilink [[Zed]]: no person, event or entry has that name`,
			`content/people/b.md:3: warning: unknown field "expertize"; did you mean "expertise"?`,
			"2 errors, 2 warnings", ""}, "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			code, out, _ := run(t, "check", "-s", dir)
			if code != tt.code || out != tt.wantOut {
				t.Errorf("kith check: got exit %d and\n%s\nwant exit %d and\n%s", code, out, tt.code, tt.wantOut)
			}
		})
	}
}

func TestBuildWritesNothingOnError(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"content/entries/e.md": "---\ntitle: x\n---\n"})
	code, out, errOut := run(t, "build", "-s", dir)
	if code != 1 || out != "" || !strings.Contains(errOut, "content/entries/e.md:1: missing date") || !strings.Contains(errOut, "nothing was written") {
		t.Errorf("build: got exit %d, stdout %q, stderr %q; want 1, nothing, the problem", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("public/: got %v, want no folder", err)
	}
}

func TestBuildAndAgenda(t *testing.T) {
	root := "../.."
	dest := filepath.Join(t.TempDir(), "out")
	code, out, errOut := run(t, "build", "-s", root, "-d", dest, "--now", "2026-11-23")
	if code != 0 || !strings.HasPrefix(out, "built 82 pages (12 people, 26 entries, 2 events) into ") {
		t.Fatalf("build: got exit %d, %q, %q", code, out, errOut)
	}
	code, out, _ = run(t, "agenda", "-s", root, "--now", "2026-11-23", "--json")
	if code != 0 {
		t.Fatalf("agenda: exit %d", code)
	}
	var a struct {
		Today string `json:"today"`
		Thank []struct {
			Person, Name, What, Date, Source string
		} `json:"thank"`
		FollowUp []struct {
			Person, Name, Reason, Due string
			LastContact               string `json:"last_contact"`
		} `json:"follow_up"`
		Upcoming  []struct{ Kind, Slug, Name, Date string }    `json:"upcoming"`
		Introduce []struct{ Person, To, Need, Because string } `json:"introduce"`
		Help      []struct{ Person, Need string }              `json:"help"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("agenda --json: %v\n%s", err, out)
	}
	if a.Today != "2026-11-23" || len(a.Thank) != 4 || len(a.FollowUp) != 5 || len(a.Upcoming) != 3 {
		t.Errorf("agenda: got today %s, %d thanks, %d follow-ups, %d upcoming; want 2026-11-23, 4, 5, 3", a.Today, len(a.Thank), len(a.FollowUp), len(a.Upcoming))
	}
	if len(a.Thank) > 0 && (a.Thank[0].Person != "hana-kovarova" || !strings.HasPrefix(a.Thank[0].Source, "content/")) {
		t.Errorf("oldest thanks: got %+v, want hana-kovarova with a source path:line", a.Thank[0])
	}
	reasons := map[string]int{}
	for _, f := range a.FollowUp {
		reasons[f.Reason]++
	}
	if reasons["follow_up"] != 1 || reasons["cadence"] != 3 || reasons["fading"] != 1 {
		t.Errorf("follow-up reasons: got %v, want 1 follow_up, 3 cadence, 1 fading", reasons)
	}
	if len(a.Introduce) != 4 || len(a.Help) != 2 {
		t.Errorf("agenda: got %d to introduce and %d to help, want 4 and 2", len(a.Introduce), len(a.Help))
	}
	code, out, _ = run(t, "agenda", "-s", root, "--now", "2026-11-23")
	if code != 0 || !strings.Contains(out, "Who to thank (4)") || !strings.Contains(out, "Health UX Summit 2026") {
		t.Errorf("agenda text: got exit %d,\n%s", code, out)
	}
}

func TestInitNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	mine := "title: My own\n"
	writeFiles(t, dir, map[string]string{"kith.yaml": mine})
	code, out, _ := run(t, "init", dir)
	if code != 0 || !strings.Contains(out, "kept") {
		t.Fatalf("init: got exit %d, %q", code, out)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "kith.yaml")); string(b) != mine {
		t.Errorf("kith.yaml: got %q, want it untouched", b)
	}
	if code, _, _ := run(t, "check", "-s", dir); code != 0 {
		t.Errorf("check on a new journal: got exit %d, want 0", code)
	}
	code, out, _ = run(t, "init", dir)
	if code != 0 || strings.Contains(out, "made ") {
		t.Errorf("second init: got exit %d, %q; want everything kept", code, out)
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"help"}, 0, "Commands:"},
		{[]string{"build", "-h"}, 0, "kith build [-s SOURCE]"},
		{[]string{"version"}, 0, "kith " + Version},
		{[]string{"biuld"}, 2, `did you mean "build"?`},
		{[]string{"build", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"build", "--now", "2026-13-01"}, 1, `--now: "2026-13-01" is an impossible date`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("got exit %d, %q; want exit %d and %q", code, out+errOut, tt.code, tt.want)
			}
		})
	}
}

// TestRebuildUsesTheSpare builds a journal's own public/ again and again,
// with a note deleted in between: a rebuild updates public/ in place, and a
// rebuild that writes the whole site (here: its record removed) keeps the
// site before as .public.kith-spare and reuses it the next time; each must
// still equal a fresh build, while a build with -d leaves nothing beside its
// folder.
func TestRebuildUsesTheSpare(t *testing.T) {
	src := t.TempDir()
	writeFiles(t, src, map[string]string{
		"kith.yaml":             "title: T\n",
		"content/people/Ann.md": "---\nname: Ann\n---\n- 2026-01-02 Call #call\n",
		"content/people/Bo.md":  "---\nname: Bo\n---\n",
		"content/entries/a.md":  "---\ndate: 2026-03-04\nwith: [Ann, Bo]\n---\nLunch.\n",
		"content/entries/b.md":  "---\ndate: 2026-05-06\nwith: [Bo]\n---\nCall.\n",
	})
	build := func(args ...string) string {
		t.Helper()
		code, out, errOut := run(t, append([]string{"build", "-s", src, "--now", "2026-11-23"}, args...)...)
		if code != 0 {
			t.Fatalf("build: exit %d, %s %s", code, out, errOut)
		}
		return out + errOut
	}
	whole := func() {
		t.Helper()
		if err := os.Remove(filepath.Join(src, "public", "_kith", "sums.txt")); err != nil {
			t.Fatal(err)
		}
		if out := build(); !strings.Contains(out, "writing the whole site") {
			t.Errorf("got %q, want the whole site written, and said", out)
		}
	}
	build()
	// The first build recorded its inputs: the second has nothing to do.
	if out := build(); !strings.Contains(out, "nothing changed") {
		t.Errorf("second build: got %q, want nothing changed", out)
	}
	if err := os.Remove(filepath.Join(src, "content/entries/b.md")); err != nil {
		t.Fatal(err)
	}
	if out := build(); !strings.Contains(out, "wrote only what changed") {
		t.Errorf("build after an edit: got %q, want an update", out)
	}
	whole()
	whole()
	if _, err := os.Stat(filepath.Join(src, ".public.kith-spare", "_kith")); err != nil {
		t.Errorf("the spare: got %v, want the site before", err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	build("-d", fresh)
	if got, want := tree(t, filepath.Join(src, "public")), tree(t, fresh); !maps.Equal(got, want) {
		t.Errorf("rebuilt public/ differs from a fresh build: got %d files, want %d", len(got), len(want))
		for p := range want {
			if g, ok := got[p]; !ok || g != want[p] {
				t.Errorf("%s differs", p)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(src, "public", "entries", "b")); !os.IsNotExist(err) {
		t.Errorf("the deleted entry's page: got %v, want it gone", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(fresh)); len(entries) != 1 {
		t.Errorf("beside a -d folder: got %v, want nothing", entries)
	}
}

// TestCheckImages checks that kith check names a note's missing image with
// its line, and that kith build copies the images it finds.
func TestCheckImages(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"kith.yaml":                     "title: T\nowner: Sam\n",
		"content/people/Dana.md":        "---\nname: Dana\n---\nDana.\n\n![[card.png]] ![[gone.png]]\n",
		"content/people/card.png":       "\x89PNG",
		"content/people/unused.png":     "\x89PNG",
		"content/entries/2026-01-01.md": "---\ndate: 2026-01-01\n---\nNew year.\n",
	})
	code, out, _ := run(t, "check", "-s", dir)
	if want := `content/people/Dana.md:6: warning: the image "gone.png" is not in the journal`; code != 0 || !strings.Contains(out, want) {
		t.Errorf("got exit %d and %q, want 0 and %q", code, out, want)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, errOut := run(t, "build", "-s", dir, "-d", dest); code != 0 {
		t.Fatalf("build: exit %d: %s", code, errOut)
	}
	if b, err := os.ReadFile(filepath.Join(dest, "files/content/people/card.png")); err != nil || string(b) != "\x89PNG" {
		t.Errorf("got %q, %v, want the copied image", b, err)
	}
	if _, err := os.Stat(filepath.Join(dest, "files/content/people/unused.png")); !os.IsNotExist(err) {
		t.Errorf("got %v for an image no note embeds, want it not copied", err)
	}
}
