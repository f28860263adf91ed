package contacts

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// fillField is one front-matter field an update may fill: a top-level key, or a key
// inside the met or contact mapping.
type fillField struct {
	group, key, value string
}

// name is the field as a summary shows it: "org", "contact.email".
func (f fillField) name() string {
	if f.group == "" {
		return f.key
	}
	return f.group + "." + f.key
}

// fillable lists the fields c has a value for, in the order of a person note.
func fillable(c Contact) []fillField {
	all := []fillField{
		{"", "org", c.Org},
		{"", "role", c.Role},
		{"met", "date", c.MetDate},
		{"met", "where", c.MetWhere},
		{"contact", "email", c.Email},
		{"contact", "phone", c.Phone},
		{"contact", "linkedin", c.LinkedIn},
		{"contact", "website", c.Website},
		{"", "birthday", c.Birthday},
	}
	var out []fillField
	for _, f := range all {
		if f.value = cleanLine(f.value); f.value != "" {
			out = append(out, f)
		}
	}
	return out
}

// errNotEditable says why a note's front matter was left alone.
type errNotEditable struct{ reason string }

func (e errNotEditable) Error() string { return e.reason }

// frontMatterLines splits the note src for editing in place: its BOM (or
// ""), its line ending, its lines with their endings, and the index of the
// line that closes the front matter, which lines[0] opens. A note without a
// closed front matter is an errNotEditable.
func frontMatterLines(src []byte) (bom, eol string, lines []string, end int, err error) {
	text := string(src)
	if strings.HasPrefix(text, utf8BOM) {
		bom, text = utf8BOM, text[len(utf8BOM):]
	}
	lines = strings.SplitAfter(text, "\n")
	if strings.TrimRight(lines[0], " \t\r\n") != "---" {
		return "", "", nil, 0, errNotEditable{"note has no front matter"}
	}
	eol = "\n"
	if strings.HasSuffix(lines[0], "\r\n") {
		eol = "\r\n"
	}
	end = -1
	for i := 1; i < len(lines); i++ {
		if t := strings.TrimRight(lines[i], " \t\r\n"); t == "---" || t == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		return "", "", nil, 0, errNotEditable{"front matter has no closing ---"}
	}
	return bom, eol, lines, end, nil
}

// fillNote fills the fields of c that are absent or empty in the front matter of the
// note src, and returns the new text and the names of the fields filled. It edits the
// text: new lines are inserted (with the note's line ending and indentation) and an
// empty value (`org:`, `org: ""`) is written on its own line; every other byte,
// including the BOM, comments, key order and the body, stays as it was. When src
// cannot be edited that safely, it returns an errNotEditable and src is not changed.
func fillNote(src []byte, c Contact) ([]byte, []string, error) {
	bom, eol, lines, end, err := frontMatterLines(src)
	if err != nil {
		return nil, nil, err
	}
	oldFM := strings.Join(lines[1:end], "")
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(oldFM), &doc); err != nil {
		return nil, nil, errNotEditable{fmt.Sprintf("front matter is not valid YAML: %v", err)}
	}
	var root *yaml.Node
	if len(doc.Content) > 0 {
		root = doc.Content[0]
		if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
			return nil, nil, errNotEditable{"front matter is not a block mapping"}
		}
	}

	// Node lines count from the line after the opening ---, which is lines[1].
	e := &textEdit{lines: lines, eol: eol, replace: map[int]string{}, insert: map[int][]string{}}
	rootIndent := ""
	if root != nil && len(root.Content) > 0 {
		rootIndent = strings.Repeat(" ", root.Content[0].Column-1)
	}
	var filled []fillField
	var appendLines []string // new top-level keys, written before the closing ---
	fields := fillable(c)
	for i := 0; i < len(fields); {
		f := fields[i]
		if f.group == "" {
			i++
			k, v := lookup(root, f.key)
			switch {
			case k == nil:
				appendLines = append(appendLines, rootIndent+f.key+": "+inlineValue(f.value))
			case !isEmptyValue(k, v) || !e.setValue(k, inlineValue(f.value)):
				continue
			}
			filled = append(filled, f)
			continue
		}
		var group []fillField
		for ; i < len(fields) && fields[i].group == f.group; i++ {
			group = append(group, fields[i])
		}
		done, lines := e.fillGroup(root, f.group, group, rootIndent, end)
		appendLines = append(appendLines, lines...)
		filled = append(filled, done...)
	}
	if len(filled) == 0 {
		return src, nil, nil
	}
	e.insert[end] = append(e.insert[end], appendLines...)

	var fm strings.Builder
	fm.Grow(len(oldFM) + 64*len(filled))
	for i := 1; i <= end; i++ {
		for _, ins := range e.insert[i] {
			fm.WriteString(ins)
			fm.WriteString(eol)
		}
		if i == end {
			break
		}
		if r, ok := e.replace[i]; ok {
			fm.WriteString(r)
		} else {
			fm.WriteString(lines[i])
		}
	}
	newFM := fm.String()
	if err := verifyFill(oldFM, newFM, filled); err != nil {
		return nil, nil, errNotEditable{fmt.Sprintf("could not update safely: %v", err)}
	}
	result := bom + lines[0] + newFM + strings.Join(lines[end:], "")
	names := make([]string, len(filled))
	for i, f := range filled {
		names[i] = f.name()
	}
	return []byte(result), names, nil
}

// textEdit collects line replacements and insertions, by index in the original lines.
type textEdit struct {
	lines   []string
	eol     string
	replace map[int]string   // line index → new line (with its line ending)
	insert  map[int][]string // line index → lines to insert before it (without line ending)
}

// fillGroup fills the fields of the mapping group (met or contact). It returns the
// fields filled, and the lines to append at the end of the front matter when the
// group is absent.
func (e *textEdit) fillGroup(root *yaml.Node, group string, fields []fillField, rootIndent string, end int) ([]fillField, []string) {
	k, v := lookup(root, group)
	if k == nil {
		block := []string{rootIndent + group + ":"}
		for _, f := range fields {
			block = append(block, rootIndent+"  "+f.key+": "+inlineValue(f.value))
		}
		return fields, block
	}
	keyIndent := k.Column - 1
	if isEmptyValue(k, v) || (v.Kind == yaml.MappingNode && len(v.Content) == 0 && v.Line == k.Line) {
		// `contact:`, `contact: ~` or `contact: {}`: drop the value and add children.
		implicitNull := v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == ""
		if !implicitNull && !e.setValue(k, "") {
			return nil, nil
		}
		for _, f := range fields {
			e.insert[k.Line+1] = append(e.insert[k.Line+1], strings.Repeat(" ", keyIndent+2)+f.key+": "+inlineValue(f.value))
		}
		return fields, nil
	}
	if v.Kind != yaml.MappingNode || v.Style&yaml.FlowStyle != 0 || len(v.Content) == 0 || v.Content[0].Line <= k.Line {
		return nil, nil // the person wrote something else there; leave it
	}
	var done []fillField
	var add []string
	childIndent := strings.Repeat(" ", v.Content[0].Column-1)
	for _, f := range fields {
		sk, sv := lookup(v, f.key)
		switch {
		case sk == nil:
			add = append(add, childIndent+f.key+": "+inlineValue(f.value))
		case !isEmptyValue(sk, sv) || !e.setValue(sk, inlineValue(f.value)):
			continue
		}
		done = append(done, f)
	}
	if len(add) == 0 {
		return done, nil
	}
	if keepsTrailingLines(v) {
		return nil, nil // inserting after a |+ block would move its trailing blank lines
	}
	next := end
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i] == k && i+2 < len(root.Content) {
			next = root.Content[i+2].Line
		}
	}
	at := next
	for at-1 > k.Line {
		t := strings.TrimSpace(e.lines[at-1])
		if t != "" && !(t[0] == '#' && indentOf(e.lines[at-1]) <= keyIndent) {
			break
		}
		at--
	}
	e.insert[at] = append(e.insert[at], add...)
	return done, nil
}

// lookup returns the key and value nodes of key in the block mapping m.
func lookup(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return k, m.Content[i+1]
		}
	}
	return nil, nil
}

// isEmptyValue reports whether v, the value of k, is null or the empty string written
// on the key's own line.
func isEmptyValue(k, v *yaml.Node) bool {
	if v.Kind != yaml.ScalarNode || v.Line != k.Line {
		return false
	}
	quoted := v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	return v.Tag == "!!null" || (v.Tag == "!!str" && v.Value == "" && quoted)
}

// setValue rewrites the line of key k so that its value is value ("" for none),
// keeping the key as written and a trailing comment. It refuses (false) when the line
// holds anything but an empty value: an anchor, a tag, a value it does not recognise.
func (e *textEdit) setValue(k *yaml.Node, value string) bool {
	idx := k.Line
	line := e.lines[idx]
	if r, ok := e.replace[idx]; ok {
		line = r
	}
	body := strings.TrimRight(line, "\r\n")
	eol := line[len(body):]
	col := k.Column - 1
	if col > len(body) || strings.Trim(body[:col], " ") != "" {
		return false
	}
	pos, ok := skipKey(body, col, k)
	if !ok {
		return false
	}
	for pos < len(body) && (body[pos] == ' ' || body[pos] == '\t') {
		pos++
	}
	if pos >= len(body) || body[pos] != ':' {
		return false
	}
	colon := pos
	rest := strings.TrimLeft(body[colon+1:], " \t")
	for _, empty := range []string{`""`, `''`, "~", "null", "Null", "NULL", "{}"} {
		if strings.HasPrefix(rest, empty) {
			rest = rest[len(empty):]
			break
		}
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '#' {
		return false
	}
	comment := strings.TrimLeft(rest, " \t")
	if comment != "" && comment[0] != '#' {
		return false
	}
	out := body[:colon+1]
	if value != "" {
		out += " " + value
	}
	if comment != "" {
		out += " " + comment
	}
	e.replace[idx] = out + eol
	return true
}

// skipKey returns the offset just past the key k written at col in line.
func skipKey(line string, col int, k *yaml.Node) (int, bool) {
	switch {
	case k.Style&yaml.DoubleQuotedStyle != 0 && strings.HasPrefix(line[col:], `"`):
		for i := col + 1; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++
			case '"':
				return i + 1, true
			}
		}
	case k.Style&yaml.SingleQuotedStyle != 0 && strings.HasPrefix(line[col:], `'`):
		for i := col + 1; i < len(line); i++ {
			if line[i] == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				return i + 1, true
			}
		}
	case k.Style == 0 && strings.HasPrefix(line[col:], k.Value):
		return col + len(k.Value), true
	}
	return 0, false
}

// keepsTrailingLines reports whether the last value in n is a block scalar that keeps
// its trailing blank lines (|+), which an insertion after it would change.
func keepsTrailingLines(n *yaml.Node) bool {
	for (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && len(n.Content) > 0 {
		n = n.Content[len(n.Content)-1]
	}
	return n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && strings.HasSuffix(n.Value, "\n\n")
}

// indentOf counts the leading spaces of line.
func indentOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, " "))
}

// verifyFill checks the edited front matter: it must parse, hold every filled value,
// and otherwise mean exactly what the old one meant.
func verifyFill(oldFM, newFM string, filled []fillField) error {
	var oldMap, newMap map[string]any
	if err := yaml.Unmarshal([]byte(oldFM), &oldMap); err != nil {
		return err
	}
	if err := yaml.Unmarshal([]byte(newFM), &newMap); err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(newFM), &doc); err != nil {
		return err
	}
	root := doc.Content[0]
	for _, f := range filled {
		m := root
		if f.group != "" {
			_, m = lookup(root, f.group)
		}
		_, v := lookup(m, f.key)
		if v == nil || v.Kind != yaml.ScalarNode || v.Value != f.value {
			return fmt.Errorf("%s does not read back as %q", f.name(), f.value)
		}
		for _, mm := range []map[string]any{oldMap, newMap} {
			if f.group == "" {
				delete(mm, f.key)
			} else if sub, ok := mm[f.group].(map[string]any); ok {
				delete(sub, f.key)
			}
		}
	}
	for _, group := range []string{"met", "contact"} {
		if isEmptyGroup(oldMap[group]) && isEmptyGroup(newMap[group]) {
			delete(oldMap, group)
			delete(newMap, group)
		}
	}
	if len(oldMap) == 0 && len(newMap) == 0 {
		return nil
	}
	if !reflect.DeepEqual(oldMap, newMap) {
		return errors.New("other fields changed")
	}
	return nil
}

// isEmptyGroup reports whether a decoded met or contact value holds nothing.
func isEmptyGroup(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case map[string]any:
		return len(v) == 0
	}
	return false
}
