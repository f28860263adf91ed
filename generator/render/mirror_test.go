package render

import (
	"sort"
	"testing"
)

// TestMirrorSums fails when a template of the default theme that direct.go
// mirrors has changed since direct.go was brought up to date with it. Until
// it is, the built site still follows the template (the changed kinds are
// rendered by html/template) but loses the direct writers' speed. Mirror the
// change in direct.go (TestDirect and FuzzDirect compare the two), then
// record the sums this test prints in mirroredSums.
func TestMirrorSums(t *testing.T) {
	got, err := DefaultMirrorSums()
	if err != nil {
		t.Fatal(err)
	}
	want := MirroredSums()
	var names []string
	for name := range got {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if got[name] != want[name] {
			t.Errorf("%s: the templates direct.go mirrors have changed (sum %s, direct.go has %q): mirror the change in render/direct.go, then record the new sum in mirroredSums", name, got[name], want[name])
		}
	}
	if len(want) != len(got) {
		t.Errorf("got %d sums, want %d", len(got), len(want))
	}
}
