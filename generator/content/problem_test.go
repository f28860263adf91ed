package content

import "testing"

func TestHarden09Printable(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "content/people/Dana Okafor.md", "content/people/Dana Okafor.md"},
		{"accents and emoji kept", "José 👩‍👩‍👧 Núñez", "José 👩‍👩‍👧 Núñez"},
		{"escape sequence", "a\x1b[2K\rno problems found", `a\x1b[2K\rno problems found`},
		{"line break and tab", "a\nb\tc", `a\nb\tc`},
		{"C1 control", "a\u009bb", `a\u009bb`},
		{"right-to-left override", "evil\u202egnp.md", `evil\u202egnp.md`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
		{"written replacement character kept", "a\uFFFDb", "a\uFFFDb"},
		{"backslash kept", `C:\notes`, `C:\notes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Printable(tt.in); got != tt.want {
				t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHarden09ProblemError(t *testing.T) {
	p := Errorf("content/people/\x1b[1A\x1b[2Kx.md", 3, "name %q\r\x1b[32mno problems found", "A\x07")
	got := p.Error()
	want := `content/people/\x1b[1A\x1b[2Kx.md:3: name "A\a"\r\x1b[32mno problems found`
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
