// Package render turns the journal model into bytes: Markdown bodies through
// goldmark (with [[wikilinks]], and with raw HTML dropped) and pages through
// the html/template theme, which a journal may override file by file.
package render

import (
	"bytes"
	"html/template"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kith/generator/content"
)

// Resolver gives the address of a [[wikilink]] target, as an href relative
// to the page being rendered, or ok=false when the link names no one.
type Resolver interface {
	Wikilink(target string) (href string, ok bool)
}

// Markdown converts note bodies to HTML. It is safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown // GitHub Flavored Markdown with footnotes and [[wikilinks]]
	// plain is md without linkify, for the many notes with no URL, "www."
	// or e-mail address in them: linkify tries every space of a note and
	// finds nothing there, so plain renders the same HTML faster.
	plain goldmark.Markdown
}

// NewMarkdown makes a converter whose wikilinks resolve through r. Raw HTML
// in notes is never passed through, and dangerous link schemes are dropped.
func NewMarkdown(r Resolver) *Markdown {
	md := func(exts ...goldmark.Extender) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithExtensions(exts...),
			goldmark.WithParserOptions(
				parser.WithInlineParsers(util.Prioritized(wikiParser{}, 199)),
				parser.WithASTTransformers(util.Prioritized(headingShift{}, 100),
					util.Prioritized(obsidianBlocks{}, 110), util.Prioritized(noteLinks{r}, 120),
					util.Prioritized(images{r}, 130)),
			),
			goldmark.WithRendererOptions(
				renderer.WithNodeRenderers(util.Prioritized(&wikiRenderer{r: r}, 100),
					util.Prioritized(calloutRenderer{}, 100)),
			),
		)
	}
	return &Markdown{
		md:    md(extension.GFM, extension.Footnote),
		plain: md(linkifyTriggers{}, extension.Table, extension.Strikethrough, extension.TaskList, extension.Footnote),
	}
}

// linkifyTriggers stands in for linkify where it cannot match: an inline
// parser on linkify's trigger characters that never parses anything. Its
// triggers split a line's text where linkify's do, so that the HTML is
// byte for byte the same (without them, spaces before a hard line break
// come out differently); FuzzPlainMarkdown checks it.
type linkifyTriggers struct{}

func (linkifyTriggers) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(linkifyTriggers{}, 999)))
}

func (linkifyTriggers) Trigger() []byte { return []byte{' ', '*', '_', '~', '('} }

func (linkifyTriggers) Parse(ast.Node, text.Reader, parser.Context) ast.Node { return nil }

// converter returns the converter for src: plain when linkify could not
// match anything in it (it needs "://", "www." or an "@").
func (m *Markdown) converter(src []byte) goldmark.Markdown {
	if bytes.Contains(src, []byte("://")) || bytes.Contains(src, []byte("www.")) || bytes.IndexByte(src, '@') >= 0 {
		return m.md
	}
	return m.plain
}

// Body renders a whole note body.
func (m *Markdown) Body(src []byte) (template.HTML, error) {
	var buf bytes.Buffer
	if err := m.WriteBody(&buf, src); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // #nosec: goldmark escapes and drops raw HTML
}

// WriteBody renders a whole note body at the end of buf. A body whose
// lists or quotes nest deeper than content.MaxListDepth is shown as plain
// text instead: goldmark's time grows with the square of the depth, and
// content warns about such a note.
func (m *Markdown) WriteBody(buf *bytes.Buffer, src []byte) error {
	return m.WriteNote(buf, "", src)
}

// NoteBody renders the body of the note at the journal path note, whose
// embedded images are found relative to it.
func (m *Markdown) NoteBody(note string, src []byte) (template.HTML, error) {
	var buf bytes.Buffer
	if err := m.WriteNote(&buf, note, src); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // #nosec: goldmark escapes and drops raw HTML
}

// WriteNote is WriteBody for the body of the note at the journal path
// note, whose embedded images are found relative to it.
func (m *Markdown) WriteNote(buf *bytes.Buffer, note string, src []byte) error {
	if tooDeep(src) {
		writePlain(buf, src)
		return nil
	}
	if note == "" || bytes.IndexByte(src, '!') < 0 {
		return m.converter(src).Convert(src, bufWriter{buf})
	}
	pc := parser.NewContext()
	pc.Set(noteKey, note)
	return m.converter(src).Convert(src, bufWriter{buf}, parser.WithContext(pc))
}

// tooDeep reports whether src nests too deeply to go through goldmark.
func tooDeep(src []byte) bool {
	depth, _ := content.ListDepth(src)
	return depth > content.MaxListDepth
}

// writePlain writes src as escaped preformatted text.
func writePlain(buf *bytes.Buffer, src []byte) {
	buf.WriteString(`<pre class="too-deep">`)
	buf.Write(util.EscapeHTML(src))
	buf.WriteString("</pre>\n")
}

// Inline renders one line of Markdown, such as a log line, without the
// paragraph around it.
func (m *Markdown) Inline(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := m.WriteInline(&buf, src); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // #nosec: goldmark escapes and drops raw HTML
}

// WriteInline renders one line of Markdown at the end of buf, without the
// paragraph around it.
func (m *Markdown) WriteInline(buf *bytes.Buffer, src string) error {
	start := buf.Len()
	b := []byte(src)
	if tooDeep(b) {
		buf.Write(util.EscapeHTML(b))
		return nil
	}
	if err := m.converter(b).Convert(b, bufWriter{buf}); err != nil {
		return err
	}
	out := bytes.TrimSpace(buf.Bytes()[start:])
	out = bytes.TrimPrefix(out, []byte("<p>"))
	out = bytes.TrimSuffix(out, []byte("</p>"))
	n := copy(buf.Bytes()[start:], out)
	buf.Truncate(start + n)
	return nil
}

// bufWriter lets goldmark write straight into a bytes.Buffer; given a plain
// io.Writer it would allocate a 4 KiB bufio.Writer for every conversion.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }

func (bufWriter) Flush() error { return nil }

// KindWikilink is the AST kind of a [[wikilink]].
var KindWikilink = ast.NewNodeKind("Wikilink")

// Wikilink is a [[target|label]] link in a note body, or an embed
// ![[target]], which is shown as a link to the note.
type Wikilink struct {
	ast.BaseInline
	Target string
	Label  string
	Embed  bool
	Image  bool // an embedded image: shown as one, or as missing (see images)
}

// Kind implements ast.Node.
func (n *Wikilink) Kind() ast.NodeKind { return KindWikilink }

// Dump implements ast.Node.
func (n *Wikilink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Target": n.Target, "Label": n.Label}, nil)
}

type wikiParser struct{}

func (wikiParser) Trigger() []byte { return []byte{'[', '!'} }

func (wikiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	embed := bytes.HasPrefix(line, []byte("![["))
	if embed {
		line = line[1:]
	}
	if !bytes.HasPrefix(line, []byte("[[")) {
		return nil
	}
	end := bytes.Index(line[2:], []byte("]]"))
	if end <= 0 {
		return nil
	}
	inner := line[2 : 2+end]
	if bytes.ContainsAny(inner, "[]\n") {
		return nil
	}
	target, label := content.ParseWikilink(string(inner))
	base := embed && strings.EqualFold(path.Ext(target), ".base") // dropped by obsidianBlocks
	image := embed && content.IsImage(target)                     // shown by images
	if target == "" || embed && content.IsAttachment(target) && !base && !image {
		return nil // an embedded file is not a link to a note
	}
	if embed {
		block.Advance(1)
	}
	block.Advance(end + 4)
	return &Wikilink{Target: target, Label: label, Embed: embed, Image: image}
}

type wikiRenderer struct{ r Resolver }

func (w *wikiRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindWikilink, w.render)
}

func (w *wikiRenderer) render(out util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Wikilink)
	label := n.Label
	if label == "" {
		label = n.Target
	}
	if n.Image { // one the site has no copy of
		out.WriteString(`<span class="broken-link missing-image" title="No image is called `)
		out.Write(util.EscapeHTML([]byte(n.Target)))
		out.WriteString(`">`)
		out.Write(util.EscapeHTML([]byte(label)))
		out.WriteString(`</span>`)
		return ast.WalkSkipChildren, nil
	}
	href, ok := "", false
	if w.r != nil {
		href, ok = w.r.Wikilink(n.Target)
	}
	if !ok {
		out.WriteString(`<span class="broken-link" title="No note is called `)
		out.Write(util.EscapeHTML([]byte(n.Target)))
		out.WriteString(`">`)
		out.Write(util.EscapeHTML([]byte(label)))
		out.WriteString(`</span>`)
		return ast.WalkSkipChildren, nil
	}
	if n.Embed {
		out.WriteString(`<a class="wikilink embed" href="`)
	} else {
		out.WriteString(`<a class="wikilink" href="`)
	}
	out.Write(util.EscapeHTML(util.URLEscape([]byte(href), false)))
	out.WriteString(`">`)
	out.Write(util.EscapeHTML([]byte(label)))
	out.WriteString(`</a>`)
	return ast.WalkSkipChildren, nil
}

// headingShift moves note headings one level down, so that a note's "#" sits
// under the page's own title.
type headingShift struct{}

func (headingShift) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level+1, 6)
		}
		return ast.WalkContinue, nil
	})
}
