package render

import (
	"bytes"
	"strings"
	"testing"
)

func TestObsidianMarkdown(t *testing.T) {
	md := NewMarkdown(fakeResolver{"dana okafor": "../../people/dana-okafor/", "people/dana okafor": "../../people/dana-okafor/"})
	tests := []struct{ name, in, want string }{
		{"label", "Met [[Dana Okafor|Dana]].", `<p>Met <a class="wikilink" href="../../people/dana-okafor/">Dana</a>.</p>`},
		{"heading", "[[Dana Okafor#Notes]]", `<p><a class="wikilink" href="../../people/dana-okafor/">Dana Okafor</a></p>`},
		{"block", "[[Dana Okafor#^ab12]]", `<p><a class="wikilink" href="../../people/dana-okafor/">Dana Okafor</a></p>`},
		{"folder", "[[People/Dana Okafor]]", `<p><a class="wikilink" href="../../people/dana-okafor/">People/Dana Okafor</a></p>`},
		{"embed", "![[Dana Okafor]]", `<p><a class="wikilink embed" href="../../people/dana-okafor/">Dana Okafor</a></p>`},
		{"markdown link to a note", "[Dana](Dana%20Okafor.md)", `<p><a href="../../people/dana-okafor/">Dana</a></p>`},
		{"markdown link with folder and heading", "[Dana](../People/Dana%20Okafor.md#Notes)", `<p><a href="../../people/dana-okafor/">Dana</a></p>`},
		{"markdown link to no note", "[x](Nobody.md)", `<p><a href="Nobody.md">x</a></p>`},
		{"callout", "> [!note] Remember\n> She prefers mornings.", "<aside class=\"callout callout-note\"><p class=\"callout-title\">Remember</p>\n<p>She prefers mornings.</p>\n</aside>"},
		{"callout without title", "> [!WARNING]\n> Not on Fridays.", "<aside class=\"callout callout-warning\"><p class=\"callout-title\">Warning</p>\n<p>Not on Fridays.</p>\n</aside>"},
		{"foldable callout, title alone", "> [!tip]- Only a title", "<aside class=\"callout callout-tip\"><p class=\"callout-title\">Only a title</p>\n</aside>"},
		{"callout title escaped", "> [!note] <b>x</b>\n> y", "<aside class=\"callout callout-note\"><p class=\"callout-title\">&lt;b&gt;x&lt;/b&gt;</p>\n<p>y</p>\n</aside>"},
		{"callout title with a link", "> [!info] About [[Dana Okafor]]\n> y", "<aside class=\"callout callout-info\"><p class=\"callout-title\">About Dana Okafor</p>\n<p>y</p>\n</aside>"},
		{"plain quote", "> just a quote", "<blockquote>\n<p>just a quote</p>\n</blockquote>"},
		{"block id", "She moved to Aarhus. ^move1", `<p>She moved to Aarhus.</p>`},
		{"block id on its own line", "- a\n- b\n\n^list1", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"},
		{"block id in a list item", "- a ^item1\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"},
		{"block id mid line kept", "x ^notid y", `<p>x ^notid y</p>`},
		{"code keeps wikilinks", "`[[Dana Okafor]]` and `![[Dana Okafor]]`", `<p><code>[[Dana Okafor]]</code> and <code>![[Dana Okafor]]</code></p>`},
		{"Base embed shows nothing", "Meetings:\n\n![[Meetings.base#Person]]\n\nend", "<p>Meetings:</p>\n<p>end</p>"},
		{"Base embed in text", "See ![[Daily.base]] here", "<p>See  here</p>"},
		{"image embed the site has no copy of", "![[card.png]]", `<p><span class="broken-link missing-image" title="No image is called card.png">card.png</span></p>`},
		{"pdf embed left alone", "![[slides.pdf]]", `<p>![[slides.pdf]]</p>`},
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

// FuzzObsidianMarkdown renders callouts, block ids, embeds and links to
// notes: no panic, nothing unescaped, and the converter without linkify
// agrees with the full one.
func FuzzObsidianMarkdown(f *testing.F) {
	for _, s := range []string{
		"> [!note] T <b>\n> body ^id1\n", "> [!x]-\n", "> > [!tip] nested\n> > x\n", "![[Dana]] ![[a.png]] ![[", "[d](Dana.md) [e](../x/%ZZ.md#h)",
		"- a ^b\n\n^c\n", "> [!note] [[Dana|D]] *em*\n> line\n>\n> - list ^x\n",
	} {
		f.Add(s)
	}
	md := NewMarkdown(fakeResolver{"dana": "../people/dana/"})
	f.Fuzz(func(t *testing.T, src string) {
		b := []byte(src)
		var full, plain bytes.Buffer
		if err := md.md.Convert(b, &full); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(full.String()), "<script") || strings.Contains(full.String(), "<b>") {
			t.Fatalf("markup passed through: %s", full.String())
		}
		if md.converter(b) != md.plain {
			return
		}
		if err := md.plain.Convert(b, &plain); err != nil {
			t.Fatal(err)
		}
		if full.String() != plain.String() {
			t.Fatalf("got %q, want %q", plain.String(), full.String())
		}
	})
}
