package render

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"kith/generator/content"
)

// This file shows the images notes embed (![[card.png|200]],
// ![alt](card%20photo.jpg)) from the site's copy of them. An image the
// journal does not have, and a remote one, are never shown: kith's pages
// load nothing from elsewhere.

// ImageResolver gives the address of an image a note embeds, or ok=false
// when the site has no copy of it. A Resolver that is also an
// ImageResolver shows images.
type ImageResolver interface {
	Image(note string, im content.Image) (src ImageSrc, ok bool)
}

// ImageSrc is where a page finds an image.
type ImageSrc struct {
	Src string // relative to the page being rendered
	// Sealed, on an encrypted site, is the name of the sealed image from
	// the site root, which the unlock script opens and shows; Src is then
	// unused, so that the browser never loads the sealed bytes as an image.
	Sealed string
}

// noteKey carries the journal path of the note being rendered, which
// images are found relative to.
var noteKey = parser.NewContextKey()

// images points the images of a note at the site's copies of them.
type images struct{ r Resolver }

func (t images) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	if !bytes.Contains(source, []byte("![")) {
		return // most notes: nothing to do, and no walk over the tree
	}
	ir, _ := t.r.(ImageResolver)
	note, _ := pc.Get(noteKey).(string)
	var imgs []*ast.Image
	var embeds []*Wikilink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			imgs = append(imgs, n)
		case *Wikilink:
			if n.Image {
				embeds = append(embeds, n)
			}
		}
		return ast.WalkContinue, nil
	})
	resolve := func(im content.Image) (ImageSrc, bool) {
		if ir == nil {
			return ImageSrc{}, false
		}
		return ir.Image(note, im)
	}
	for _, n := range imgs {
		target, ok := content.ImageTarget(string(n.Destination))
		var src ImageSrc
		if ok {
			src, ok = resolve(content.Image{Target: target})
		}
		if !ok {
			// Remote, not an image, or missing: its alt text stands in.
			alt := altText(n, source)
			if target == "" {
				target = string(n.Destination)
			}
			missing := &Wikilink{Target: target, Label: alt, Image: true}
			n.Parent().ReplaceChild(n.Parent(), n, missing)
			continue
		}
		setSrc(n, src)
	}
	for _, w := range embeds {
		src, ok := resolve(content.Image{Target: w.Target, Wiki: true})
		if !ok {
			continue // rendered as a missing image
		}
		img := ast.NewImage(ast.NewLink())
		setSrc(img, src)
		alt := w.Label
		if wd, ht, ok := imageSize(w.Label); ok {
			img.SetAttributeString("width", []byte(wd))
			if ht != "" {
				img.SetAttributeString("height", []byte(ht))
			}
			alt = ""
		}
		if alt == "" {
			alt = strings.TrimSuffix(w.Target, pathExt(w.Target))
			if i := strings.LastIndexByte(alt, '/'); i >= 0 {
				alt = alt[i+1:]
			}
		}
		img.AppendChild(img, ast.NewString([]byte(alt)))
		w.Parent().ReplaceChild(w.Parent(), w, img)
	}
}

// setSrc points an image at where the page finds it.
func setSrc(n *ast.Image, src ImageSrc) {
	n.Destination = []byte(src.Src)
	if src.Sealed != "" {
		n.Destination = nil
		n.SetAttributeString("data-kith-sealed", []byte(src.Sealed))
	}
}

// imageSize reads Obsidian's size of an embedded image: "200" or "200x100".
func imageSize(label string) (width, height string, ok bool) {
	w, h, two := strings.Cut(label, "x")
	if _, err := strconv.ParseUint(w, 10, 16); err != nil || w == "" {
		return "", "", false
	}
	if two {
		if _, err := strconv.ParseUint(h, 10, 16); err != nil {
			return "", "", false
		}
		return w, h, true
	}
	return w, "", true
}

func pathExt(p string) string {
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') {
		return p[i:]
	}
	return ""
}

// altText is the text of a node's children, as an image's alt.
func altText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		default:
			b.WriteString(altText(c, src))
		}
	}
	return b.String()
}
