package contacts

import (
	"strings"
	"testing"
)

// TestSameNameDifferentProfiles checks that two contacts of one name with
// different LinkedIn URLs are two people with distinct files.
func TestSameNameDifferentProfiles(t *testing.T) {
	const a, b, c = "https://www.linkedin.com/in/sam-lee-a1", "https://www.linkedin.com/in/sam-lee-b2", "linkedin.com/in/kim-park"
	known := []Known{{Path: "content/people/Kim Park.md", Names: []string{"Kim Park"}, LinkedIn: c}}
	tests := []struct {
		name     string
		contacts []Contact
		want     []string // action and path of each step
	}{
		{"two profiles", []Contact{{Name: "Sam Lee", LinkedIn: a, Line: 2}, {Name: "Sam Lee", LinkedIn: b, Line: 3}},
			[]string{"create content/people/Sam Lee.md", "create content/people/Sam Lee 2.md"}},
		{"one profile twice", []Contact{{Name: "Sam Lee", LinkedIn: a, Line: 2}, {Name: "Sam Lee", LinkedIn: a + "/", Line: 3}},
			[]string{"create content/people/Sam Lee.md", "exists content/people/Sam Lee.md"}},
		{"no profile on one", []Contact{{Name: "Sam Lee", LinkedIn: a, Line: 2}, {Name: "Sam Lee", Line: 3}},
			[]string{"create content/people/Sam Lee.md", "exists content/people/Sam Lee.md"}},
		{"a known note with another profile", []Contact{{Name: "Kim Park", LinkedIn: b, Line: 2}},
			[]string{"create content/people/Kim Park 2.md"}},
		{"a known note with the same profile", []Contact{{Name: "Kim Park", LinkedIn: "https://www.linkedin.com/in/kim-park/", Line: 2}},
			[]string{"exists content/people/Kim Park.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPlan(tt.contacts, nil, known, PlanOptions{})
			var got []string
			for _, st := range p.Steps {
				got = append(got, string(st.Action)+" "+st.Path)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
