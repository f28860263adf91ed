package render

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"kith/generator/content"
)

// This file renders what Obsidian adds to Markdown: callouts, block ids
// and Markdown links to notes. ![[embeds]] of notes are parsed by
// wikiParser.

// KindCallout is the AST kind of an Obsidian callout.
var KindCallout = ast.NewNodeKind("Callout")

// Callout is a quote that starts with [!type] Title: an aside of that
// type, with the quote's other blocks as its children.
type Callout struct {
	ast.BaseBlock
	KindName string // lowercased: note, tip, warning, ...
	Title    string // as written, or the kind when none is given
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Kind": n.KindName, "Title": n.Title}, nil)
}

var (
	calloutRe   = regexp.MustCompile(`^\[!([A-Za-z][A-Za-z0-9_-]*)\][+-]?[ \t]*(.*?)[ \t]*$`)
	wikiTitleRe = regexp.MustCompile(`\[\[[^\[\]\n]+?\]\]`)
	blockIDRe   = regexp.MustCompile(`(?:^|[ \t])\^[A-Za-z0-9-]+[ \t]*$`)
)

// obsidianBlocks turns callouts into Callout nodes and drops block ids
// (^abc123), which Obsidian uses to link to a paragraph and never shows.
type obsidianBlocks struct{}

func (obsidianBlocks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if !bytes.Contains(src, []byte("[!")) && bytes.IndexByte(src, '^') < 0 && !bytes.Contains(src, []byte(".base")) {
		return // most notes: nothing to do, and no walk over the tree
	}
	var quotes []*ast.Blockquote
	var texts []*ast.Text
	var bases []*Wikilink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Blockquote:
			quotes = append(quotes, n)
		case *ast.Text:
			if bytes.IndexByte(n.Segment.Value(src), '^') >= 0 {
				texts = append(texts, n)
			}
		case *Wikilink:
			if n.Embed && strings.EqualFold(path.Ext(n.Target), ".base") {
				bases = append(bases, n)
			}
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		dropBlockID(t, src)
	}
	// An Obsidian Base (![[Meetings.base]]) is a live view of the vault's
	// notes: a static site has nothing to show for it.
	for _, w := range bases {
		p := w.Parent()
		p.RemoveChild(p, w)
		if p.Kind() == ast.KindParagraph && emptyText(p, src) && p.Parent() != nil {
			p.Parent().RemoveChild(p.Parent(), p)
		}
	}
	for _, q := range quotes {
		callout(q, src)
	}
}

// dropBlockID cuts a block id off the end of a line of text.
func dropBlockID(t *ast.Text, src []byte) {
	if !(t.SoftLineBreak() || t.HardLineBreak() || t.NextSibling() == nil) {
		return
	}
	v := t.Segment.Value(src)
	loc := blockIDRe.FindIndex(v)
	if loc == nil {
		return
	}
	t.Segment = t.Segment.WithStop(t.Segment.Start + loc[0])
	if p := t.Parent(); p != nil && p.Kind() == ast.KindParagraph && emptyText(p, src) {
		p.Parent().RemoveChild(p.Parent(), p)
	}
}

// emptyText reports whether a paragraph has nothing left but white space.
func emptyText(p ast.Node, src []byte) bool {
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok || len(bytes.TrimSpace(t.Segment.Value(src))) > 0 {
			return false
		}
	}
	return true
}

// callout replaces a quote whose first line is [!type] Title with a Callout.
func callout(q *ast.Blockquote, src []byte) {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return
	}
	first := p.Lines().At(0)
	m := calloutRe.FindSubmatch(bytes.TrimRight(first.Value(src), "\r\n"))
	if m == nil {
		return
	}
	title := wikiTitleRe.ReplaceAllStringFunc(string(m[2]), func(w string) string {
		t, label := content.ParseWikilink(w[2 : len(w)-2])
		if label != "" {
			return label
		}
		return t
	})
	c := &Callout{KindName: strings.ToLower(string(m[1])), Title: title}
	if c.Title == "" {
		c.Title = strings.ToUpper(c.KindName[:1]) + c.KindName[1:]
	}
	// Drop the inlines of the first line, up to its line break: the title
	// is shown on its own.
	for n := p.FirstChild(); n != nil; {
		next := n.NextSibling()
		t, isText := n.(*ast.Text)
		if isText && t.Segment.Start >= first.Stop {
			break
		}
		p.RemoveChild(p, n)
		if isText && (t.SoftLineBreak() || t.HardLineBreak()) {
			break
		}
		n = next
	}
	if p.FirstChild() == nil {
		q.RemoveChild(q, p)
	}
	for n := q.FirstChild(); n != nil; {
		next := n.NextSibling()
		c.AppendChild(c, n)
		n = next
	}
	q.Parent().ReplaceChild(q.Parent(), q, c)
}

type calloutRenderer struct{}

func (calloutRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCallout, func(out util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*Callout)
		if !entering {
			out.WriteString("</aside>\n")
			return ast.WalkContinue, nil
		}
		out.WriteString(`<aside class="callout callout-`)
		out.Write(util.EscapeHTML([]byte(n.KindName)))
		out.WriteString(`"><p class="callout-title">`)
		out.Write(util.EscapeHTML([]byte(n.Title)))
		out.WriteString("</p>\n")
		return ast.WalkContinue, nil
	})
}

// noteLinks points Markdown links to notes ([Dana](Dana%20Okafor.md),
// [x](../People/Dana%20Okafor.md#Notes)) at the note's page, as Obsidian
// follows them. A link to a note that does not exist is left as written.
type noteLinks struct{ r Resolver }

func (t noteLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if t.r == nil || !hasMdExt(reader.Source()) {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if target, ok := content.NoteLinkTarget(string(l.Destination)); ok {
			if href, ok := t.r.Wikilink(target); ok {
				l.Destination = []byte(href)
			}
		}
		return ast.WalkContinue, nil
	})
}

// hasMdExt reports whether src has ".md" in any case: without it, no link
// can name a note.
func hasMdExt(src []byte) bool {
	for i := bytes.IndexByte(src, '.'); i >= 0 && i+2 < len(src); {
		if (src[i+1]|0x20) == 'm' && (src[i+2]|0x20) == 'd' {
			return true
		}
		j := bytes.IndexByte(src[i+1:], '.')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}
