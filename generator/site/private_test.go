package site

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// privateNotes adds to a journal text marked private in every way kith
// knows, each carrying a secret word (ZQX...), beside open text (OPEN...)
// that must be published, so that the test sees the notes were read.
var privateNotes = map[string]string{
	// An Obsidian comment inline, across lines (hiding a log line and a
	// wikilink) and in a log line, and a ```private block, in a person note.
	"content/people/Wen Private.md": `---
name: Wen Private
org: Openwater Coop
---
OPENWENBODY talked about %%ZQXINLINE her health%% her garden.

%%
ZQXMULTI she told me in confidence.
- 2026-05-01 ZQXLOGHIDDEN lunch [[Dana Okafor]] #gave
%%

` + "```private\nZQXFENCE salary figures\n```" + `

- 2026-05-02 OPENWENLOG Coffee %%ZQXLOGCOMMENT she is leaving%% #call

Code keeps its percent signs: ` + "`a %% b`" + ` OPENCODE.
`,
	// A whole person marked private.
	"content/people/Zed Quiet.md": `---
name: ZQXPERSON Zed Quiet
org: ZQXPERSONORG
contact:
  email: zqxperson@example.org
birthday: 1980-04-04
keep_in_touch: 1m
private: true
---
ZQXPERSONBODY
- 2026-05-03 ZQXPERSONLOG met [[Dana Okafor]] #thanked
`,
	// A private entry with a follow-up (which would reach the calendar and
	// the agenda) and a gift.
	"content/entries/2026/2026-05-04-zqxentryfile.md": `---
date: 2026-05-04
title: ZQXENTRYTITLE
with: [Dana Okafor]
gave: ZQXENTRYGAVE
follow_up: 2026-12-01
private: true
---
ZQXENTRYBODY
`,
	// A private event, which would be in the calendar.
	"content/events/zqxeventfile.md": `---
name: ZQXEVENT Summit
date: 2026-12-02
location: ZQXEVENTPLACE
private: true
---
`,
	// An entry whose comment is never closed: hidden to the end.
	"content/entries/2026/2026-05-05-open.md": `---
date: 2026-05-05
title: OPENENTRY lunch
with: [Dana Okafor]
---
OPENENTRYBODY before.
%% ZQXUNCLOSED to the end
and ZQXUNCLOSED2 more.
`,
}

// privateWords lists the secret words of privateNotes.
func privateWords() []string {
	seen := map[string]bool{}
	for _, text := range privateNotes {
		for _, w := range regexp.MustCompile(`(?i)zqx[a-z0-9]+`).FindAllString(text, -1) {
			seen[w] = true
		}
	}
	for p := range privateNotes {
		for _, w := range regexp.MustCompile(`zqx[a-z]+`).FindAllString(p, -1) {
			seen[w] = true
		}
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// privateJournal copies the sample journal into a temporary folder and adds
// privateNotes.
func privateJournal(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("../../kith.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "kith.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	for p, text := range privateNotes {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestPrivateStaysPrivate builds a journal with text marked private (%%
// comments, ```private blocks, notes with private: true) plain and
// encrypted, and looks for the marked text in every output file, decrypted
// where sealed, and every path: none may be found, while the open text
// around it is.
func TestPrivateStaysPrivate(t *testing.T) {
	root := privateJournal(t)
	for _, encrypted := range []bool{false, true} {
		name := "plain"
		if encrypted {
			name = "encrypted"
		}
		t.Run(name, func(t *testing.T) {
			opt := options(os.DirFS(root))
			var enc *Encryption
			if encrypted {
				enc = testEncryption(t)
				opt.Encrypt = enc
			}
			dest := filepath.Join(t.TempDir(), "public")
			res, err := Build(context.Background(), opt, dest)
			if err != nil {
				t.Fatal(err)
			}
			var all bytes.Buffer // every path and every byte, opened where sealed
			for _, f := range sortedKeys(readTree(t, dest)) {
				data, _ := os.ReadFile(filepath.Join(dest, filepath.FromSlash(f)))
				all.WriteString(f + "\n")
				if enc != nil && strings.HasSuffix(f, ".html") && sealedRe.Match(data) {
					plain, shell := openShell(t, enc.Key, f, data)
					all.Write(plain)
					all.Write(shell)
					continue
				}
				all.Write(data)
			}
			text := all.String()
			for _, open := range []string{"OPENWENBODY", "OPENWENLOG", "OPENCODE", "a %% b", "OPENENTRYBODY", "Openwater Coop"} {
				if !strings.Contains(text, open) {
					t.Errorf("got no %q in the site, want the open text published (the test no longer sees its notes)", open)
				}
			}
			if enc == nil && !strings.Contains(text, "BEGIN:VCALENDAR") {
				t.Errorf("got no calendar in the site, want calendar.ics checked too")
			}
			// Each secret word as written and in lower case (as in a slug);
			// they are long enough not to occur by chance in base64.
			for _, w := range privateWords() {
				for _, form := range []string{w, strings.ToLower(w)} {
					if i := strings.Index(text, form); i >= 0 {
						t.Errorf("private text published: %q", text[max(0, i-80):min(len(text), i+80)])
					}
				}
			}
			if t.Failed() {
				return
			}
			// What `kith agenda` and `kith calendar` read: the model.
			for _, p := range res.Site.J.People {
				if strings.Contains(p.Name, "ZQX") || strings.Contains(string(p.Body.Markdown), "ZQX") {
					t.Errorf("%s: private text in the model", p.Path)
				}
				for _, it := range p.Interactions {
					if strings.Contains(it.Source, "zqx") || (it.Log != nil && strings.Contains(it.Log.Text, "ZQX")) {
						t.Errorf("%s: private interaction %s in the model", p.Path, it.Source)
					}
				}
			}
			for _, f := range res.Site.J.FollowUps {
				if strings.Contains(f.Source, "zqx") {
					t.Errorf("private follow-up %s in the model", f.Source)
				}
			}
		})
	}
}

// TestPrivateNotesCounted checks that the set names the notes kept out, for
// `kith check` to say so.
func TestPrivateNotesCounted(t *testing.T) {
	_, set, err := Load(context.Background(), options(os.DirFS(privateJournal(t))))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(set.Private(), "|")
	want := "content/entries/2026/2026-05-04-zqxentryfile.md|content/events/zqxeventfile.md|content/people/Zed Quiet.md"
	if got != want {
		t.Errorf("got private notes %q, want %q", got, want)
	}
	warned := false
	for _, p := range set.AllProblems() {
		if strings.Contains(p.Message, "never closed") && strings.HasSuffix(p.Path, "2026-05-05-open.md") && p.Line == 7 {
			warned = true
		}
	}
	if !warned {
		t.Errorf("got problems %v, want a warning at 2026-05-05-open.md:7 that the comment is never closed", set.AllProblems())
	}
}
