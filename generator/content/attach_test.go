package content

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestScanImages(t *testing.T) {
	tests := []struct {
		name, body string
		want       []Image
	}{
		{"wiki embed", "See ![[card.png]] here.", []Image{{Target: "card.png", Line: 1, Wiki: true}}},
		{"wiki embed with width", "![[card.png|200]]", []Image{{Target: "card.png", Line: 1, Wiki: true}}},
		{"wiki embed in a folder", "![[attachments/Card Photo.JPG]]", []Image{{Target: "attachments/Card Photo.JPG", Line: 1, Wiki: true}}},
		{"markdown image", "![](attachments/card.png)", []Image{{Target: "attachments/card.png", Line: 1}}},
		{"escaped name", "![alt](card%20photo.jpg)", []Image{{Target: "card photo.jpg", Line: 1}}},
		{"angle brackets and a title", `![alt](<card photo.webp> "Card")`, []Image{{Target: "card photo.webp", Line: 1}}},
		{"second line", "Hello\n![a](b.gif) and ![[c.jpeg]]", []Image{{Target: "c.jpeg", Line: 2, Wiki: true}, {Target: "b.gif", Line: 2}}},
		{"remote image", "![x](https://example.com/a.png)", nil},
		{"data url", "![x](data:image/png;base64,AAAA)", nil},
		{"a note embed", "![[Dana Okafor]]", nil},
		{"a pdf", "![[slides.pdf]] ![x](slides.pdf)", nil},
		{"in a code span", "`![[card.png]]` and `![](a.png)`", nil},
		{"in a fence", "```\n![[card.png]]\n```\n", nil},
		{"a link, not an image", "[card](card.png)", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := scanBody(nil, []byte(tc.body), 1).Images
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseKeepsImagesOutOfPrivateText(t *testing.T) {
	src := "---\nname: Dana\n---\nDana.\n\n![[card.png]]\n%% ![[secret.png]] %%\n```private\n![](hidden.jpg)\n```\n"
	doc, _ := ParseKind("content/people/Dana.md", PersonFile, []byte(src))
	got := doc.Person.Body.Images
	want := []Image{{Target: "card.png", Line: 6, Wiki: true}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestAttachmentsFind(t *testing.T) {
	png := &fstest.MapFile{Data: []byte("\x89PNG")}
	fsys := fstest.MapFS{
		"People/Dana.md":                 {Data: []byte("x")},
		"People/dana.png":                png,
		"People/sub/near.png":            png,
		"attachments/card.png":           png,
		"attachments/deep/dup.png":       png,
		"Other/dup.png":                  png,
		"Files/in-folder.jpg":            png,
		".obsidian/hidden.png":           png,
		".obsidian/app.json":             {Data: []byte(`{"attachmentFolderPath": "Files"}`)},
		"People/.trash/gone.png":         png,
		"Meetings/2026/Coffee.md":        {Data: []byte("x")},
		"Meetings/2026/assets/local.gif": png,
	}
	a := NewAttachments(fsys)
	tests := []struct {
		name, note string
		im         Image
		want       string // "" for not found
	}{
		{"next to the note", "People/Dana.md", Image{Target: "dana.png"}, "People/dana.png"},
		{"relative to the note", "People/Dana.md", Image{Target: "sub/near.png"}, "People/sub/near.png"},
		{"relative to the journal", "People/Dana.md", Image{Target: "attachments/card.png"}, "attachments/card.png"},
		{"in the attachment folder", "People/Dana.md", Image{Target: "in-folder.jpg"}, "Files/in-folder.jpg"},
		{"by name anywhere", "Meetings/2026/Coffee.md", Image{Target: "card.png", Wiki: true}, "attachments/card.png"},
		{"by name: shortest path wins", "People/Dana.md", Image{Target: "dup.png", Wiki: true}, "Other/dup.png"},
		{"by name, any case", "People/Dana.md", Image{Target: "CARD.PNG", Wiki: true}, "attachments/card.png"},
		{"by path ending", "People/Dana.md", Image{Target: "deep/dup.png", Wiki: true}, "attachments/deep/dup.png"},
		{"a Markdown image is not found by name", "People/Dana.md", Image{Target: "card.png"}, ""},
		{"not leaving the journal", "People/Dana.md", Image{Target: "../../etc/x.png"}, ""},
		{"not in a hidden folder", "People/Dana.md", Image{Target: ".obsidian/hidden.png"}, ""},
		{"not by name in a hidden folder", "People/Dana.md", Image{Target: "gone.png", Wiki: true}, ""},
		{"relative to a nested note", "Meetings/2026/Coffee.md", Image{Target: "assets/local.gif"}, "Meetings/2026/assets/local.gif"},
		{"missing", "People/Dana.md", Image{Target: "nobody.png", Wiki: true}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := a.Find(tc.note, tc.im)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("got %q, %v, want %q", got, ok, tc.want)
			}
		})
	}
}

func TestAttachmentFolderRelativeToNote(t *testing.T) {
	fsys := fstest.MapFS{
		"People/Dana.md":         {Data: []byte("x")},
		"People/assets/card.png": {Data: []byte("x")},
		".obsidian/app.json":     {Data: []byte(`{"attachmentFolderPath": "./assets"}`)},
	}
	if got, ok := NewAttachments(fsys).Find("People/Dana.md", Image{Target: "card.png"}); got != "People/assets/card.png" || !ok {
		t.Errorf("got %q, %v, want People/assets/card.png", got, ok)
	}
}

func TestResolveWarns(t *testing.T) {
	fsys := fstest.MapFS{
		"People/Dana.md":    {Data: []byte("x")},
		"People/card.png":   {Data: []byte("x")},
		"People/huge.png":   {Data: make([]byte, MaxAttachmentSize+1)},
		"People/folder.png": {Mode: os.ModeDir},
	}
	found, probs := NewAttachments(fsys).Resolve("People/Dana.md", []Image{
		{Target: "card.png", Line: 4}, {Target: "gone.png", Line: 7, Wiki: true}, {Target: "huge.png", Line: 9}, {Target: "folder.png", Line: 11},
	})
	if want := []Found{{Note: "People/Dana.md", Target: "card.png", Path: "People/card.png"}}; !slices.Equal(found, want) {
		t.Errorf("got found %+v, want %+v", found, want)
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.Error())
	}
	want := []string{
		`People/Dana.md:7: warning: the image "gone.png" is not in the journal`,
		`People/Dana.md:9: warning: the image People/huge.png is not copied: 20971521 bytes, larger than the 20 MB an image may be`,
		`People/Dana.md:11: warning: the image "folder.png" is not in the journal`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems %q, want %d", len(got), got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got %q, want it to start %q", got[i], want[i])
		}
	}
}

func TestReadAttachment(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "card.png"), []byte("png bytes"), 0o644))
	must(os.WriteFile(filepath.Join(outside, "secret.png"), []byte("secret"), 0o644))
	must(os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(dir, "abs.png")))
	must(os.Symlink("../"+filepath.Base(outside)+"/secret.png", filepath.Join(dir, "rel.png")))
	must(os.Symlink("card.png", filepath.Join(dir, "inside.png")))
	fsys := os.DirFS(dir)
	tests := []struct {
		name, path, want, err string
	}{
		{"a file", "card.png", "png bytes", ""},
		{"a link inside", "inside.png", "png bytes", ""},
		{"an absolute link out", "abs.png", "", "outside the journal"},
		{"a relative link out", "rel.png", "", "outside the journal"},
		{"missing", "none.png", "", "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadAttachment(fsys, tc.path)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("got error %v, want one saying %q", err, tc.err)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Errorf("got %q, %v, want %q", got, err, tc.want)
			}
		})
	}
}

func TestAttachmentsFolder(t *testing.T) {
	tests := []struct{ app, want string }{
		{`{"attachmentFolderPath": "Attachments"}`, "Attachments"},
		{`{"attachmentFolderPath": "Files/Images/"}`, "Files/Images"},
		{`{"attachmentFolderPath": "/"}`, ""},
		{`{"attachmentFolderPath": "./assets"}`, ""},
		{`{"attachmentFolderPath": "../outside"}`, ""},
		{`{"attachmentFolderPath": ".hidden"}`, ""},
		{`{}`, ""},
		{`not json`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.app, func(t *testing.T) {
			fsys := fstest.MapFS{ObsidianConfig: {Data: []byte(tc.app)}}
			if got := NewAttachments(fsys).Folder(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
