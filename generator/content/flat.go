package content

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// flatFront parses the plain front matter nearly every note has, about ten
// times faster than yaml.v3: top-level `key: value` lines whose value is a
// plain or simply quoted scalar or a flow list like [a, b], and keys with an
// indented block of `sub: value` lines or `- item` lines under them. It
// returns the same node tree yaml.v3 would in what the decoder reads: kinds,
// values, lines and null tags (no styles or columns). ok is false for
// anything else, and the caller then parses with yaml.v3; FuzzFlatFront
// checks that whenever ok is true, yaml.v3 agrees.
func flatFront(front []byte) (root *yaml.Node, ok bool) {
	if !flatSafe(front) {
		return nil, false
	}
	root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	lines := bytes.Split(front, []byte("\n"))
	for i := 0; i < len(lines); i++ {
		l := string(lines[i])
		if skippable(l) {
			continue
		}
		if l[0] == ' ' {
			return nil, false // indented with no key above to belong to
		}
		key, rest, ok := splitKey(l)
		if !ok {
			return nil, false
		}
		line := i + 1
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: line}
		if rest != "" {
			v, ok := inlineValue(rest, line)
			if !ok {
				return nil, false
			}
			root.Content = append(root.Content, k, v)
			continue
		}
		// A key alone on its line: an indented block may follow.
		v, next, ok := block(lines, i+1)
		if !ok {
			return nil, false
		}
		if v == nil {
			v = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: line}
		}
		root.Content = append(root.Content, k, v)
		i = next - 1
	}
	if len(root.Content) == 0 {
		return nil, false // empty or comments only: leave it to yaml.v3
	}
	root.Line = root.Content[0].Line
	return root, true
}

// block reads the lines under a key alone on its line, from line index
// start: `- item` lines (indented or not) or indented `sub: value` lines.
// It returns nil when no block follows, and the index of the first line
// after the block.
func block(lines [][]byte, start int) (v *yaml.Node, next int, ok bool) {
	indent := -1
	i := start
	for ; i < len(lines); i++ {
		l := string(lines[i])
		if skippable(l) {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		body := l[n:]
		isItem := body == "-" || strings.HasPrefix(body, "- ")
		if indent < 0 {
			if n == 0 && !isItem {
				break // the next key: no block
			}
			indent = n
			if isItem {
				v = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: i + 1}
			} else {
				v = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: i + 1}
			}
		}
		if n < indent || (n == 0 && !isItem) {
			break
		}
		if n != indent {
			return nil, 0, false // deeper nesting or a continued value
		}
		line := i + 1
		if v.Kind == yaml.SequenceNode {
			if !isItem {
				return nil, 0, false
			}
			item := strings.Trim(body[1:], " ")
			if item == "" {
				return nil, 0, false
			}
			if key, rest, ok := splitKey(item); ok {
				// `- need: text` and its indented `date: ...`: a group per item.
				at := n + len(body) - len(strings.TrimLeft(body[1:], " "))
				m, next, ok := itemGroup(lines, i, at, key, rest)
				if !ok {
					return nil, 0, false
				}
				v.Content = append(v.Content, m)
				i = next - 1
				continue
			}
			c, ok := inlineValue(item, line)
			if !ok || c.Kind != yaml.ScalarNode {
				return nil, 0, false
			}
			v.Content = append(v.Content, c)
			continue
		}
		key, rest, ok := splitKey(body)
		if !ok || rest == "" {
			return nil, 0, false
		}
		c, ok := inlineValue(rest, line)
		if !ok {
			return nil, 0, false
		}
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: line}
		v.Content = append(v.Content, k, c)
	}
	return v, i, true
}

// itemGroup reads a list item that is a group of `key: value` lines: the
// first after the dash on line index i, the others indented to at, the
// column of the first key. It returns the index of the first line after.
func itemGroup(lines [][]byte, i, at int, key, rest string) (*yaml.Node, int, bool) {
	line := i + 1
	if rest == "" {
		return nil, 0, false
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line}
	add := func(key, rest string, line int) bool {
		c, ok := inlineValue(rest, line)
		if ok {
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: line}, c)
		}
		return ok
	}
	if !add(key, rest, line) {
		return nil, 0, false
	}
	j := i + 1
	for ; j < len(lines); j++ {
		l := string(lines[j])
		if skippable(l) {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if n < at {
			break
		}
		k, r, ok := splitKey(l[n:])
		if n > at || !ok || r == "" || !add(k, r, j+1) {
			return nil, 0, false
		}
	}
	return m, j, true
}

// skippable reports whether a line is blank or a whole-line comment.
func skippable(l string) bool {
	t := strings.TrimLeft(l, " ")
	return t == "" || t[0] == '#'
}

// splitKey splits `key: value` or `key:` into the key and the value after
// the colon and spaces. Keys are letters, digits, '_' and '-'.
func splitKey(l string) (key, rest string, ok bool) {
	i := strings.IndexByte(l, ':')
	if i <= 0 || i > 64 { // YAML limits implicit keys to 1,024 characters; ours are short
		return "", "", false
	}
	key = l[:i]
	for j := 0; j < len(key); j++ {
		c := key[j]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || (j > 0 && (c == '_' || c == '-'))) {
			return "", "", false
		}
	}
	rest = l[i+1:]
	if rest != "" && rest[0] != ' ' {
		return "", "", false
	}
	return key, strings.TrimRight(strings.TrimLeft(rest, " "), " "), true
}

// inlineValue reads a value written on the key's line: a quoted or plain
// scalar, or a flow list of them.
func inlineValue(s string, line int) (*yaml.Node, bool) {
	switch s[0] {
	case '[':
		if s[len(s)-1] != ']' {
			return nil, false
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line}
		items, ok := flowItems(s[1 : len(s)-1])
		if !ok {
			return nil, false
		}
		for _, item := range items {
			c, ok := scalar(item, line, true)
			if !ok {
				return nil, false
			}
			seq.Content = append(seq.Content, c)
		}
		return seq, true
	}
	return scalar(s, line, false)
}

// flowItems splits the inside of a flow list at its commas, keeping quoted
// items whole: `a, "b, c"` is a and "b, c". It rejects nested lists and
// maps and empty items.
func flowItems(in string) ([]string, bool) {
	var items []string
	i := 0
	for {
		for i < len(in) && in[i] == ' ' {
			i++
		}
		if i == len(in) {
			return items, len(items) == 0 // "[]", or a trailing comma
		}
		start := i
		if q := in[i]; q == '"' || q == '\'' {
			end := strings.IndexByte(in[i+1:], q)
			if end < 0 {
				return nil, false
			}
			i += end + 2
		} else {
			for i < len(in) && in[i] != ',' {
				if strings.IndexByte("[]{}\"'", in[i]) >= 0 {
					return nil, false
				}
				i++
			}
		}
		item := strings.TrimRight(in[start:i], " ")
		for i < len(in) && in[i] == ' ' {
			i++
		}
		if item == "" || i < len(in) && in[i] != ',' {
			return nil, false
		}
		items = append(items, item)
		if i == len(in) {
			return items, true
		}
		i++ // the comma
	}
}

// scalar reads a quoted scalar without escapes, or a plain scalar that
// needs no YAML rule beyond "the text as written".
func scalar(s string, line int, inFlow bool) (*yaml.Node, bool) {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: line}
	switch q := s[0]; q {
	case '"', '\'':
		if len(s) < 2 || s[len(s)-1] != q || strings.IndexByte(s[1:len(s)-1], q) >= 0 ||
			(q == '"' && strings.IndexByte(s, '\\') >= 0) {
			return nil, false
		}
		n.Value = s[1 : len(s)-1]
		return n, true
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>%@`", rune(s[0])) ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") || s[len(s)-1] == ':' {
		return nil, false
	}
	if inFlow && strings.Contains(s, ":") {
		return nil, false
	}
	n.Value = s
	switch s {
	case "~", "null", "Null", "NULL":
		n.Tag = "!!null"
	}
	return n, true
}

// flatSafe reports whether front has none of what would make its plain
// reading differ from YAML's: tabs, control characters, other line breaks
// (NEL, U+2028, U+2029), byte order marks, characters YAML does not allow,
// or invalid UTF-8.
func flatSafe(front []byte) bool {
	for i := 0; i < len(front); {
		c := front[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(front[i:])
		if r == utf8.RuneError || r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff {
			return false
		}
		i += n
	}
	return true
}
