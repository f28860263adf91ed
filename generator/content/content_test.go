package content

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dana Okafor", "dana-okafor"},
		{"José Núñez", "jose-nunez"},
		{"Hana Kovářová", "hana-kovarova"},
		{"Jürgen Groß", "jurgen-gross"},
		{"Søren Ødegård", "soren-odegard"},
		{"Łukasz Wałęsa", "lukasz-walesa"},
		{"  --Already-slugged--  ", "already-slugged"},
		{"2026-03-10 Coffee w/ Dana", "2026-03-10-coffee-w-dana"},
		{"O'Brien & Sons, Ltd.", "o-brien-sons-ltd"},
		{"Kōwhai Ventures", "kowhai-ventures"},
		{"李雷", "n-3a47328a60"},
		{"Иван Петров", "n-6f4fffe648"},
		{"  Иван Петров ", "n-6f4fffe648"},
		{"ИВАН ПЕТРОВ", "n-6f4fffe648"},
		{"김민준", "n-0b46d03b0b"},
		{"Ana 李 (Acme)", "ana-acme"},
		{"e\u0301clair", "eclair"},
		{"Ǆemal Đorđević", "dzemal-dordevic"},
		{"ﬁnn", "finn"},
		{"", "untitled"},
		{"ALL CAPS", "all-caps"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string // every problem, formatted
	}{
		{"ok person", "content/people/Dana Okafor.md", "---\nname: Dana Okafor\n---\nhi\n", nil},
		{"name from file name", "content/people/x.md", "---\norg: Acme\n---\n", nil},
		{"missing date", "content/entries/e.md", "---\ntitle: Coffee\n---\n", []string{"content/entries/e.md:1: missing date; add `date: YYYY-MM-DD` to the front matter, or start the file name with the date"}},
		{"date from file name", "content/entries/2026-03-10 Coffee.md", "---\ntitle: Coffee\n---\n", nil},
		{"impossible date", "content/entries/e.md", "---\ntitle: Coffee\ndate: 2026-02-30\n---\n", []string{`content/entries/e.md:3: date: "2026-02-30" is an impossible date`}},
		{"not a date", "content/entries/e.md", "---\ndate: March 3rd\n---\n", []string{`content/entries/e.md:2: date: "March 3rd" is not a date; write it as YYYY-MM-DD`}},
		{"bad yaml line", "content/people/x.md", "---\nname: Dana\norg: [Acme\nrole: x\n---\n", []string{"content/people/x.md:3: bad YAML in front matter: did not find expected ',' or ']'"}},
		{"unclosed front matter", "content/people/x.md", "---\nname: Dana\n", []string{"content/people/x.md:1: front matter starts with --- on line 1 but is never closed; add a line with --- after the last field"}},
		{"no front matter", "content/people/x.md", "just text\n", nil},
		{"entry without front matter", "content/entries/2026-03-11.md", "- met [[Dana]]\n", nil},
		{"unknown field suggests", "content/people/x.md", "---\nname: Dana\nexpertize: [ux]\n---\n", []string{`content/people/x.md:3: warning: unknown field "expertize"; did you mean "expertise"?`}},
		{"unknown nested field", "content/people/x.md", "---\nname: Dana\nmet:\n  wehre: a bar\n---\n", []string{`content/people/x.md:4: warning: unknown field "wehre"; did you mean "where"?`}},
		{"duplicate field", "content/people/x.md", "---\nname: Dana\nname: Dee\n---\n", []string{`content/people/x.md:3: field "name" appears twice; keep one`}},
		{"bad cadence", "content/people/x.md", "---\nname: Dana\nkeep_in_touch: monthly\n---\n", []string{`content/people/x.md:3: keep_in_touch: "monthly" is not a cadence; write a number and d, w, m or y, like 30d, 6w, 3m or 1y`}},
		{"bad birthday", "content/people/x.md", "---\nname: Dana\nbirthday: 02-30\n---\n", []string{`content/people/x.md:3: birthday: "02-30" is not a birthday; write YYYY-MM-DD or MM-DD`}},
		{"impossible log date", "content/people/x.md", "---\nname: Dana\n---\nNotes\n\n- 2026-13-01 Coffee #call\n", []string{`content/people/x.md:6: log line: "2026-13-01" is an impossible date`}},
		{"event end before date", "content/events/e.md", "---\nname: Conf\ndate: 2026-05-02\nend: 2026-05-01\n---\n", []string{"content/events/e.md:1: end 2026-05-01 is before date 2026-05-02"}},
		{"unknown kind", "content/entries/e.md", "---\ndate: 2026-05-02\nkind: cal\n---\n", []string{`content/entries/e.md:3: warning: kind "cal" is not one of call, meeting, email, message, event, intro, gift, help, note; did you mean "call"?`}},
		{"bom and crlf", "content/people/x.md", "\xef\xbb\xbf---\r\nname: Dana\r\nbirthday: 1990-02-30\r\n---\r\n", []string{`content/people/x.md:3: birthday: "1990-02-30" is not a birthday; write YYYY-MM-DD or MM-DD`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Parse(tt.path, []byte(tt.src))
			probs.Sort()
			var got []string
			for _, p := range probs {
				got = append(got, p.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\ngot  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParsePerson(t *testing.T) {
	src := "\xef\xbb\xbf---\r\n" +
		"name: José Núñez\r\n" +
		"aliases: [Pepe, \"J.N.\"]\r\n" +
		"org: Brightwater Labs\r\n" +
		"tags: [Mentor, '#data']\r\n" +
		"met:\r\n  date: 2026-01-14\r\n  where: a call\r\n  via: [[Dana Okafor]]\r\n" +
		"contact:\r\n  email: jose@example.com\r\n" +
		"birthday: 05-02\r\n" +
		"keep_in_touch: 6w\r\n" +
		"---\r\n" +
		"Knows [[Ingrid Solberg|Ingrid]] well.\r\n" +
		"\r\n" +
		"- 2026-02-01 Coffee, he helped with [[Dana]]'s deck. #received #meeting\r\n" +
		"  * 2026-02-03: thanked him #Thanked\r\n" +
		"- not a log line 2026-02-04\r\n" +
		"```\r\n- 2026-02-05 in a code block\r\n```\r\n"
	doc, probs := Parse("content/people/José Núñez.md", []byte(src))
	if len(probs) != 0 {
		t.Fatalf("got problems %v, want none", probs)
	}
	p := doc.Person
	checks := []struct{ name, got, want string }{
		{"slug", p.Slug, "jose-nunez"},
		{"name", p.Name, "José Núñez"},
		{"aliases", p.Aliases[0].Text + "," + p.Aliases[1].Text, "Pepe,J.N."},
		{"tags", strings.Join(p.Tags, ","), "mentor,data"},
		{"met.date", p.Met.Date.String(), "2026-01-14"},
		{"met.via", p.Met.Via.Text, "[[Dana Okafor]]"},
		{"email", p.Contact.Email, "jose@example.com"},
		{"birthday", p.Birthday.Month.String(), "May"},
		{"cadence", p.KeepInTouch.String(), "6w"},
		{"links", p.Body.Links[0].Target + "|" + p.Body.Links[0].Label, "Ingrid Solberg|Ingrid"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if got, want := len(p.Logs), 2; got != want {
		t.Fatalf("log lines: got %d, want %d", got, want)
	}
	if l := p.Logs[0]; l.Line != 17 || l.Date.String() != "2026-02-01" || !l.Has("received") || !l.Has("meeting") || len(l.Links) != 1 {
		t.Errorf("first log line: got %+v, want line 17, 2026-02-01, #received #meeting, one link", l)
	}
	if l := p.Logs[1]; l.Line != 18 || !l.Has("thanked") || l.Text != "thanked him #Thanked" {
		t.Errorf("second log line: got %+v, want line 18, #thanked", l)
	}
}

func TestLoadSkipsEditorFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"kith.yaml":                            {Data: []byte("title: T\nowner: O\ndefault_keep_in_touch: 3m\ncalender: false\n")},
		"content/people/Dana Okafor.md":        {Data: []byte("---\nname: Dana Okafor\n---\n")},
		"content/people/.Dana Okafor.md.swp":   {Data: []byte("junk")},
		"content/people/#Dana Okafor.md#":      {Data: []byte("junk")},
		"content/people/4913":                  {Data: []byte("")},
		"content/people/x.md___jb_tmp___":      {Data: []byte("junk")},
		"content/people/notes.txt":             {Data: []byte("not markdown")},
		"content/.obsidian/workspace.md":       {Data: []byte("junk")},
		"content/entries/2026/a b.md":          {Data: []byte("---\ndate: 2026-01-02\n---\n")},
		"content/events/conf.md":               {Data: []byte("---\nname: Conf\ndate: 2026-01-02\n---\n")},
		"content/entries/2026/.hidden/skip.md": {Data: []byte("junk")},
	}
	set, err := Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(set.Paths(), ",")
	want := "content/entries/2026/a b.md,content/events/conf.md,content/people/Dana Okafor.md"
	if got != want {
		t.Errorf("paths: got %s, want %s", got, want)
	}
	if set.Config.DefaultKeepInTouch.String() != "3m" || set.Config.Title != "T" {
		t.Errorf("config: got %+v, want title T and 3m", set.Config)
	}
	if ps := set.AllProblems(); len(ps) != 1 || !strings.Contains(ps[0].Error(), `kith.yaml:4: warning: unknown field "calender"; did you mean "calendar"?`) {
		t.Errorf("config problems: got %v, want one calendar suggestion", ps)
	}
}

func TestCadenceAndBirthday(t *testing.T) {
	d := func(s string) Date {
		t.Helper()
		x, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	tests := []struct {
		cad, from, want string
	}{
		{"30d", "2026-01-31", "2026-03-02"},
		{"6w", "2026-01-01", "2026-02-12"},
		{"3m", "2026-01-15", "2026-04-15"},
		{"1y", "2024-02-29", "2025-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.cad, func(t *testing.T) {
			c, err := ParseCadence(tt.cad)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.After(d(tt.from)).String(); got != tt.want {
				t.Errorf("%s after %s: got %s, want %s", tt.cad, tt.from, got, tt.want)
			}
		})
	}
	b, _ := ParseBirthday("02-29")
	if got := b.Next(d("2026-03-01")).String(); got != "2027-02-28" {
		t.Errorf("next 29 Feb birthday from 2026-03-01: got %s, want 2027-02-28", got)
	}
	if got := b.Next(d("2028-01-01")).String(); got != "2028-02-29" {
		t.Errorf("next 29 Feb birthday in a leap year: got %s, want 2028-02-29", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("content/people/a.md", "---\nname: A\naliases: [B]\nmet: {via: \"[[C]]\"}\n---\n- 2026-01-01 x #gave [[D|e]]\n")
	f.Add("content/entries/e.md", "\xef\xbb\xbf---\r\ndate: 2026-01-01\r\nwith: [[A]]\r\n---\r\n")
	f.Add("content/events/e.md", "---\nname: [\n---\n")
	f.Fuzz(func(t *testing.T, path, src string) {
		doc, probs := Parse(path, []byte(src))
		for _, p := range probs {
			if p.Path != path || p.Error() == "" {
				t.Fatalf("problem %+v does not name the file %q", p, path)
			}
		}
		_ = doc.Path()
	})
}

func TestFileBase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dana Okafor", "Dana Okafor"},
		{"José Núñez", "José Núñez"},
		{"#1 Fan", "1 Fan"},
		{".NET Guru", "NET Guru"},
		{"a/b\\c:d*e?f\"g<h>i|j", "a b c d e f g h i j"},
		{"  spaced \t out  ", "spaced out"},
		{"Ends with dot.", "Ends with dot"},
		{"~", "~"},
		{"###", ""},
		{strings.Repeat("é", 100), strings.Repeat("é", 60)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := FileBase(tt.in)
			if got != tt.want {
				t.Errorf("FileBase(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got != "" && KindOf("content/people/"+got+".md") != PersonFile {
				t.Errorf("FileBase(%q) = %q, which the loader would ignore", tt.in, got)
			}
		})
	}
}
