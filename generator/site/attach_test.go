package site

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"kith/generator/content"
	"kith/generator/page"
)

const vaultJournal = "../../testdata/golden/vault/journal"

// TestImageWarnings checks that an image the journal does not have is a
// warning naming the note and the line, and the build goes on.
func TestImageWarnings(t *testing.T) {
	s, _, err := Load(context.Background(), options(os.DirFS(vaultJournal)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.ImageProblems() {
		got = append(got, p.Error())
	}
	want := []string{`Daily/2026-04-02.md:6: warning: the image "rota-scan.png" is not in the journal; put it next to the note or in the attachments folder, or fix the name`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if !slices.ContainsFunc(s.J.Problems.Warnings(), func(p content.Problem) bool { return p.Error() == want[0] }) {
		t.Errorf("got warnings %v, want them to include the missing image", s.J.Problems.Warnings())
	}
}

// TestImageAddresses checks where images are written, that two images
// whose names make one slug get two files, and that an image only a
// private note or private text embeds is not copied.
func TestImageAddresses(t *testing.T) {
	png := &fstest.MapFile{Data: []byte("\x89PNG one")}
	fsys := fstest.MapFS{
		"content/people/Dana.md":              {Data: []byte("---\nname: Dana\n---\n![[Card Photo.PNG]] ![](card-photo.png) ![](../../secret.png) ![](.hidden/x.png)\n")},
		"content/people/Card Photo.PNG":       png,
		"content/people/card-photo.png":       {Data: []byte("\x89PNG two")},
		"content/people/notes/unused.png":     png,
		"content/people/Hidden.md":            {Data: []byte("---\nname: Hidden\nprivate: true\n---\n![[secret.png]]\n")},
		"content/people/secret.png":           png,
		"content/people/Lee.md":               {Data: []byte("---\nname: Lee\n---\n%% ![[secret.png]] %%\n```private\n![](secret.png)\n```\n")},
		"content/entries/2026-01-02-lunch.md": {Data: []byte("---\ndate: 2026-01-02\nwith: [Dana]\n---\n![[Card Photo.PNG|50]]\n")},
	}
	s, _, err := Load(context.Background(), options(fsys))
	if err != nil {
		t.Fatal(err)
	}
	var images []string
	for _, f := range s.Files() {
		if strings.HasPrefix(f, page.Files) {
			images = append(images, f)
		}
	}
	if want := []string{"files/content/people/card-photo-2.png", "files/content/people/card-photo.png"}; !slices.Equal(images, want) {
		t.Errorf("got images %q, want %q", images, want)
	}
	page, err := s.File("people/dana/index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<img src="../../files/content/people/card-photo.png" alt="Card Photo">`, `<img src="../../files/content/people/card-photo-2.png" alt="">`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("people/dana/: got no %s", want)
		}
	}
	if got, err := s.File("files/content/people/card-photo.png"); err != nil || string(got) != "\x89PNG one" {
		t.Errorf("got %q, %v, want the image's bytes", got, err)
	}
	if len(s.ImageProblems()) != 2 {
		t.Errorf("got %v, want warnings for the image outside the journal and the hidden one", s.ImageProblems())
	}
}

// TestEncryptedImages checks that an encrypted site seals its images under
// opaque names: no image's bytes and no image's name appear in clear, and
// each page names the sealed file its image opens from.
func TestEncryptedImages(t *testing.T) {
	enc := testEncryption(t)
	opt := options(os.DirFS(vaultJournal))
	opt.Encrypt = enc
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), opt, dest); err != nil {
		t.Fatal(err)
	}
	out := readTree(t, dest)
	images := map[string][]byte{}
	for _, name := range []string{"amara-card.png", "Harbor Photo.jpg"} {
		b, err := os.ReadFile(filepath.Join(vaultJournal, "Attachments", name))
		if err != nil {
			t.Fatal(err)
		}
		images[name] = b
	}
	for f, b := range out {
		for name, img := range images {
			if bytes.Contains(b, img[:min(len(img), 64)]) {
				t.Errorf("%s: holds the bytes of %s in clear", f, name)
			}
		}
		for _, word := range []string{"amara-card", "harbor-photo", "Harbor Photo", "files/"} {
			if strings.Contains(f, word) {
				t.Errorf("%s: the file name tells %q", f, word)
			}
		}
	}
	shell := out["index.html"]
	if shell == nil {
		t.Fatal("no index.html")
	}
	// The person's page, unsealed, names the sealed image; the image opens.
	name := enc.Key.OpaqueName("people/amara-osei/") + "/index.html"
	plain, _ := openShell(t, enc.Key, name, out[name])
	m := regexp.MustCompile(`<img src="" alt="amara-card" data-kith-sealed="([^"]+)" width="120">`).FindSubmatch(plain)
	if m == nil {
		t.Fatalf("%s: no sealed image in %s", name, plain)
	}
	sealed := out[string(m[1])]
	if sealed == nil {
		t.Fatalf("%s: the sealed image %s is not in the site", name, m[1])
	}
	got, err := enc.Key.Open(string(m[1]), sealed)
	if err != nil || !bytes.Equal(got, images["amara-card.png"]) {
		t.Errorf("opening %s: got %d bytes, %v, want the image", m[1], len(got), err)
	}
}
