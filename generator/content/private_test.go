package content

import (
	"strings"
	"testing"
)

func TestHidePrivate(t *testing.T) {
	tests := []struct {
		name, in, want string
		warn           string // a warning, if any, formatted
	}{
		{"none", "plain text\n", "plain text\n", ""},
		{"inline", "a %%secret%% b\n", "a  b\n", ""},
		{"two inline", "%%one%% a %%two%%\n", " a \n", ""},
		{"across lines", "x\n%%\nsecret\nmore %%\ny\n", "x\n\n\n\ny\n", ""},
		{"code span is literal", "`%%` and `%% shown %%`\n", "`%%` and `%% shown %%`\n", ""},
		{"double backtick span", "``a %% b``\n", "``a %% b``\n", ""},
		{"fenced code is literal", "```\n%% shown\n```\n", "```\n%% shown\n```\n", ""},
		{"indented code still hides", "text\n\n    %%secret%% shown\n", "text\n\n     shown\n", ""},
		{"comment hides code", "%% `x` secret %%a\n", "a\n", ""},
		{"comment hides a fence", "%%\n```\nsecret\n```\n%%\nb\n", "\n\n\n\n\nb\n", ""},
		{"private fence", "a\n```private\nsecret\n```\nb\n", "a\n\n\n\nb\n", ""},
		{"private tilde fence with words", "~~~ Private note\nsecret\n~~~\n", "\n\n\n", ""},
		{"private fence in a list", "- item\n  ```private\n  secret\n  ```\n- next\n", "- item\n\n\n\n- next\n", ""},
		{"unclosed private fence", "a\n```private\nsecret\n", "a\n\n\n", ""},
		{"other fence", "```go\nprivate := 1\n```\n", "```go\nprivate := 1\n```\n", ""},
		{"unclosed comment", "a\n%% secret\nmore", "a\n\n", "x.md:11: warning: %% opens a private comment that is never closed"},
		{"no newline at end", "a %%b%%", "a ", ""},
		{"deep list still hides", strings.Repeat("- ", 70) + "x %%secret%%\n", strings.Repeat("- ", 70) + "x \n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &decoder{path: "x.md"}
			got := string(hidePrivate(d, []byte(tt.in), 10))
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			var warns []string
			for _, p := range d.problems {
				warns = append(warns, p.Error())
			}
			switch {
			case tt.warn == "" && len(warns) > 0:
				t.Errorf("got warnings %q, want none", warns)
			case tt.warn != "" && (len(warns) != 1 || !strings.HasPrefix(warns[0], tt.warn)):
				t.Errorf("got warnings %q, want one starting %q", warns, tt.warn)
			}
		})
	}
}

func TestPrivateInParse(t *testing.T) {
	src := "---\nname: Dana Okafor\n---\nNotes %%about [[Sam Lee]]%%.\n\n- 2026-03-10 Coffee #call\n%%\n- 2026-03-11 Secret lunch [[Sam Lee]]\n%%\n- 2026-03-12 Call [[José Núñez]] %%she is leaving%%\n"
	doc, probs := Parse("content/people/Dana Okafor.md", []byte(src))
	if len(probs) > 0 {
		t.Fatalf("got problems %v, want none", probs)
	}
	p := doc.Person
	if strings.Contains(string(p.Body.Markdown), "Sam") || strings.Contains(string(p.Body.Markdown), "leaving") {
		t.Errorf("body: got %q, want the comments gone", p.Body.Markdown)
	}
	if len(p.Body.Links) != 1 || p.Body.Links[0].Target != "José Núñez" || p.Body.Links[0].Line != 10 {
		t.Errorf("links: got %+v, want only José Núñez on line 10", p.Body.Links)
	}
	var logs []string
	for _, l := range p.Logs {
		logs = append(logs, l.Date.String()+" "+l.Text)
	}
	if got, want := strings.Join(logs, "|"), "2026-03-10 Coffee #call|2026-03-12 Call [[José Núñez]]"; got != want {
		t.Errorf("logs: got %q, want %q", got, want)
	}

	t.Run("private: true", func(t *testing.T) {
		for _, p := range []string{"content/people/x.md", "content/entries/x.md", "content/events/x.md"} {
			doc, probs := Parse(p, []byte("---\nname: Secret\ndate: 2026-01-01\nprivate: true\n---\nSecret text\n"))
			if len(probs) > 0 || !doc.Private || doc.Person != nil || doc.Entry != nil || doc.Event != nil {
				t.Errorf("%s: got %+v and %v, want a private doc with nothing in it and no problems", p, doc, probs)
			}
		}
		doc, _ := Parse("content/people/x.md", []byte("---\nname: Open\nprivate: false\n---\n"))
		if doc.Private || doc.Person == nil {
			t.Errorf("private: false: got %+v, want a person", doc)
		}
	})
}

// FuzzHidePrivate checks what holds for any body: hiding keeps every
// newline and adds nothing (the result is the body with bytes taken out),
// and text wrapped in %% outside code is gone.
func FuzzHidePrivate(f *testing.F) {
	for _, s := range []string{
		"a %%b%% c\n", "`%%` %%x%%\n", "```\n%%\n```\n%%y%%\n", "```private\nz\n```\n", "> ```private\n> z\n",
		"- a\n  ```\n  %% b\n  ```\n%%c\n", "``a``%%b%%`", "~~~ Private\nx", "%%", "%%%", "`` ` ``%%q%%",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		d := &decoder{path: "x.md"}
		out := string(hidePrivate(d, []byte(body), 1))
		if strings.Count(out, "\n") != strings.Count(body, "\n") {
			t.Fatalf("%q: got %q, want the same number of lines", body, out)
		}
		i := 0
		for j := 0; j < len(out); j++ {
			for i < len(body) && body[i] != out[j] {
				i++
			}
			if i == len(body) {
				t.Fatalf("%q: got %q, want the body with bytes taken out", body, out)
			}
			i++
		}
		// A secret between two %% on a line of its own, after the body,
		// with no code open around it, is always gone.
		if !strings.ContainsAny(body, "`~%") {
			out := string(hidePrivate(d, []byte(body+"\n\n%%QQSECRETQQ%%\n"), 1))
			if strings.Contains(out, "QQSECRETQQ") {
				t.Fatalf("%q: got %q, want the comment gone", body, out)
			}
		}
	})
}
