package content

import "testing"

func TestUntag(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"none", "Coffee at the harbour.", "Coffee at the harbour."},
		{"labels and others", "Sent a card. #thanked #gift", "Sent a card."},
		{"inside", "Met #conference friends (#work/clients) today", "Met friends () today"},
		{"not a hashtag", "Wrote C# and issue #12 notes", "Wrote C# and issue notes"},
		{"only tags", "#call #email", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Untag(c.in); got != c.want {
				t.Errorf("Untag(%q): got %q, want %q", c.in, got, c.want)
			}
		})
	}
}
