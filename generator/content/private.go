package content

import (
	"bytes"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// hidePrivate removes from a note's body everything the writer marked
// private, before any other part of kith sees the body: Obsidian comments
// (%% ... %%, inline or across lines) and fenced blocks marked ```private.
// Every newline is kept, so the lines of what is left do not move.
//
// As in Obsidian, %% inside a code span or a fenced code block is literal
// text (which is code is decided by parsing the body as the renderer will),
// and a %% that is never closed hides everything to the end of the note,
// with a warning. In an indented code block %% still hides: whether text is
// indented code depends on what is around it, and hiding is the safe side. A comment hides whatever it holds, code
// included, up to the next %%. line is the file line on which body starts.
func hidePrivate(d *decoder, body []byte, line int) []byte {
	hasComment := bytes.Contains(body, []byte("%%"))
	if !hasComment && !mentionsPrivate(body) {
		return body // nearly every note: no parse, no copy
	}
	var code, private []span
	if depth, _ := ListDepth(body); depth <= MaxListDepth {
		code, private = codeSpans(body)
	}
	// Too deeply nested to parse cheaply: every %% counts (hiding more,
	// never less). Render shows such a body as plain text anyway.
	hide := make([]bool, len(body))
	for _, s := range private {
		for i := s.start; i < s.end; i++ {
			hide[i] = true
		}
	}
	inCode := func(i int) (end int, ok bool) {
		k := sort.Search(len(code), func(k int) bool { return code[k].end > i })
		if k < len(code) && code[k].start <= i {
			return code[k].end, true
		}
		return 0, false
	}
	open := -1 // where the comment being read began
	for i := 0; i < len(body); {
		if open < 0 {
			if end, ok := inCode(i); ok {
				i = end
				continue
			}
		}
		if hide[i] || body[i] != '%' || i+1 == len(body) || body[i+1] != '%' {
			if open >= 0 {
				hide[i] = true
			}
			i++
			continue
		}
		if open < 0 {
			open = i
		} else {
			open = -1
		}
		hide[i], hide[i+1] = true, true
		i += 2
	}
	if open >= 0 {
		d.warnf(line+bytes.Count(body[:open], []byte("\n")), "%%%% opens a private comment that is never closed; kith hides everything after it to the end of the note, as Obsidian does; add the closing %%%% where the comment ends")
	}
	out := make([]byte, 0, len(body))
	for i, c := range body {
		if !hide[i] || c == '\n' {
			out = append(out, c)
		}
	}
	return out
}

// span is a byte range [start, end) of a body.
type span struct{ start, end int }

// privateMarkdown finds code and fenced blocks; it needs nothing else of
// what the renderer does, as code spans and blocks are the same in both.
var privateMarkdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// codeSpans returns the byte ranges of body that are code (code spans and
// fenced code blocks), sorted, and those of ```private blocks, fences
// included.
func codeSpans(body []byte) (code, private []span) {
	doc := privateMarkdown.Parser().Parse(text.NewReader(body))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan:
			// The backticks are not in the node: widen to take them in.
			var first, last int = -1, -1
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					if first < 0 {
						first = t.Segment.Start
					}
					last = t.Segment.Stop
				}
			}
			if first >= 0 {
				code = append(code, widen(body, first, last))
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock:
			lines := n.Lines()
			isPrivate := n.Info != nil && firstWord(n.Info.Segment.Value(body)) == "private"
			var s span
			switch {
			case n.Info != nil:
				s.start = lineStart(body, n.Info.Segment.Start)
			case lines.Len() > 0:
				s.start = lineStart(body, lines.At(0).Start)
				s.start = lineStart(body, max(s.start-1, 0)) // the fence line above
			default:
				return ast.WalkSkipChildren, nil
			}
			s.end = s.start
			if lines.Len() > 0 {
				s.end = lines.At(lines.Len() - 1).Stop
			}
			s.end = lineEnd(body, s.end)
			if rest := nextLine(body, s.end); isFence(rest) {
				s.end = lineEnd(body, s.end+1)
			}
			if isPrivate {
				private = append(private, s)
			} else {
				code = append(code, s)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	sort.Slice(code, func(a, b int) bool { return code[a].start < code[b].start })
	return code, private
}

// widen grows [start, end) of a code span's text over the backticks around it.
func widen(body []byte, start, end int) span {
	for start > 0 && (body[start-1] == '`' || body[start-1] == ' ') {
		start--
	}
	for end < len(body) && (body[end] == '`' || body[end] == ' ') {
		end++
	}
	return span{start, end}
}

func lineStart(body []byte, i int) int {
	return bytes.LastIndexByte(body[:i], '\n') + 1
}

// lineEnd returns the index just after the line holding index i, its
// newline included... or the body's end.
func lineEnd(body []byte, i int) int {
	if i > len(body) {
		return len(body)
	}
	if i > 0 && body[i-1] == '\n' {
		return i
	}
	j := bytes.IndexByte(body[i:], '\n')
	if j < 0 {
		return len(body)
	}
	return i + j + 1
}

func nextLine(body []byte, i int) []byte {
	if i >= len(body) {
		return nil
	}
	l := body[i:]
	if j := bytes.IndexByte(l, '\n'); j >= 0 {
		l = l[:j]
	}
	return l
}

// isFence reports whether l is a line of only ``` or ~~~ (three or more),
// as closes a fenced block.
func isFence(l []byte) bool {
	t := bytes.TrimSpace(l)
	if len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return false
	}
	return len(bytes.Trim(t, string(t[0]))) == 0
}

func firstWord(b []byte) string {
	f := bytes.Fields(b)
	if len(f) == 0 {
		return ""
	}
	return string(bytes.ToLower(f[0]))
}

// mentionsPrivate reports whether b may hold a ```private block: a run of
// three or more backticks or tildes, then spaces, then "private" in any
// case. It is a cheap test that lets nearly every note skip the parse.
func mentionsPrivate(b []byte) bool {
	if !bytes.Contains(b, []byte("```")) && !bytes.Contains(b, []byte("~~~")) {
		return false
	}
	for i := 0; i+3 <= len(b); i++ {
		c := b[i]
		if (c != '`' && c != '~') || b[i+1] != c || b[i+2] != c {
			continue
		}
		j := i + 3
		for j < len(b) && b[j] == c {
			j++
		}
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		if j+7 <= len(b) && bytes.EqualFold(b[j:j+7], []byte("private")) {
			return true
		}
		i = j - 1
	}
	return false
}
