package content

import (
	"reflect"
	"strings"
	"testing"
)

func TestNeeds(t *testing.T) {
	d := func(s string) Date {
		t.Helper()
		x, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	tests := []struct {
		name, front string
		want        []Need
		problems    []string
	}{
		{"flow list", "needs: [a survey methodologist, beta users]\n", []Need{{Text: "a survey methodologist", Line: 3}, {Text: "beta users", Line: 3}}, nil},
		{"lone text", "needs: a job in Copenhagen\n", []Need{{Text: "a job in Copenhagen", Line: 3}}, nil},
		{"block with dates", "needs:\n  - a job in Copenhagen\n  - need: beta users for the app\n    date: 2026-05-01\n", []Need{
			{Text: "a job in Copenhagen", Line: 4},
			{Text: "beta users for the app", Date: d("2026-05-01"), Line: 5}}, nil},
		{"flow group", "needs:\n  - {need: a designer, date: 2025-01-02}\n", []Need{{Text: "a designer", Date: d("2025-01-02"), Line: 4}}, nil},
		{"no text", "needs:\n  - date: 2025-01-02\n", nil, []string{"content/people/x.md:4: needs: an item has no text; write `- need: what they are looking for`"}},
		{"bad date", "needs:\n  - need: a designer\n    date: soon\n", []Need{{Text: "a designer", Line: 4}}, []string{`content/people/x.md:5: date: "soon" is not a date; write it as YYYY-MM-DD`}},
		{"unknown key", "needs:\n  - need: a designer\n    when: 2025\n", []Need{{Text: "a designer", Line: 4}}, []string{`content/people/x.md:5: warning: unknown field "when"; known fields: need, date`}},
		{"nested list", "needs:\n  - [a, b]\n", nil, []string{"content/people/x.md:4: needs should be a list of text values or {need: text, date: YYYY-MM-DD}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\nname: X\n" + tt.front + "---\n"
			checkFlat(t, []byte("name: X\n"+tt.front))
			doc, probs := Parse("content/people/x.md", []byte(src))
			var got []string
			for _, p := range probs {
				got = append(got, p.Error())
			}
			if !reflect.DeepEqual(got, tt.problems) {
				t.Errorf("got problems %q, want %q", got, tt.problems)
			}
			if doc.Person == nil {
				t.Fatal("got no person")
			}
			if !reflect.DeepEqual(doc.Person.Needs, tt.want) {
				t.Errorf("got needs %+v, want %+v", doc.Person.Needs, tt.want)
			}
		})
	}
}

func TestOwnerExpertise(t *testing.T) {
	c, probs := ParseConfig("kith.yaml", []byte("owner: Rosa\nowner_expertise: [survey design, Go]\n"))
	if len(probs) != 0 {
		t.Fatalf("got problems %v", probs)
	}
	if got, want := strings.Join(c.OwnerExpertise, "|"), "survey design|Go"; got != want {
		t.Errorf("got owner_expertise %q, want %q", got, want)
	}
}
