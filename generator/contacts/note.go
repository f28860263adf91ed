package contacts

import (
	"bytes"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Note returns the person note for c: YAML front matter with the fields name, org,
// role, tags, met {date, where}, contact {email, phone, linkedin, website} and
// birthday, in that order and only when set, followed by c.Note as the body. Values
// are quoted by the YAML encoder wherever needed, so any name reads back unchanged.
func Note(c Contact) []byte {
	fm := &yaml.Node{Kind: yaml.MappingNode}
	addField(fm, "name", c.Name)
	addField(fm, "org", c.Org)
	addField(fm, "role", c.Role)
	if len(c.Tags) > 0 {
		tags := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, t := range c.Tags {
			tags.Content = append(tags.Content, scalarNode(cleanLine(t)))
		}
		fm.Content = append(fm.Content, scalarNode("tags"), tags)
	}
	met := &yaml.Node{Kind: yaml.MappingNode}
	addField(met, "date", c.MetDate)
	addField(met, "where", c.MetWhere)
	addBlock(fm, "met", met)
	contact := &yaml.Node{Kind: yaml.MappingNode}
	addField(contact, "email", c.Email)
	addField(contact, "phone", c.Phone)
	addField(contact, "linkedin", c.LinkedIn)
	addField(contact, "website", c.Website)
	addBlock(fm, "contact", contact)
	addField(fm, "birthday", c.Birthday)

	var b bytes.Buffer
	b.WriteString("---\n")
	b.WriteString(encodeNode(fm))
	b.WriteString("---\n")
	if body := cleanText(c.Note); body != "" {
		b.WriteString("\n")
		b.WriteString(body)
		b.WriteString("\n")
	}
	return b.Bytes()
}

// addField appends key: value to the mapping m unless value is empty.
func addField(m *yaml.Node, key, value string) {
	if value == "" {
		return
	}
	m.Content = append(m.Content, scalarNode(key), scalarNode(cleanLine(value)))
}

// addBlock appends key: with the mapping sub to m unless sub is empty.
func addBlock(m *yaml.Node, key string, sub *yaml.Node) {
	if len(sub.Content) > 0 {
		m.Content = append(m.Content, scalarNode(key), sub)
	}
}

// scalarNode is a string scalar the encoder quotes when needed. A date is tagged as
// one so that it is written plain (2024-03-12), the way people write dates by hand.
func scalarNode(v string) *yaml.Node {
	v = strings.ToValidUTF8(v, "\uFFFD") // invalid UTF-8 would be written as !!binary
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	if isDate(v) {
		n.Tag = "!!timestamp"
	}
	if strings.ContainsAny(v, "\r\n") {
		n.Style = yaml.DoubleQuotedStyle // keep every value on its own line
	}
	return n
}

// isDate reports whether v is a valid YYYY-MM-DD date.
func isDate(v string) bool {
	if len(v) != len(time.DateOnly) {
		return false
	}
	_, err := time.Parse(time.DateOnly, v)
	return err == nil
}

// encodeNode writes n as YAML with two-space indentation.
func encodeNode(n *yaml.Node) string {
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		// Only malformed node trees fail to encode; ours are built above from strings.
		panic("contacts: encoding front matter: " + err.Error())
	}
	if err := enc.Close(); err != nil {
		panic("contacts: encoding front matter: " + err.Error())
	}
	return b.String()
}

// inlineValue is the YAML text of a scalar value on the line of its key.
func inlineValue(v string) string {
	return strings.TrimSuffix(encodeNode(scalarNode(cleanLine(v))), "\n")
}
