package contacts

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// noteFront is a person note's front matter as the content contract defines it.
type noteFront struct {
	Name string   `yaml:"name"`
	Org  string   `yaml:"org"`
	Role string   `yaml:"role"`
	Tags []string `yaml:"tags"`
	Met  struct {
		Date  string `yaml:"date"`
		Where string `yaml:"where"`
	} `yaml:"met"`
	Contact struct {
		Email    string `yaml:"email"`
		Phone    string `yaml:"phone"`
		LinkedIn string `yaml:"linkedin"`
		Website  string `yaml:"website"`
	} `yaml:"contact"`
	Birthday string `yaml:"birthday"`
}

// splitNote returns the front matter and body of a note Note wrote.
func splitNote(t testing.TB, note []byte) (front, body []byte) {
	t.Helper()
	rest, ok := bytes.CutPrefix(note, []byte("---\n"))
	if !ok {
		t.Fatalf("note does not start with ---: %q", note)
	}
	front, body, ok = bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		t.Fatalf("note has no closing ---: %q", note)
	}
	return front, body
}

// assertNoteRoundTrip checks that the note of c reads back as c.
func assertNoteRoundTrip(t testing.TB, c Contact) {
	t.Helper()
	note := Note(c)
	front, body := splitNote(t, note)
	var got noteFront
	if err := yaml.Unmarshal(front, &got); err != nil {
		t.Fatalf("front matter of %+v does not parse: %v\n%s", c, err, note)
	}
	want := noteFront{Name: cleanLine(c.Name), Org: cleanLine(c.Org), Role: cleanLine(c.Role), Birthday: cleanLine(c.Birthday)}
	for _, tag := range c.Tags {
		want.Tags = append(want.Tags, cleanLine(tag))
	}
	want.Met.Date, want.Met.Where = cleanLine(c.MetDate), cleanLine(c.MetWhere)
	want.Contact.Email, want.Contact.Phone = cleanLine(c.Email), cleanLine(c.Phone)
	want.Contact.LinkedIn, want.Contact.Website = cleanLine(c.LinkedIn), cleanLine(c.Website)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("front matter read back:\ngot  %+v\nwant %+v\n%s", got, want, note)
	}
	wantBody := ""
	if text := cleanText(c.Note); text != "" {
		wantBody = "\n" + text + "\n"
	}
	if string(body) != wantBody {
		t.Errorf("body: got %q, want %q", body, wantBody)
	}
}

func TestNoteRoundTrip(t *testing.T) {
	names := []string{
		"O'Brien", "Dr. Ana: MD", "#hash", "- dash", "yes", "null", "~", "123", "0123", "1e3", "@at", "`tick",
		`"quoted"`, "'single'", "a: b # c", "[list]", "{map}", "* star", "& anchor", "! tag", "% pct", "| pipe",
		"> gt", "José Núñez", "王伟", "tab\there", "trailing space ", "new\nline", "\x00nul", "bad \xff utf8",
		"2024-03-12", "---", "...", "true", strings.Repeat("long words: ", 20),
	}
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			assertNoteRoundTrip(t, Contact{
				Name: n, Org: n, Role: n, Tags: []string{n, "linkedin"}, MetDate: "2024-03-12", MetWhere: n,
				Email: n, Phone: n, LinkedIn: n, Website: n, Birthday: "04-12", Note: n + "\n\nmore",
			})
		})
	}
}

func TestNoteExact(t *testing.T) {
	tests := []struct {
		name string
		c    Contact
		want string
	}{
		{"linkedin row", Contact{Name: "Siobhán O'Brien", Org: "Harbor Labs", Role: "CTO", Email: "s@h.example",
			LinkedIn: "https://www.linkedin.com/in/siobhan", MetDate: "2023-01-03", MetWhere: "LinkedIn", Tags: []string{"linkedin"}},
			"---\nname: Siobhán O'Brien\norg: Harbor Labs\nrole: CTO\ntags: [linkedin]\nmet:\n  date: 2023-01-03\n  where: LinkedIn\n" +
				"contact:\n  email: s@h.example\n  linkedin: https://www.linkedin.com/in/siobhan\n---\n"},
		{"vcard with note", Contact{Name: "Dr. Ana: MD", Org: "Clinic #9", Phone: "0123 456", Birthday: "1985-04-12",
			Tags: []string{"#hash", "vcard"}, Note: "Line one.\nLine two."},
			"---\nname: 'Dr. Ana: MD'\norg: 'Clinic #9'\ntags: ['#hash', vcard]\ncontact:\n  phone: 0123 456\nbirthday: 1985-04-12\n---\n\nLine one.\nLine two.\n"},
		{"name only", Contact{Name: "Bo"}, "---\nname: Bo\n---\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Note(tt.c)); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestInlineValueIsOneLine(t *testing.T) {
	for _, v := range []string{strings.Repeat("word ", 60), strings.Repeat("x", 300), "a\nb", "#c: d"} {
		if got := inlineValue(v); strings.Contains(got, "\n") {
			t.Errorf("inlineValue(%q): got %q, want one line", v, got)
		}
	}
}
