package render

import (
	"bytes"

	"kith/generator/content"
	"strings"
	"testing"
)

type fakeResolver map[string]string

func (f fakeResolver) Wikilink(target string) (string, bool) {
	u, ok := f[strings.ToLower(target)]
	return u, ok
}

func TestMarkdown(t *testing.T) {
	md := NewMarkdown(fakeResolver{"dana": "../../people/dana/", "a&b": "../../people/a-b/"})
	tests := []struct{ name, in, want string }{
		{"wikilink", "Met [[Dana]].", `<p>Met <a class="wikilink" href="../../people/dana/">Dana</a>.</p>`},
		{"label", "Met [[Dana|her]].", `<p>Met <a class="wikilink" href="../../people/dana/">her</a>.</p>`},
		{"heading anchor", "[[Dana#Notes]]", `<p><a class="wikilink" href="../../people/dana/">Dana</a></p>`},
		{"broken", "[[Zed <b>]]", `<p><span class="broken-link" title="No note is called Zed &lt;b&gt;">Zed &lt;b&gt;</span></p>`},
		{"escaped label", "[[a&b|<i>x</i>]]", `<p><a class="wikilink" href="../../people/a-b/">&lt;i&gt;x&lt;/i&gt;</a></p>`},
		{"raw html dropped", "<script>alert(1)</script>", `<!-- raw HTML omitted -->`},
		{"inline html dropped", "a <b onclick=x>b</b>", `<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>`},
		{"javascript link dropped", "[x](javascript:alert(1))", `<p><a href="">x</a></p>`},
		{"heading shifted", "# Title", `<h2>Title</h2>`},
		{"code keeps brackets", "`[[Dana]]`", `<p><code>[[Dana]]</code></p>`},
		{"normal link untouched", "[site](https://example.com)", `<p><a href="https://example.com">site</a></p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := md.Body([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(string(got)) != tt.want {
				t.Errorf("got  %s\nwant %s", strings.TrimSpace(string(got)), tt.want)
			}
		})
	}
}

func TestInline(t *testing.T) {
	md := NewMarkdown(fakeResolver{"dana": "people/dana/"})
	got, err := md.Inline("Coffee with **[[Dana]]** #call")
	if err != nil {
		t.Fatal(err)
	}
	want := `Coffee with <strong><a class="wikilink" href="people/dana/">Dana</a></strong> #call`
	if string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestLogText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Reviewed my talk. #received #call", "Reviewed my talk."},
		{"Talked about #design systems #gave", "Talked about #design systems"},
		{"#Thanked, with a card", "with a card"},
	}
	for _, tt := range tests {
		if got := content.Unlabel(tt.in); got != tt.want {
			t.Errorf("Unlabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzMarkdown(f *testing.F) {
	f.Add("Met [[Dana|her]] and [[ ]] and [[a]]b]] [x](javascript:1) <script>x</script>")
	f.Add("[[[[Dana]]]] `[[x]]` [[Dana#h|l]]")
	md := NewMarkdown(fakeResolver{"dana": "../people/dana/"})
	f.Fuzz(func(t *testing.T, src string) {
		out, err := md.Body([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(string(out)), "<script") {
			t.Fatalf("script tag passed through: %s", out)
		}
	})
}

// FuzzPlainMarkdown checks that the converter without linkify, used for
// notes with no URL, "www." or "@", renders them as the full one does.
func FuzzPlainMarkdown(f *testing.F) {
	for _, s := range []string{
		"Met [[Dana]] for *coffee* (about ~~x~~ _y_).", "- [ ] task\n- [x] done\n", "| a | b |\n|---|---|\n| 1 | 2 |\n",
		"Footnote[^1].\n\n[^1]: here", "ftp:/x http:x wwwx (www) mail at example.com",
	} {
		f.Add(s)
	}
	md := NewMarkdown(fakeResolver{"dana": "../people/dana/"})
	f.Fuzz(func(t *testing.T, src string) {
		b := []byte(src)
		if md.converter(b) != md.plain {
			return
		}
		var full, plain bytes.Buffer
		if err := md.md.Convert(b, &full); err != nil {
			t.Fatal(err)
		}
		if err := md.plain.Convert(b, &plain); err != nil {
			t.Fatal(err)
		}
		if full.String() != plain.String() {
			t.Fatalf("got %q, want %q", plain.String(), full.String())
		}
	})
}
