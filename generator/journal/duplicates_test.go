package journal

import (
	"strings"
	"testing"
)

func TestDuplicates(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"same email", map[string]string{
			"content/people/a.md": person("Dana Okafor", "contact: {email: Dana@Example.com}"),
			"content/people/b.md": person("D. Okafor-Lund", "contact: {email: dana@example.com }"),
		}, []string{"content/people/b.md:1: warning: likely the same person as content/people/a.md (same email); merge the two notes, or leave them if they are two people"}},
		{"same phone, written differently", map[string]string{
			"content/people/a.md": person("Dana Okafor", `contact: {phone: "+45 555 0101"}`),
			"content/people/b.md": person("Dee", `contact: {phone: "0045-5550101"}`),
		}, []string{"content/people/b.md:1: warning: likely the same person as content/people/a.md (same phone); merge the two notes, or leave them if they are two people"}},
		{"same LinkedIn", map[string]string{
			"content/people/a.md": person("Dana Okafor", "contact: {linkedin: https://www.linkedin.com/in/dana-okafor/}"),
			"content/people/b.md": person("Dana O", "contact: {linkedin: linkedin.com/in/dana-okafor}"),
		}, []string{"content/people/b.md:1: warning: likely the same person as content/people/a.md (same LinkedIn address); merge the two notes, or leave them if they are two people"}},
		{"accents", map[string]string{
			"content/people/a.md": person("José Núñez"),
			"content/people/b.md": person("Jose Nunez"),
		}, []string{"content/people/b.md:1: warning: likely the same person as content/people/a.md (same name but for accents or a middle initial); merge the two notes, or leave them if they are two people"}},
		{"middle initial and two reasons", map[string]string{
			"content/people/a.md": person("Dana K. Okafor", "contact: {email: d@example.com}"),
			"content/people/b.md": person("Dana Okafor", "contact: {email: d@example.com}"),
		}, []string{"content/people/b.md:1: warning: likely the same person as content/people/a.md (same email, same name but for accents or a middle initial); merge the two notes, or leave them if they are two people"}},
		{"identical names are not reported", map[string]string{
			"content/people/a.md": person("Dana Okafor"),
			"content/people/b.md": person("Dana Okafor"),
		}, nil},
		{"different people", map[string]string{
			"content/people/a.md": person("Dana Okafor", `contact: {email: a@example.com, phone: "1234"}`),
			"content/people/b.md": person("Dana Okoro", `contact: {email: b@example.com, phone: "1234"}`),
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := load(t, "2026-06-01", tt.files)
			if got := problems(j); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
