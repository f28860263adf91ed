package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"kith/generator/content"
)

// runEnv runs kith like run, after change has adjusted the environment.
func runEnv(t *testing.T, change func(*Env), args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) },
		Exec: func(context.Context, string, ...string) error {
			t.Fatal("kith ran a program it was not asked to")
			return nil
		},
	}
	if change != nil {
		change(&env)
	}
	code := Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

// tree returns every file under dir by slash path, with its bytes.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func newJournal(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"kith.yaml":                     "title: Test\n",
		"content/people/Dana Okafor.md": "---\nname: Dana Okafor\naliases: [Dee]\n---\nDana's own words.\n",
		"content/people/José Núñez.md":  "---\nname: José Núñez\naliases: [Pepe]\n---\n",
		"content/people/draft.md":       "---\nname: Quiet Draft\ndraft: true\n---\n",
	}
	for p, s := range extra {
		files[p] = s
	}
	writeFiles(t, dir, files)
	return dir
}

// awkwardNames are names that are hard to write as YAML or as a file name.
func awkwardNames() []string {
	return []string{
		`Zoë "Z": O'Neil`, `#hashtag`, `true`, `null`, `2026-01-01`, `- dash`, `a: b`, `[[Wiki]]`,
		`{brace}`, `*star`, `&anchor`, `!bang`, `%pct`, `@at`, "`tick`", `|pipe`, `>gt`, `? q`,
		`AC/DC`, `back\slash`, `C:\temp`, `...dots...`, `'quoted'`, `"double"`, `trailing:`, `x # y`,
		`Ünïcödé Name`, `李小龍`, `12345`, `0o17`, `.inf`, `~`, `<b>bold</b>`, strings.Repeat("Long Name ", 30),
	}
}

func TestNewAwkwardNamesMakeValidNotes(t *testing.T) {
	kinds := []struct {
		kind  string
		extra []string
		check func(t *testing.T, doc content.Doc, name string)
	}{
		{"person", []string{"--org", `Acme: "Inc" #1`, "--tags", "a: b, #c, true", "--met-via", "dee"}, func(t *testing.T, doc content.Doc, name string) {
			p := doc.Person
			if p == nil || p.Name != name || p.Org != `Acme: "Inc" #1` || p.Met.Via.Text != "Dana Okafor" || strings.Join(p.Tags, "|") != "a: b|c|true" {
				t.Errorf("got %+v, want name %q, org, tags and met.via from the flags", p, name)
			}
		}},
		{"entry", []string{"--with", "pepe, Dee", "--kind", "call", "--date", "2025-03-04"}, func(t *testing.T, doc content.Doc, name string) {
			e := doc.Entry
			var with []string
			for _, r := range e.With {
				with = append(with, r.Text)
			}
			if e == nil || e.Title != name || e.Kind != "call" || e.Date.String() != "2025-03-04" || strings.Join(with, "|") != "José Núñez|Dana Okafor" {
				t.Errorf("got %+v, want title %q, kind call, date 2025-03-04, with the canonical names", e, name)
			}
		}},
		{"event", []string{"--date", "2026-12-08"}, func(t *testing.T, doc content.Doc, name string) {
			e := doc.Event
			if e == nil || e.Name != name || e.Date.String() != "2026-12-08" {
				t.Errorf("got %+v, want name %q on 2026-12-08", e, name)
			}
		}},
	}
	for _, k := range kinds {
		for _, name := range awkwardNames() {
			t.Run(k.kind+"/"+name, func(t *testing.T) {
				dir := newJournal(t, nil)
				args := append(append([]string{"new", k.kind, "-s", dir}, k.extra...), "--", name)
				code, out, errOut := runEnv(t, nil, args...)
				if code != 0 {
					t.Fatalf("got exit %d, stderr %q; want 0", code, errOut)
				}
				full := strings.TrimSuffix(out, "\n")
				rel, err := filepath.Rel(dir, full)
				if err != nil || strings.Contains(out[:len(out)-1], "\n") {
					t.Fatalf("got stdout %q, want the new file's path", out)
				}
				rel = filepath.ToSlash(rel)
				if strings.Count(rel, "/") != map[string]int{"person": 2, "entry": 3, "event": 2}[k.kind] || content.Ignored(rel) {
					t.Errorf("got path %q, want it directly in its folder", rel)
				}
				data, err := os.ReadFile(full)
				if err != nil {
					t.Fatal(err)
				}
				doc, probs := content.Parse(rel, data)
				if len(probs) > 0 {
					t.Fatalf("got problems %v in\n%s\nwant none", probs, data)
				}
				k.check(t, doc, strings.TrimSpace(name))
			})
		}
	}
}

func TestNewPaths(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"person file keeps the name", nil, []string{"person", "Ana María Ruiz"}, "content/people/Ana María Ruiz.md"},
		{"person file drops unsafe characters", nil, []string{"person", `AC/DC: "Live"?`}, "content/people/AC DC Live.md"},
		{"entry under its year, dated today", nil, []string{"entry", "Coffee w/ Dana"}, "content/entries/2026/2026-11-23-coffee-w-dana.md"},
		{"entry --date", nil, []string{"entry", "Coffee", "--date", "2025-01-31"}, "content/entries/2025/2025-01-31-coffee.md"},
		{"entry --now", nil, []string{"entry", "Coffee", "--now", "2024-02-29"}, "content/entries/2024/2024-02-29-coffee.md"},
		{"entry KITH_NOW", map[string]string{"KITH_NOW": "2023-07-01"}, []string{"entry", "Coffee"}, "content/entries/2023/2023-07-01-coffee.md"},
		{"event by slug", nil, []string{"event", "Health UX Summit 2027", "--date", "2027-05-01"}, "content/events/health-ux-summit-2027.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newJournal(t, nil)
			before := tree(t, dir)
			code, out, errOut := runEnv(t, func(e *Env) { e.Getenv = func(k string) string { return tt.env[k] } },
				append([]string{"new", "-s", dir}, tt.args...)...)
			// -s before the kind is not allowed: the kind comes first.
			if code != 2 {
				t.Errorf("with -s before the kind: got exit %d, want 2", code)
			}
			code, out, errOut = runEnv(t, func(e *Env) { e.Getenv = func(k string) string { return tt.env[k] } },
				append(append([]string{"new"}, tt.args...), "-s", dir)...)
			want := filepath.Join(dir, filepath.FromSlash(tt.want))
			if code != 0 || out != want+"\n" {
				t.Fatalf("got exit %d, stdout %q, stderr %q; want 0 and %q", code, out, errOut, want)
			}
			after := tree(t, dir)
			if len(after) != len(before)+1 || after[tt.want] == "" {
				t.Errorf("got files %v, want the old ones and %s", keys(after), tt.want)
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestNewNeverOverwrites(t *testing.T) {
	broken := "---\nname: [unclosed\n---\nmine, not yours\n"
	tests := []struct {
		name     string
		existing map[string]string
		args     []string
		wantErr  string
	}{
		{"person named like someone", nil, []string{"person", "Dana Okafor"}, `"Dana Okafor" already names Dana Okafor`},
		{"person named like an alias", nil, []string{"person", "pepe"}, `already names José Núñez`},
		{"person named like a draft", nil, []string{"person", "Quiet Draft"}, `already names Quiet Draft`},
		{"person with a taken slug", nil, []string{"person", "dana okafor!"}, `already names Dana Okafor`},
		{"person file exists but is broken", map[string]string{"content/people/Sam Lee.md": broken}, []string{"person", "Sam Lee"}, "Sam Lee.md already exists; kith never overwrites a note"},
		{"entry file exists", map[string]string{"content/entries/2026/2026-11-23-coffee.md": broken}, []string{"entry", "Coffee"}, "2026-11-23-coffee.md already exists"},
		{"entry slug taken elsewhere", map[string]string{"content/entries/old/2026-11-23 Coffee.md": "---\ndate: 2026-11-23\n---\n"}, []string{"entry", "coffee"}, `an entry with the slug "2026-11-23-coffee" exists`},
		{"event exists", map[string]string{"content/events/summit.md": "---\nname: Summit\ndate: 2026-12-01\n---\n"}, []string{"event", "Summit", "--date", "2027-01-01"}, `an event with the slug "summit" exists`},
		{"event file exists but is broken", map[string]string{"content/events/summit.md": broken}, []string{"event", "Summit", "--date", "2027-01-01"}, "summit.md already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newJournal(t, tt.existing)
			before := tree(t, dir)
			code, out, errOut := runEnv(t, nil, append(append([]string{"new"}, tt.args...), "-s", dir)...)
			if code != 1 || out != "" || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("got exit %d, stdout %q, stderr %q; want 1, nothing, %q", code, out, errOut, tt.wantErr)
			}
			after := tree(t, dir)
			for p, b := range before {
				if after[p] != b {
					t.Errorf("%s: got %q, want it untouched: %q", p, after[p], b)
				}
			}
			if len(after) != len(before) {
				t.Errorf("got files %v, want %v", keys(after), keys(before))
			}
		})
	}
}

func TestNewUnknownReferences(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"--with with a typo", []string{"entry", "Call", "--with", "Dana Okafor, Jsoe Nunez"}, `--with: no person is called "Jsoe Nunez"; did you mean "José Núñez"?`},
		{"--with a stranger", []string{"entry", "Call", "--with", "Zed Zimmer"}, `--with: no person is called "Zed Zimmer"; add them first with kith new person "Zed Zimmer".`},
		{"--met-via with a typo", []string{"person", "Ann", "--met-via", "Dnaa"}, `--met-via: no person is called "Dnaa"; did you mean`},
		{"bad --kind", []string{"entry", "Call", "--kind", "cal"}, `--kind: "cal" is not one of call, meeting`},
		{"bad --date", []string{"entry", "Call", "--date", "2026-02-30"}, `--date:`},
		{"event without --date", []string{"event", "Summit"}, `an event needs its first day`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newJournal(t, nil)
			before := tree(t, dir)
			code, out, errOut := runEnv(t, nil, append(append([]string{"new"}, tt.args...), "-s", dir)...)
			if code != 1 || out != "" || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("got exit %d, stdout %q, stderr %q; want 1, nothing, %q", code, out, errOut, tt.wantErr)
			}
			if after := tree(t, dir); len(after) != len(before) {
				t.Errorf("got files %v, want nothing written: %v", keys(after), keys(before))
			}
		})
	}
}

func TestNewArchetypeFromJournal(t *testing.T) {
	tests := []struct {
		name     string
		template string
		args     []string
		code     int
		want     string // the note, or a part of stderr when code is not 0
	}{
		{"own person template", "---\nname: {{yaml .Name}}\ntags: {{yaml .Tags}}\nmet:\n  date: {{.Date}}\n  via: {{yaml .MetVia}}\n---\nMet {{.Name}} on {{.Today}}.\n",
			[]string{"person", "Ann: Lee", "--tags", "x,y", "--met-via", "Pepe"}, 0,
			"---\nname: 'Ann: Lee'\ntags: [x, y]\nmet:\n  date: 2026-11-23\n  via: José Núñez\n---\nMet Ann: Lee on 2026-11-23.\n"},
		{"own entry template", "---\ndate: {{.Date}}\nwith: {{yaml .With}}\nkind: {{.Kind}}\n---\n# {{.Title}}\n",
			[]string{"entry", "Lunch", "--with", "dee", "--kind", "meeting"}, 0,
			"---\ndate: 2026-11-23\nwith: [Dana Okafor]\nkind: meeting\n---\n# Lunch\n"},
		{"template that makes a broken note", "---\nname: {{.Name}}\n---\n", []string{"person", "a: b: c"}, 1, "nothing was written"},
		{"template that makes no name: the file name is the name", "---\norg: x\n---\n", []string{"person", "Ann"}, 0, "---\norg: x\n---\n"},
		{"template that does not parse", "{{if}}", []string{"person", "Ann"}, 1, "archetypes/person.md"},
		{"template with an unknown field", "---\nname: {{.Nam}}\n---\n", []string{"person", "Ann"}, 1, "Nam"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := tt.args[0]
			dir := newJournal(t, map[string]string{"archetypes/" + kind + ".md": tt.template})
			before := tree(t, dir)
			code, out, errOut := runEnv(t, nil, append(append([]string{"new"}, tt.args...), "-s", dir)...)
			if code != tt.code {
				t.Fatalf("got exit %d, stderr %q; want %d", code, errOut, tt.code)
			}
			if tt.code != 0 {
				if !strings.Contains(errOut, tt.want) {
					t.Errorf("got stderr %q, want %q", errOut, tt.want)
				}
				if after := tree(t, dir); len(after) != len(before) {
					t.Errorf("got files %v, want nothing written", keys(after))
				}
				return
			}
			got, err := os.ReadFile(strings.TrimSpace(out))
			if err != nil || string(got) != tt.want {
				t.Errorf("got note %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}

func TestNewEdit(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		wantArgs []string // the program and its arguments, the note last
	}{
		{"VISUAL first", map[string]string{"VISUAL": "code --wait", "EDITOR": "nano"}, []string{"code", "--wait"}},
		{"then EDITOR", map[string]string{"EDITOR": "nano"}, []string{"nano"}},
		{"else vi", nil, []string{"vi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newJournal(t, nil)
			var ran []string
			code, out, errOut := runEnv(t, func(e *Env) {
				e.Getenv = func(k string) string { return tt.env[k] }
				e.Exec = func(_ context.Context, name string, args ...string) error {
					ran = append([]string{name}, args...)
					return nil
				}
			}, "new", "person", "Ann Lee", "-s", dir, "--edit")
			note := filepath.Join(dir, "content", "people", "Ann Lee.md")
			want := append(tt.wantArgs, note)
			if code != 0 || out != note+"\n" || strings.Join(ran, " ") != strings.Join(want, " ") {
				t.Errorf("got exit %d, stdout %q, stderr %q, ran %q; want 0, the path, ran %q", code, out, errOut, ran, want)
			}
		})
	}
}

func TestNewOutsideAJournal(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := runEnv(t, nil, "new", "person", "Ann", "-s", dir)
	if code != 1 || !strings.Contains(errOut, "is not a kith journal") {
		t.Errorf("got exit %d, stderr %q; want 1 and a hint", code, errOut)
	}
	if got := tree(t, dir); len(got) != 0 {
		t.Errorf("got files %v, want none", keys(got))
	}
}
