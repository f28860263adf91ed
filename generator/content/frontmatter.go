package content

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// split separates YAML front matter from the body. It accepts a UTF-8 byte
// order mark and CRLF line endings. front is nil when the file has none.
// bodyLine is the 1-based line on which the body starts.
func split(data []byte) (front, body []byte, bodyLine int, err error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.Contains(data, []byte("\r\n")) {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	if bytes.Equal(bytes.TrimRight(data, " \t"), []byte("---")) {
		return nil, nil, 0, errors.New("front matter starts with --- on line 1 but is never closed; add a line with --- after the last field")
	}
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, data, 1, nil
	}
	rest := data[4:]
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if t := bytes.TrimRight(l, " \t"); bytes.Equal(t, []byte("---")) || bytes.Equal(t, []byte("...")) {
			front = rest[:off]
			if end < 0 {
				return front, nil, line + 1, nil
			}
			return front, rest[off+end+1:], line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, errors.New("front matter starts with --- on line 1 but is never closed; add a line with --- after the last field")
}

// field is one key of a front-matter mapping, with the line it is on.
type field struct {
	key   string
	line  int
	value *yaml.Node
}

// decoder turns front-matter nodes into typed values, collecting problems
// against the file's path instead of stopping at the first.
type decoder struct {
	path     string
	problems Problems
	said     map[Problem]bool // problems already reported, when a YAML alias repeats one
}

func (d *decoder) errorf(line int, format string, args ...any) {
	d.add(Errorf(d.path, line, format, args...))
}

func (d *decoder) warnf(line int, format string, args ...any) {
	d.add(Warnf(d.path, line, format, args...))
}

// add reports p once: a YAML alias used N times would otherwise repeat the
// problems of what it stands for N times, word for word.
func (d *decoder) add(p Problem) {
	if d.said == nil {
		d.said = map[Problem]bool{}
	}
	if !d.said[p] {
		d.said[p] = true
		d.problems = append(d.problems, p)
	}
}

// maxAliasHops bounds a chain of YAML aliases (*a naming &a: *b ...).
const maxAliasHops = 16

// deref follows a YAML alias to the value it stands for, so that `org: *a`
// reads as the value anchored &a. Other nodes are returned as they are.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < maxAliasHops; i++ {
		n = n.Alias
	}
	return n
}

// yamlLine matches the line number in yaml.v3's error messages.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseFront parses front matter into the fields of its top-level mapping.
// firstLine is the file line of the front matter's first line.
func (d *decoder) parseFront(front []byte, firstLine int) ([]field, bool) {
	if root, ok := flatFront(front); ok {
		return d.fields(root, firstLine), true
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		line, msg := firstLine, err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line, msg = firstLine+n-1, m[2]
			if strings.HasPrefix(msg, "did not find expected") {
				line++ // yaml.v3 counts these from 0
			}
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		d.errorf(line, "bad YAML in front matter: %s", msg)
		return nil, false
	}
	if len(doc.Content) == 0 {
		return nil, true
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.errorf(firstLine+root.Line-1, "front matter must be a list of `key: value` fields")
		return nil, false
	}
	return d.fields(root, firstLine), true
}

// fields lists a mapping's keys, with file lines, and reports duplicate keys.
func (d *decoder) fields(m *yaml.Node, firstLine int) []field {
	var out []field
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := firstLine + k.Line - 1
		key := fieldKey(k.Value)
		if seen[key] {
			d.errorf(line, "field %q appears twice; keep one", key)
			continue
		}
		seen[key] = true
		shift(v, firstLine-1)
		out = append(out, field{key: key, line: line, value: v})
	}
	return out
}

// fieldKey is a front-matter key as kith compares it: keys are read in any
// case, and spaces and hyphens are underscores, so that "First Name",
// "first-name" and "first_name" are one key, as CRM vaults write them.
func fieldKey(k string) string {
	plain := true // nearly every key: lowercase letters, digits and _
	for i := 0; i < len(k) && plain; i++ {
		c := k[i]
		plain = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_'
	}
	if plain {
		return k
	}
	k = strings.ToLower(strings.TrimSpace(k))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, strings.Join(strings.Fields(k), " "))
}

// shift moves node lines from front-matter lines to file lines.
func shift(n *yaml.Node, by int) {
	if n.Line < 0 { // already shifted
		return
	}
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
}

func (d *decoder) str(f field) string {
	v := deref(f.value)
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return ""
		}
		return strings.TrimSpace(v.Value)
	case yaml.SequenceNode:
		// [[Name]] unquoted is YAML for a list holding a list holding Name.
		if s, ok := wikiFlow(v); ok {
			return s
		}
		// Obsidian writes text properties as lists: org: ["[[Obsidian]]"].
		// A list of one item or of wikilinks reads as its items; an empty
		// one as no value.
		var items []string
		links := true
		for _, c := range v.Content {
			c = deref(c)
			s, ok := wikiFlow(c)
			switch {
			case ok:
			case c.Kind == yaml.ScalarNode && c.Tag != "!!null":
				s = strings.TrimSpace(c.Value)
			case c.Kind == yaml.ScalarNode:
				continue
			default:
				d.errorf(f.value.Line, "%s should be text, not a %s", f.key, kindName(v))
				return ""
			}
			if s != "" {
				items = append(items, s)
				links = links && isWikilink(s)
			}
		}
		if len(items) > 1 && !links {
			d.errorf(f.value.Line, "%s should be text, not a list", f.key)
			return ""
		}
		return strings.Join(items, ", ")
	}
	d.errorf(f.value.Line, "%s should be text, not a %s", f.key, kindName(v))
	return ""
}

// firstOf reads text where an address book may keep a list (Email:
// [home, work]): kith keeps one value, the first, and says so.
func (d *decoder) firstOf(f field) string {
	v := deref(f.value)
	if v.Kind == yaml.SequenceNode {
		list := d.list(f)
		if len(list) > 1 {
			d.warnf(f.value.Line, "%s has %d values; kith keeps the first, %s", f.key, len(list), list[0])
		}
		if len(list) > 0 {
			return list[0]
		}
		return ""
	}
	return d.str(f)
}

// isWikilink reports whether s is one whole [[wikilink]].
func isWikilink(s string) bool {
	return strings.HasPrefix(s, "[[") && strings.HasSuffix(s, "]]") && !strings.Contains(s[2:len(s)-2], "]]")
}

// Unwiki returns the target of a value written as a [[wikilink]]
// ("[[Harbor Clinic|HC]]" is Harbor Clinic), and other values as they are.
func Unwiki(s string) string {
	if isWikilink(s) {
		if t, _ := ParseWikilink(s[2 : len(s)-2]); t != "" {
			return t
		}
	}
	return s
}

// wikiFlow recognises an unquoted [[Name]] that YAML read as a nested list.
func wikiFlow(v *yaml.Node) (string, bool) {
	if v.Kind == yaml.SequenceNode && len(v.Content) == 1 {
		in := v.Content[0]
		if in.Kind == yaml.SequenceNode && len(in.Content) == 1 && in.Content[0].Kind == yaml.ScalarNode {
			return "[[" + in.Content[0].Value + "]]", true
		}
	}
	return "", false
}

func (d *decoder) list(f field) []string {
	v := deref(f.value)
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
			return nil
		}
		// A lone value or a comma-separated line is a list of one or more.
		var out []string
		for _, s := range strings.Split(v.Value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	case yaml.SequenceNode:
		if s, ok := wikiFlow(v); ok {
			return []string{s}
		}
		out := make([]string, 0, len(v.Content))
		for _, c := range v.Content {
			line := c.Line // where an alias is used, not where it points
			c = deref(c)
			if s, ok := wikiFlow(c); ok {
				out = append(out, s)
				continue
			}
			if c.Kind != yaml.ScalarNode {
				d.errorf(line, "%s should be a list of text values", f.key)
				continue
			}
			if s := strings.TrimSpace(c.Value); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	d.errorf(f.value.Line, "%s should be a list, like [a, b]", f.key)
	return nil
}

// refs reads a list of references, keeping each one's line.
func (d *decoder) refs(f field) []Ref {
	v := deref(f.value)
	if v.Kind == yaml.SequenceNode {
		if s, ok := wikiFlow(v); ok {
			return []Ref{{Text: s, Line: v.Line}}
		}
		var out []Ref
		for _, c := range v.Content {
			line := c.Line // where an alias is used, not where it points
			c = deref(c)
			if s, ok := wikiFlow(c); ok {
				out = append(out, Ref{Text: s, Line: line})
				continue
			}
			if c.Kind != yaml.ScalarNode {
				d.errorf(line, "%s should be a list of names", f.key)
				continue
			}
			if s := strings.TrimSpace(c.Value); s != "" {
				out = append(out, Ref{Text: s, Line: line})
			}
		}
		return out
	}
	var out []Ref
	for _, s := range d.list(f) {
		out = append(out, Ref{Text: s, Line: v.Line})
	}
	return out
}

func (d *decoder) boolean(f field) bool {
	v := deref(f.value)
	if v.Kind == yaml.ScalarNode {
		switch strings.ToLower(strings.TrimSpace(v.Value)) {
		case "true", "yes", "on":
			return true
		case "false", "no", "off", "":
			return false
		}
	}
	d.errorf(f.value.Line, "%s should be true or false", f.key)
	return false
}

func (d *decoder) date(f field) Date {
	t, _ := d.dateTime(f)
	return t
}

// dateTime reads a date that may carry a time of day, as Obsidian's date
// and time properties write it (2026-03-10 09:30, 2026-03-10T09:30:00):
// clock is the time as HH:MM, or "" when none is given.
func (d *decoder) dateTime(f field) (day Date, clock string) {
	s := d.str(f)
	if s == "" {
		return Date{}, ""
	}
	t, clock, err := ParseDateTime(s)
	if err != nil {
		d.errorf(f.value.Line, "%s: %v", f.key, err)
	}
	return t, clock
}

func (d *decoder) mapping(f field) []field {
	v := deref(f.value)
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		d.errorf(f.value.Line, "%s should be a group of fields (indented `key: value` lines)", f.key)
		return nil
	}
	return d.fields(v, 1)
}

// unknown warns about a field the contract does not define, suggesting the
// nearest known one.
func (d *decoder) unknown(f field, known []string) {
	if s := Suggest(f.key, known); s != "" {
		d.warnf(f.line, "unknown field %q; did you mean %q?", f.key, s)
		return
	}
	d.warnf(f.line, "unknown field %q; known fields: %s", f.key, strings.Join(known, ", "))
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "group of fields"
	}
	return fmt.Sprintf("%v", n.Tag)
}
