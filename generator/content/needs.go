package content

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Need is something a person is looking for: "a survey methodologist", "a
// job in Copenhagen". Date, when given, lets an old need fade.
type Need struct {
	Text string
	Date Date // zero when the note does not say
	Line int
}

// needs reads a person's needs: a list whose items are text, or a group
// {need: text, date: YYYY-MM-DD}. A lone text is a list of one.
func (d *decoder) needs(f field) []Need {
	v := deref(f.value)
	if v.Kind != yaml.SequenceNode {
		var out []Need
		if s := d.str(f); s != "" {
			out = append(out, Need{Text: s, Line: f.value.Line})
		}
		return out
	}
	var out []Need
	for _, c := range v.Content {
		line := c.Line
		c = deref(c)
		switch c.Kind {
		case yaml.ScalarNode:
			if s := strings.TrimSpace(c.Value); s != "" && c.Tag != "!!null" {
				out = append(out, Need{Text: s, Line: line})
			}
		case yaml.MappingNode:
			n := Need{Line: line}
			for _, g := range d.fields(c, 1) {
				switch g.key {
				case "need", "what", "text":
					n.Text = d.str(g)
				case "date", "since":
					n.Date = d.date(g)
				default:
					d.unknown(g, []string{"need", "date"})
				}
			}
			if n.Text == "" {
				d.errorf(line, "%s: an item has no text; write `- need: what they are looking for`", f.key)
				continue
			}
			out = append(out, n)
		default:
			d.errorf(line, "%s should be a list of text values or {need: text, date: YYYY-MM-DD}", f.key)
		}
	}
	return out
}
