package contacts

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestFillNote(t *testing.T) {
	dana := Contact{Name: "Dana", Org: "Acme", Email: "d@acme.example", MetDate: "2024-03-12", MetWhere: "LinkedIn"}
	tests := []struct {
		name   string
		src    string
		c      Contact
		want   string // "" when src must come back unchanged
		fields []string
		refuse string // part of the reason when the note is left alone
	}{
		{
			name:   "absent fields are appended in contract order",
			src:    "---\nname: Dana\n---\nbody\n",
			c:      dana,
			want:   "---\nname: Dana\norg: Acme\nmet:\n  date: 2024-03-12\n  where: LinkedIn\ncontact:\n  email: d@acme.example\n---\nbody\n",
			fields: []string{"org", "met.date", "met.where", "contact.email"},
		},
		{
			name:   "empty values are written on their own line, comments kept",
			src:    "---\nname: Dana\norg:    # employer\nrole: ''\nbirthday: ~\n---\n",
			c:      Contact{Org: "Dr. Ana: MD", Role: "#1 fan", Birthday: "04-12"},
			want:   "---\nname: Dana\norg: 'Dr. Ana: MD' # employer\nrole: '#1 fan'\nbirthday: 04-12\n---\n",
			fields: []string{"org", "role", "birthday"},
		},
		{
			name:   "quoted key",
			src:    "---\n\"name\": Dana\n\"org\": \"\"\n---\n",
			c:      Contact{Org: "Acme"},
			want:   "---\n\"name\": Dana\n\"org\": Acme\n---\n",
			fields: []string{"org"},
		},
		{
			name: "filled fields are never touched",
			src:  "---\nname: Dana\norg: Old Co\nmet:\n  date: 2020-01-01\n  where: school\ncontact:\n  email: old@x.example\n---\n",
			c:    dana,
		},
		{
			name:   "null group gets children",
			src:    "---\nname: Dana\ncontact:\nmet: ~ # how?\ntags: [a]\n---\n",
			c:      dana,
			want:   "---\nname: Dana\ncontact:\n  email: d@acme.example\nmet: # how?\n  date: 2024-03-12\n  where: LinkedIn\ntags: [a]\norg: Acme\n---\n",
			fields: []string{"org", "met.date", "met.where", "contact.email"},
		},
		{
			name:   "empty flow group gets children",
			src:    "---\nname: Dana\norg: X\ncontact: {}\n---\n",
			c:      Contact{Email: "d@x.example"},
			want:   "---\nname: Dana\norg: X\ncontact:\n  email: d@x.example\n---\n",
			fields: []string{"contact.email"},
		},
		{
			name:   "group inserts keep its indentation and skip trailing comments",
			src:    "---\nname: Dana\ncontact:\n    phone: 1\n    # no email yet\n\n# next: the tags\ntags: [a]\n---\n",
			c:      Contact{Email: "d@x.example", Website: "x.example"},
			want:   "---\nname: Dana\ncontact:\n    phone: 1\n    # no email yet\n    email: d@x.example\n    website: x.example\n\n# next: the tags\ntags: [a]\n---\n",
			fields: []string{"contact.email", "contact.website"},
		},
		{
			name:   "group with a multi-line value",
			src:    "---\nname: Dana\nmet:\n  where: |\n    a long\n    story\n\n---\n",
			c:      dana,
			want:   "---\nname: Dana\nmet:\n  where: |\n    a long\n    story\n  date: 2024-03-12\n\norg: Acme\ncontact:\n  email: d@acme.example\n---\n",
			fields: []string{"org", "met.date", "contact.email"},
		},
		{
			name:   "group ending in a |+ block is left alone",
			src:    "---\nname: Dana\nmet:\n  where: |+\n    story\n\n---\n",
			c:      dana,
			want:   "---\nname: Dana\nmet:\n  where: |+\n    story\n\norg: Acme\ncontact:\n  email: d@acme.example\n---\n",
			fields: []string{"org", "contact.email"},
		},
		{
			name: "group written as text or flow mapping is left alone",
			src:  "---\nname: Dana\norg: X\nmet: at school\ncontact: {phone: 1}\n---\n",
			c:    dana,
		},
		{
			name: "value on the next line is left alone",
			src:  "---\nname: Dana\norg:\n  ~\n---\n",
			c:    Contact{Org: "Acme"},
		},
		{
			name: "anchor on an empty value is left alone",
			src:  "---\nname: Dana\norg: &o\n---\n",
			c:    Contact{Org: "Acme"},
		},
		{
			name:   "empty front matter",
			src:    "---\n---\nbody\n",
			c:      Contact{Org: "Acme"},
			want:   "---\norg: Acme\n---\nbody\n",
			fields: []string{"org"},
		},
		{
			name:   "closing dots",
			src:    "---\nname: Dana\n...\n",
			c:      Contact{Org: "Acme"},
			want:   "---\nname: Dana\norg: Acme\n...\n",
			fields: []string{"org"},
		},
		{name: "no front matter", src: "just text\n", c: dana, refuse: "no front matter"},
		{name: "unclosed front matter", src: "---\nname: Dana\n", c: dana, refuse: "no closing"},
		{name: "flow root", src: "---\n{name: Dana}\n---\n", c: dana, refuse: "not a block mapping"},
		{name: "invalid yaml", src: "---\nname: [Dana\n---\n", c: dana, refuse: "not valid YAML"},
		{name: "duplicate keys", src: "---\nname: Dana\nname: Dee\n---\n", c: dana, refuse: "could not update safely"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fields, err := fillNote([]byte(tt.src), tt.c)
			if tt.refuse != "" {
				var ne errNotEditable
				if !errors.As(err, &ne) || !strings.Contains(ne.reason, tt.refuse) {
					t.Fatalf("got error %v, want a refusal mentioning %q", err, tt.refuse)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			want := tt.want
			if want == "" {
				want = tt.src
			}
			if string(got) != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			if !reflect.DeepEqual(fields, tt.fields) {
				t.Errorf("fields: got %v, want %v", fields, tt.fields)
			}
		})
	}
}

func FuzzFillNote(f *testing.F) {
	f.Add(handWritten)
	f.Add("---\nname: Dana\norg:\ncontact:\n  phone: 1\nmet: ~\n---\nbody\n")
	f.Add("---\nname: Dana\nmet:\n  where: |+\n    x\n\n# c\ncontact: {}\n...\n")
	c := Contact{Org: "Acme", Role: "#1", Email: "a@b.example", Phone: "0123", LinkedIn: "https://linkedin.com/in/a",
		Website: "a.example", Birthday: "04-12", MetDate: "2024-03-12", MetWhere: "Dr. Ana: MD"}
	f.Fuzz(func(t *testing.T, src string) {
		out, fields, err := fillNote([]byte(src), c)
		if err != nil {
			var ne errNotEditable
			if !errors.As(err, &ne) {
				t.Fatalf("got error %v, want only refusals", err)
			}
			return
		}
		if len(fields) == 0 {
			if string(out) != src {
				t.Fatalf("nothing filled but the note changed:\n%q\n%q", src, out)
			}
			return
		}
		_, body, _ := strings.Cut(src[3:], "\n---")
		if !strings.HasSuffix(string(out), body) {
			t.Fatalf("body changed:\n%q\n%q", src, out)
		}
		again, more, err := fillNote(out, c)
		if err != nil || len(more) != 0 || string(again) != string(out) {
			t.Fatalf("second fill: got %v %v, want nothing more to fill\n%q", more, err, out)
		}
	})
}
