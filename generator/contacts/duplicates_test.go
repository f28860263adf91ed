package contacts

import (
	"strings"
	"testing"
)

func TestDuplicates(t *testing.T) {
	person := func(path, name, email, phone, linkedIn string) Known {
		return Known{Path: "content/people/" + path, Names: []string{name}, Line: 2, Email: email, Phone: phone, LinkedIn: linkedIn}
	}
	tests := []struct {
		name   string
		people []Known
		want   []string
	}{
		{"nobody twice", []Known{
			person("a.md", "Dana Okafor", "dana@example.com", "+1 555 0100 11", ""),
			person("b.md", "Dana Okafor-Reyes", "d@example.org", "+1 555 0100 12", ""),
			person("c.md", "Dana", "", "", ""),
			person("d.md", "Dana", "", "", ""), // one-word names say too little
			person("e.md", "Bo", "", "12", ""), // too short a phone
			person("f.md", "Cy", "", "12", ""),
		}, nil},
		{"same email", []Known{person("b.md", "Dee", "DANA@example.com", "", ""), person("a.md", "Dana Okafor", "mailto:dana@example.com", "", "")},
			[]string{"content/people/b.md:2: warning: likely the same person as content/people/a.md (same email dana@example.com)"}},
		{"same phone, written differently", []Known{person("a.md", "Ann Lee", "", "+44 20 7946 0018", ""), person("b.md", "Annie Lee", "", "+44 (20) 7946-0018", "")},
			[]string{"content/people/b.md:2: warning: likely the same person as content/people/a.md (same phone +44 (20) 7946-0018)"}},
		{"same LinkedIn URL", []Known{person("a.md", "Ann", "", "", "https://www.linkedin.com/in/ann/"), person("b.md", "Annie", "", "", "linkedin.com/in/ann")},
			[]string{"content/people/b.md:2: warning: likely the same person as content/people/a.md (same LinkedIn URL https://linkedin.com/in/ann)"}},
		{"accents", []Known{person("José Núñez.md", "José Núñez", "", "", ""), person("Jose Nunez 2.md", "Jose Nunez", "", "", "")},
			[]string{`content/people/José Núñez.md:2: warning: likely the same person as content/people/Jose Nunez 2.md ("Jose Nunez" and "José Núñez" differ only by accents or a middle initial)`}},
		{"middle initial", []Known{person("a.md", "Dana Okafor", "", "", ""), person("b.md", "Dana J. Okafor", "", "", "")},
			[]string{`content/people/b.md:2: warning: likely the same person as content/people/a.md ("Dana Okafor" and "Dana J. Okafor" differ only by accents or a middle initial)`}},
		{"several reasons, one warning", []Known{person("a.md", "Dana Okafor", "d@x.org", "", ""), person("b.md", "Dana Okafor", "d@x.org", "", "")},
			[]string{"content/people/b.md:2: warning: likely the same person as content/people/a.md (same email d@x.org)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Duplicates(tt.people) {
				got = append(got, p.Error())
			}
			for i := range got {
				if i < len(tt.want) && strings.HasPrefix(got[i], tt.want[i]) {
					continue
				}
				t.Errorf("got %q,\nwant %q", got, tt.want)
				break
			}
			if len(got) != len(tt.want) {
				t.Errorf("got %d warnings %q, want %d", len(got), got, len(tt.want))
			}
		})
	}
}
