package render

import (
	"path"
	"strings"
	"testing"

	"kith/generator/content"
)

// imageResolver knows the images of one note folder, as a site would.
type imageResolver struct{ fakeResolver }

func (imageResolver) Image(note string, im content.Image) (ImageSrc, bool) {
	files := map[string]string{
		"People/card.png":        "../../files/card.png",
		"People/card photo.jpg":  "../../files/card-photo.jpg",
		"attachments/badge.webp": "../../files/badge.webp",
	}
	if src, ok := files[path.Dir(note)+"/"+im.Target]; ok {
		return ImageSrc{Src: src}, true
	}
	if src, ok := files[im.Target]; ok {
		return ImageSrc{Src: src}, true
	}
	if im.Wiki && im.Target == "badge.webp" { // found by name anywhere
		return ImageSrc{Src: files["attachments/badge.webp"]}, true
	}
	if im.Target == "secret.png" {
		return ImageSrc{Src: "../../x9k2", Sealed: "x9k2"}, true
	}
	return ImageSrc{}, false
}

func TestImages(t *testing.T) {
	md := NewMarkdown(imageResolver{fakeResolver{"dana": "../../people/dana/"}})
	tests := []struct{ name, in, want string }{
		{"wiki embed", "![[card.png]]", `<p><img src="../../files/card.png" alt="card"></p>`},
		{"wiki embed with width", "![[card.png|200]]", `<p><img src="../../files/card.png" alt="card" width="200"></p>`},
		{"wiki embed with width and height", "![[card.png|200x100]]", `<p><img src="../../files/card.png" alt="card" width="200" height="100"></p>`},
		{"wiki embed with alt text", "![[card.png|Dana's card]]", `<p><img src="../../files/card.png" alt="Dana's card"></p>`},
		{"wiki embed found by name", "![[badge.webp]]", `<p><img src="../../files/badge.webp" alt="badge"></p>`},
		{"markdown image", "![Badge](attachments/badge.webp)", `<p><img src="../../files/badge.webp" alt="Badge"></p>`},
		{"markdown image with escapes", "![alt](card%20photo.jpg)", `<p><img src="../../files/card-photo.jpg" alt="alt"></p>`},
		{"markdown image in angle brackets", "![alt](<card photo.jpg>)", `<p><img src="../../files/card-photo.jpg" alt="alt"></p>`},
		{"missing wiki embed", "![[gone.png]]", `<p><span class="broken-link missing-image" title="No image is called gone.png">gone.png</span></p>`},
		{"missing markdown image", "![A photo](gone.png)", `<p><span class="broken-link missing-image" title="No image is called gone.png">A photo</span></p>`},
		{"remote image never loads", "![tracker](https://example.com/t.png)", `<p><span class="broken-link missing-image" title="No image is called https://example.com/t.png">tracker</span></p>`},
		{"alt text escaped, raw HTML dropped", `![<b>x</b> "q" & a](gone.png)`, `<p><span class="broken-link missing-image" title="No image is called gone.png">x &quot;q&quot; &amp; a</span></p>`},
		{"name escaped", `![[a"><script>.png]]`, `<p><span class="broken-link missing-image" title="No image is called a&quot;&gt;&lt;script&gt;.png">a&quot;&gt;&lt;script&gt;.png</span></p>`},
		{"sealed image", "![[secret.png|300]]", `<p><img src="" alt="secret" data-kith-sealed="x9k2" width="300"></p>`},
		{"sealed markdown image", "![s](secret.png \"t\")", `<p><img src="" alt="s" title="t" data-kith-sealed="x9k2"></p>`},
		{"in code", "`![[card.png]]`", `<p><code>![[card.png]]</code></p>`},
		{"with a link", "![[card.png]] for [[Dana]]", `<p><img src="../../files/card.png" alt="card"> for <a class="wikilink" href="../../people/dana/">Dana</a></p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := md.NoteBody("People/Dana.md", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(string(got)) != tt.want {
				t.Errorf("got  %s\nwant %s", strings.TrimSpace(string(got)), tt.want)
			}
		})
	}
}

// TestImagesNeedTheNote checks that images are found relative to the note
// rendered: another note's folder does not have them.
func TestImagesNeedTheNote(t *testing.T) {
	md := NewMarkdown(imageResolver{fakeResolver{}})
	got, err := md.NoteBody("Meetings/Coffee.md", []byte("![](card.png)"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "<img") {
		t.Errorf("got %s, want no image", got)
	}
}
