package archetype

import (
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

func TestQuoteReadsBack(t *testing.T) {
	values := []string{
		"Dana", `O'Brien: "Bob"`, "#hash", "true", "no", "null", "~", "2026-01-01", "12", "0x1F", ".nan",
		"- x", "? y", "a: b", "a #b", "[[Dana]]", "{x}", "*a", "&a", "!a", "%a", "@a", "`a", "|a", ">a",
		"", "  spaced  ", "tab\there", "line\nbreak", "x\x01y", "\u2028sep", "é ñ 李", strings.Repeat("long ", 60),
	}
	for _, v := range values {
		t.Run(v, func(t *testing.T) {
			q, err := Quote(v)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(q, "\n") {
				t.Errorf("got %q, want one line", q)
			}
			var got struct{ K string }
			if err := yaml.Unmarshal([]byte("k: "+q+"\n"), &got); err != nil || got.K != v {
				t.Errorf("k: %s reads back as %q (%v), want %q", q, got.K, err, v)
			}
			var list struct{ K []string }
			ql, err := Quote([]string{v, "b: c"})
			if err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal([]byte("k: "+ql+"\n"), &list); err != nil || len(list.K) != 2 || list.K[0] != v {
				t.Errorf("k: %s reads back as %q (%v), want [%q, \"b: c\"]", ql, list.K, err, v)
			}
		})
	}
}

func TestRender(t *testing.T) {
	d := Data{Name: "Ann", Title: "Call", Date: "2026-11-23", Today: "2026-11-23", Kind: "call", With: []string{"Dana Okafor"}}
	tests := []struct {
		name    string
		journal fstest.MapFS
		kind    string
		want    string // a line of the output
		from    string
		wantErr string
	}{
		{"built-in person", nil, Person, "name: Ann", "built-in person.md", ""},
		{"built-in entry", nil, Entry, "with: [Dana Okafor]", "built-in entry.md", ""},
		{"built-in event", nil, Event, "date: 2026-11-23", "built-in event.md", ""},
		{"the journal's own", fstest.MapFS{"archetypes/person.md": {Data: []byte("---\nname: {{yaml .Name}} (mine)\n---\n")}}, Person, "name: Ann (mine)", "archetypes/person.md", ""},
		{"another kind's override is not used", fstest.MapFS{"archetypes/person.md": {Data: []byte("x")}}, Event, "name: Ann", "built-in event.md", ""},
		{"unknown kind", nil, "org", "", "", `no archetype "org"`},
		{"bad template", fstest.MapFS{"archetypes/entry.md": {Data: []byte("{{.Nope}}")}}, Entry, "", "archetypes/entry.md", "Nope"},
		{"yaml of a number", fstest.MapFS{"archetypes/entry.md": {Data: []byte("{{yaml 3}}")}}, Entry, "", "archetypes/entry.md", "cannot write a int"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var journal = tt.journal
			out, from, err := Render(journal, tt.kind, d)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("got error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || from != tt.from || !strings.Contains(string(out), "\n"+tt.want+"\n") {
				t.Errorf("got %q from %q (%v), want a line %q from %q", out, from, err, tt.want, tt.from)
			}
		})
	}
}
