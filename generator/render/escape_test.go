package render

import (
	"bytes"
	"html/template"
	"testing"
)

// escapeCases are the places where the direct writers put values, each with
// the html/template source that escapes a value there and the writer method
// that must escape it the same way.
var escapeCases = []struct {
	name, before, after string
	write               func(w writer, s string)
}{
	{"text", `<p>`, `</p>`, writer.text},
	{"attribute", `<p class="x-`, `">`, writer.text},
	{"title", `<title>`, `</title>`, writer.text},
	{"url", `<a href="`, `">`, writer.url},
	{"url after scheme", `<a href="mailto:`, `">`, writer.urlPart},
}

// checkEscape fails when a writer method and html/template disagree on s.
func checkEscape(t *testing.T, s string) {
	t.Helper()
	for _, c := range escapeCases {
		tmpl := template.Must(template.New(c.name).Parse(c.before + "{{.}}" + c.after))
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.WriteString(c.before)
		c.write(writer{&got}, s)
		got.WriteString(c.after)
		if got.String() != want.String() {
			t.Errorf("%s: %q: got %q, want %q", c.name, s, got.String(), want.String())
		}
	}
}

func TestEscape(t *testing.T) {
	for _, s := range escapeSeeds {
		t.Run(s, func(t *testing.T) { checkEscape(t, s) })
	}
}

var escapeSeeds = []string{
	"", "plain", `<script>alert("x")</script>`, "a & b + c 'd'", "\x00nul", "é ü 日本", "\xff\xfe bad utf-8",
	"../../people/dana-okafor/", "javascript:alert(1)", "JavaScript:x", "https://example.com/a?b=c&d=e#f",
	"mailto:dana@example.com", "data:text/html,x", "/a:b", "100%", "%41%zz%4", "a b\tc\n", `"quoted"`,
	"tel:+1 555", "(paren) [br] {br}", "dana+tag@example.com",
}

func FuzzEscape(f *testing.F) {
	for _, s := range escapeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkEscape(t, s)
	})
}
