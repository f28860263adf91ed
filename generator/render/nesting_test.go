package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"kith/generator/content"
)

// TestHarden05DeepLists checks the pre-check before goldmark: lists nested
// past content.MaxListDepth are shown as escaped plain text, at once
// (goldmark took 19.5 s on 2,000 levels), and shallower ones as lists.
func TestHarden05DeepLists(t *testing.T) {
	indented := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- <b>item</b>\n")
		}
		return b.String()
	}
	tests := []struct {
		name, src string
		plain     bool
	}{
		{"2000 markers on a line", strings.Repeat("- ", 2000) + "<b>deep</b>\n", true},
		{"2000 quotes", strings.Repeat("> ", 2000) + "<b>deep</b>\n", true},
		{"300 indented levels", indented(300), true},
		{"just too deep", strings.Repeat("- ", content.MaxListDepth+1) + "x\n", true},
		{"deep enough", strings.Repeat("- ", content.MaxListDepth) + "x\n", false},
		{"ordinary list", indented(4), false},
	}
	m := NewMarkdown(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			start := time.Now()
			if err := m.WriteBody(&buf, []byte(tt.src)); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); tt.plain && d > 2*time.Second {
				t.Errorf("took %v, want a plain-text body at once", d)
			}
			out := buf.String()
			if got := strings.HasPrefix(out, `<pre class="too-deep">`); got != tt.plain {
				t.Errorf("got plain text %v, want %v: %.200q", got, tt.plain, out)
			}
			if tt.plain && strings.Contains(out, "<b>") {
				t.Errorf("got raw <b> in %.200q, want the text escaped", out)
			}
			if !tt.plain && !strings.Contains(out, "<ul>") {
				t.Errorf("got %.200q, want a list", out)
			}
		})
	}
	t.Run("inline", func(t *testing.T) {
		var buf bytes.Buffer
		if err := m.WriteInline(&buf, strings.Repeat("- ", 2000)+"<i>x</i>"); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "<li>") || strings.Contains(buf.String(), "<i>") {
			t.Errorf("got %.200q, want escaped plain text", buf.String())
		}
	})
}
