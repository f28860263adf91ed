package content

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// MaxAttachmentSize is the largest image kith copies into a site, in bytes:
// a photo from a phone is a few megabytes; anything bigger is most likely
// not meant for a page.
const MaxAttachmentSize = 20 << 20

// ObsidianConfig is where Obsidian keeps a vault's settings, among them the
// folder new attachments go to (attachmentFolderPath).
const ObsidianConfig = ".obsidian/app.json"

// imageExts are the kinds of image kith copies into a site.
var imageExts = []string{".gif", ".jpeg", ".jpg", ".png", ".webp"}

// IsImage reports whether a file name is one of the images kith copies into
// a site: png, jpg, jpeg, gif or webp, in any case.
func IsImage(name string) bool {
	return slices.Contains(imageExts, strings.ToLower(path.Ext(name)))
}

// Image is an image a note embeds: ![[card.png]], ![[card.png|200]],
// ![](attachments/card.png) or ![alt](card%20photo.jpg).
type Image struct {
	Target string // the file as written, %-escapes decoded
	Line   int    // the file line of the embed
	Wiki   bool   // written ![[target]]: Obsidian also finds it by its file name alone
}

var (
	wikiImageRe = regexp.MustCompile(`!\[\[([^\[\]\n]+?)\]\]`)
	mdImageRe   = regexp.MustCompile(`!\[[^\]\n]*\]\(\s*(<[^>\n]*>|[^()\s]+)(?:\s+"[^"\n]*")?\s*\)`)
)

// ImageTarget reads the destination of a Markdown image as a file in the
// journal ("card%20photo.jpg" is card photo.jpg, "<card photo.jpg>" too). It
// reports false for a remote image (https://...) or one that is not a
// png, jpg, jpeg, gif or webp file.
func ImageTarget(dest string) (string, bool) {
	dest = strings.TrimSpace(dest)
	if strings.HasPrefix(dest, "<") && strings.HasSuffix(dest, ">") {
		dest = dest[1 : len(dest)-1]
	}
	if strings.Contains(dest, ":") || strings.HasPrefix(dest, "//") {
		return "", false // remote, or a data: URL: never copied, never shown
	}
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	p, err := url.PathUnescape(dest)
	if err != nil || p == "" || strings.Contains(p, "\n") || !IsImage(p) {
		return "", false
	}
	return p, true
}

// WikiImageTarget reads an embed's inner text (card.png|200) as an image
// file, reporting false when it names something else.
func WikiImageTarget(inner string) (string, bool) {
	t, _ := ParseWikilink(inner)
	if t == "" || !IsImage(t) {
		return "", false
	}
	return t, true
}

// scanImages finds the images a line embeds, outside code spans.
func scanImages(l string, line int) []Image {
	if !strings.Contains(l, "![") {
		return nil
	}
	var out []Image
	for _, m := range wikiImageRe.FindAllStringSubmatch(l, -1) {
		if t, ok := WikiImageTarget(m[1]); ok {
			out = append(out, Image{Target: t, Line: line, Wiki: true})
		}
	}
	for _, m := range mdImageRe.FindAllStringSubmatch(l, -1) {
		if t, ok := ImageTarget(m[1]); ok {
			out = append(out, Image{Target: t, Line: line})
		}
	}
	return out
}

// Attachments finds the images notes embed, where Obsidian finds them: the
// path as written relative to the note's folder, then relative to the
// journal folder, then in the attachment folder .obsidian/app.json names,
// then (for ![[name]]) any file of that name in the journal, the shortest
// path winning. Only files inside the journal are found: hidden folders
// (.obsidian, .git) are never looked in. It is safe for concurrent use.
type Attachments struct {
	fsys   fs.FS
	folder string // attachmentFolderPath as Obsidian writes it: "", "/", "./", "./sub" or "sub"

	once   sync.Once
	byName map[string][]string // lowercased file name → journal paths, shortest first
	err    error
}

// NewAttachments prepares to find the images of the journal fsys.
func NewAttachments(fsys fs.FS) *Attachments {
	a := &Attachments{fsys: fsys}
	if data, err := fs.ReadFile(fsys, ObsidianConfig); err == nil && len(data) < MaxNoteSize {
		var app struct {
			AttachmentFolderPath string `json:"attachmentFolderPath"`
		}
		if json.Unmarshal(data, &app) == nil {
			a.folder = strings.TrimSpace(app.AttachmentFolderPath)
		}
	}
	return a
}

// Folder is the journal folder .obsidian/app.json names for attachments
// (attachmentFolderPath), or "" when it names none, the vault folder, or a
// folder relative to each note ("./assets").
func (a *Attachments) Folder() string {
	f := a.folder
	if f == "" || f == "/" || f == "." || strings.HasPrefix(f, "./") {
		return ""
	}
	c := path.Clean(strings.Trim(f, "/"))
	if !fs.ValidPath(c) || c == "." || Ignored(c) {
		return ""
	}
	return c
}

// Find returns the journal path of the image a note embeds, or false.
func (a *Attachments) Find(note string, im Image) (string, bool) {
	dir := path.Dir(note)
	try := []string{path.Join(dir, im.Target), im.Target}
	switch f := a.folder; {
	case f == "" || f == "/":
	case f == "." || f == "./" || strings.HasPrefix(f, "./"):
		try = append(try, path.Join(dir, f, im.Target))
	default:
		try = append(try, path.Join(f, im.Target))
	}
	for _, p := range try {
		p = path.Clean(p)
		if !fs.ValidPath(p) || Ignored(p) {
			continue // leaves the journal, or hidden
		}
		if st, err := fs.Stat(a.fsys, p); err == nil && !st.IsDir() {
			return p, true
		}
	}
	if !im.Wiki {
		return "", false
	}
	a.once.Do(a.index)
	if ps := a.byName[strings.ToLower(path.Base(im.Target))]; len(ps) > 0 {
		if strings.Contains(im.Target, "/") { // ![[sub/card.png]]: a path ending so
			for _, p := range ps {
				if strings.HasSuffix(strings.ToLower(p), "/"+strings.ToLower(im.Target)) {
					return p, true
				}
			}
			return "", false
		}
		return ps[0], true
	}
	return "", false
}

// index lists every image of the journal by file name, outside hidden
// folders, shortest path first (then by path, for a stable choice).
func (a *Attachments) index() {
	a.byName = map[string][]string{}
	a.err = fs.WalkDir(a.fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil // unreadable: its images are reported missing
		}
		if p != "." && Ignored(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && IsImage(p) {
			k := strings.ToLower(path.Base(p))
			a.byName[k] = append(a.byName[k], p)
		}
		return nil
	})
	for _, ps := range a.byName {
		slices.SortFunc(ps, func(x, y string) int {
			if len(x) != len(y) {
				return len(x) - len(y)
			}
			return strings.Compare(x, y)
		})
	}
}

// Found is an image found for a note: the note embeds Target and it is the
// journal file Path.
type Found struct {
	Note, Target, Path string
	Wiki               bool // embedded as ![[Target]]
}

// Resolve finds the images the note at the journal path note embeds. For
// each it cannot find, or will not copy, it returns a warning naming the
// note and the line of the embed.
func (a *Attachments) Resolve(note string, ims []Image) ([]Found, Problems) {
	var found []Found
	var probs Problems
	for _, im := range ims {
		p, ok := a.Find(note, im)
		if !ok {
			probs = append(probs, Problem{Path: note, Line: im.Line, Severity: Warning,
				Message: fmt.Sprintf("the image %q is not in the journal; put it next to the note or in the attachments folder, or fix the name", im.Target)})
			continue
		}
		if err := checkAttachment(a.fsys, p); err != nil {
			probs = append(probs, Problem{Path: note, Line: im.Line, Severity: Warning,
				Message: fmt.Sprintf("the image %s is not copied: %v", p, err)})
			continue
		}
		found = append(found, Found{Note: note, Target: im.Target, Path: p, Wiki: im.Wiki})
	}
	return found, probs
}

// checkAttachment says why the image at p would not be copied, without
// reading it: a link leaving the journal, not a regular file, too large.
func checkAttachment(fsys fs.FS, p string) error {
	t, err := attachmentTarget(fsys, p)
	if err != nil {
		return err
	}
	fi, err := fs.Stat(fsys, t)
	if err != nil {
		return plainErr(err)
	}
	return attachmentMode(fi)
}

func attachmentTarget(fsys fs.FS, p string) (string, error) {
	t, err := resolveInside(fsys, p)
	switch {
	case errors.Is(err, errOutside):
		return "", errors.New("a symbolic link leading outside the journal; kith copies only files inside it")
	case errors.Is(err, errLinkLoop):
		return "", errors.New("a loop of symbolic links")
	case err != nil:
		return "", plainErr(err)
	}
	return t, nil
}

func attachmentMode(fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s, not an image file", modeName(fi.Mode()))
	}
	if fi.Size() > MaxAttachmentSize {
		return fmt.Errorf("%d bytes, larger than the %s an image may be; make it smaller", fi.Size(), sizeText(MaxAttachmentSize))
	}
	return nil
}

// ReadAttachment reads the image at the journal path p as kith reads notes:
// only a regular file (or a symbolic link to one that stays inside the
// journal) of at most MaxAttachmentSize bytes. The error says why, without
// the path, for a message that names the note embedding it.
func ReadAttachment(fsys fs.FS, p string) ([]byte, error) {
	t, err := attachmentTarget(fsys, p)
	if err != nil {
		return nil, err
	}
	f, err := fsys.Open(t)
	if err != nil {
		return nil, plainErr(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, plainErr(err)
	}
	if err := attachmentMode(fi); err != nil { // checked again: replaced since
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxAttachmentSize+1))
	if err != nil {
		return nil, plainErr(err)
	}
	if len(data) > MaxAttachmentSize {
		return nil, fmt.Errorf("larger than the %s an image may be; make it smaller", sizeText(MaxAttachmentSize))
	}
	return data, nil
}
