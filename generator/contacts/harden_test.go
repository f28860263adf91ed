package contacts

import (
	"testing"

	"kith/generator/content"
)

// TestHarden13ReservedNames checks that an import never plans a file name
// Windows reserves for a device.
func TestHarden13ReservedNames(t *testing.T) {
	var cs []Contact
	for i, n := range []string{"Con", "NUL", "aux.", "Com1", "LPT9 ", "prn.txt", "Connie"} {
		cs = append(cs, Contact{Name: n, Line: i + 2})
	}
	want := []string{
		"content/people/Con_.md", "content/people/NUL_.md", "content/people/aux_.md", "content/people/Com1_.md",
		"content/people/LPT9_.md", "content/people/prn_.txt.md", "content/people/Connie.md",
	}
	p := NewPlan(cs, nil, nil, PlanOptions{})
	if len(p.Steps) != len(want) {
		t.Fatalf("got %d steps, want %d", len(p.Steps), len(want))
	}
	for i, st := range p.Steps {
		if st.Action != ActionCreate || st.Path != want[i] {
			t.Errorf("line %d: got %s %q, want create %q", st.Line, st.Action, st.Path, want[i])
		}
		if content.WindowsReserved(st.Path[len(PeopleDir)+1:]) {
			t.Errorf("line %d: %s is a reserved name", st.Line, st.Path)
		}
	}
}
