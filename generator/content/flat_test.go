package content

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// sameTree reports how two node trees differ in what the decoder reads:
// kinds, values, lines and null tags; "" when they agree.
func sameTree(got, want *yaml.Node, at string) string {
	switch {
	case got.Kind != want.Kind:
		return fmt.Sprintf("%s: kind %v, want %v", at, got.Kind, want.Kind)
	case got.Value != want.Value:
		return fmt.Sprintf("%s: value %q, want %q", at, got.Value, want.Value)
	case got.Line != want.Line:
		return fmt.Sprintf("%s (%q): line %d, want %d", at, want.Value, got.Line, want.Line)
	case (got.Tag == "!!null") != (want.Tag == "!!null"):
		return fmt.Sprintf("%s (%q): tag %s, want %s", at, want.Value, got.Tag, want.Tag)
	case len(got.Content) != len(want.Content):
		return fmt.Sprintf("%s: %d children, want %d", at, len(got.Content), len(want.Content))
	}
	for i := range got.Content {
		if d := sameTree(got.Content[i], want.Content[i], fmt.Sprintf("%s/%d", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkFlat fails when flatFront accepts front and yaml.v3 reads it
// differently, or rejects it.
func checkFlat(t *testing.T, front []byte) (accepted bool) {
	t.Helper()
	got, ok := flatFront(front)
	if !ok {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		t.Fatalf("flatFront accepted what yaml.v3 rejects (%v):\n%s", err, front)
	}
	if len(doc.Content) == 0 {
		t.Fatalf("flatFront accepted an empty document:\n%s", front)
	}
	if d := sameTree(got, doc.Content[0], "root"); d != "" {
		t.Fatalf("flatFront and yaml.v3 differ: %s\n%s", d, front)
	}
	return true
}

func TestFlatFront(t *testing.T) {
	tests := []struct {
		name, in string
		flat     bool // read by flatFront, not left to yaml.v3
	}{
		{"plain", "name: Dana Okafor\norg: Acme\n", true},
		{"quoted", "name: \"Zoë O'Neil\"\nrole: 'CTO'\n", true},
		{"flow list", "tags: [a, b c, \"d\"]\naliases: []\n", true},
		{"block list", "tags:\n  - a\n  - b\nname: x\n", true},
		{"block list unindented", "tags:\n- a\n- b\nname: x\n", true},
		{"group", "met:\n  date: 2026-01-02\n  where: Berlin\n  via: \"[[Dana]]\"\nname: x\n", true},
		{"null", "name: x\norg:\nrole: ~\n", true},
		{"comments and blanks", "# c\nname: x\n\n  # indented\nrole: y\n", true},
		{"trailing spaces", "name: x   \n", true},
		{"duplicate keys", "name: x\nname: y\n", true},
		{"list of groups", "needs:\n  - need: a designer\n    date: 2026-01-02\n  - plain\n  - need: b\nname: x\n", true},
		{"list of groups unindented", "needs:\n- need: a\n  date: 2026-01-02\n\n  # c\n- need: b\n", true},
		{"list of groups, wide dash", "needs:\n  -   need: a\n      date: 2026-01-02\n", true},
		{"group item deeper", "needs:\n  - need: a\n      date: 2026-01-02\n", false},
		{"group item shallower", "needs:\n  - need: a\n   date: 2026-01-02\n", false},
		{"group item nested", "needs:\n  - need:\n      x: y\n", false},
		{"group item list", "needs:\n  - need: a\n    - b\n", false},
		{"wikilink flow", "met: {via: [[Dana]]}\n", false},
		{"nested wikilink", "with: [[Dana]]\n", false},
		{"escapes", "name: \"a\\tb\"\n", false},
		{"comment after value", "name: x # y\n", false},
		{"block scalar", "name: |\n  x\n", false},
		{"continued plain", "title: a long\n  title\n", false},
		{"anchor", "name: &a x\n", false},
		{"deeper", "met:\n  via:\n    - x\n", false},
		{"tab", "name:\tx\n", false},
		{"colon in flow", "tags: [a:b]\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkFlat(t, []byte(tt.in)); got != tt.flat {
				t.Errorf("flatFront read it: got %v, want %v", got, tt.flat)
			}
		})
	}
}

func FuzzFlatFront(f *testing.F) {
	for _, s := range []string{
		"name: Dana\ntags: [a, b]\nmet:\n  date: 2026-01-02\n  where: x\n",
		"aliases:\n- a\n- 'b'\nkeep_in_touch: 3m\n", "name: x\norg:\nrole: ~\n", "a: \"x\"\nb: 'y'\n",
		"k: v:\n", "k: [a, 'b c', \"d\"]\n", "- a\n", "k: -1\n", "k:\n  - a\n  b: c\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(s, "\r") {
			return // split has already turned CRLF into LF
		}
		checkFlat(t, []byte(s))
	})
}
