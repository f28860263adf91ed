// Package archetype renders the first text of a new note — a person, an
// entry or an event — from a text/template: the journal's own
// archetypes/<kind>.md when it has one, else a built-in one.
//
// Templates see a Data and have one function, yaml, which writes a value as
// a YAML scalar or flow list that reads back as exactly that value, so that
// names with quotes, colons or a leading '#' still give valid front matter.
package archetype

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"text/template"

	"gopkg.in/yaml.v3"
)

// The kinds of note an archetype makes.
const (
	Person = "person"
	Entry  = "entry"
	Event  = "event"
)

// Kinds lists the kinds of note, in the order the CLI shows them.
func Kinds() []string { return []string{Person, Entry, Event} }

// Dir is the folder of a journal that holds its own archetypes.
const Dir = "archetypes"

//go:embed person.md entry.md event.md
var builtin embed.FS // read-only

// Data is what an archetype template sees. Names are the canonical names of
// people already in the journal; Date is YYYY-MM-DD.
type Data struct {
	Name   string   // the person's or event's name
	Title  string   // the entry's title
	Date   string   // the entry's or event's date; for a person, the day met (today)
	Today  string   // the day the note is made
	Org    string   // person: --org
	Tags   []string // person: --tags
	MetVia string   // person: who introduced you (--met-via)
	With   []string // entry: the people it is with (--with)
	Kind   string   // entry: call, meeting, ... (default note)
}

// Builtin returns the built-in template text of a kind of note.
func Builtin(kind string) ([]byte, error) {
	if !valid(kind) {
		return nil, fmt.Errorf("no archetype %q; the kinds are %s", kind, strings.Join(Kinds(), ", "))
	}
	return builtin.ReadFile(kind + ".md")
}

func valid(kind string) bool {
	for _, k := range Kinds() {
		if k == kind {
			return true
		}
	}
	return false
}

// Render renders the archetype of a kind of note with d. It uses the
// journal's archetypes/<kind>.md when journal (which may be nil) has it,
// else the built-in one. It also returns the template's name: the journal
// path, or "built-in <kind>.md". Errors in a journal's template start with
// its path.
func Render(journal fs.FS, kind string, d Data) ([]byte, string, error) {
	text, err := Builtin(kind)
	if err != nil {
		return nil, "", err
	}
	name := "built-in " + kind + ".md"
	if journal != nil {
		p := path.Join(Dir, kind+".md")
		own, err := fs.ReadFile(journal, p)
		switch {
		case err == nil:
			text, name = own, p
		case !errors.Is(err, fs.ErrNotExist):
			return nil, "", fmt.Errorf("%s: %w", p, err)
		}
	}
	t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{"yaml": Quote}).Parse(string(text))
	if err != nil {
		return nil, name, err // text/template's errors start with "template: name:line:"
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return nil, name, err
	}
	return buf.Bytes(), name, nil
}

// Quote writes v as a YAML value that fits after "key: " on one line: a
// string as a plain or quoted scalar, a list of strings as a flow list like
// [a, "b: c"]. It is the templates' yaml function.
func Quote(v any) (string, error) {
	var n *yaml.Node
	switch x := v.(type) {
	case string:
		n = scalar(x)
	case []string:
		n = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		for _, s := range x {
			n.Content = append(n.Content, scalar(s))
		}
	case nil:
		return `""`, nil
	default:
		return "", fmt.Errorf("yaml: cannot write a %T; give it text or a list of text", v)
	}
	out, err := encode(n)
	if err != nil {
		return "", err
	}
	if strings.Contains(out, "\n") {
		// A long or multi-line value came out as a block; force one line.
		setStyle(n, yaml.DoubleQuotedStyle)
		if out, err = encode(n); err != nil {
			return "", err
		}
	}
	return out, nil
}

// scalar is a string node; yaml.v3 quotes it when it would otherwise read
// back as something else (true, 12, null, a date, "a: b", "#x").
func scalar(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func setStyle(n *yaml.Node, st yaml.Style) {
	if n.Kind == yaml.ScalarNode {
		n.Style = st
	}
	for _, c := range n.Content {
		setStyle(c, st)
	}
}

func encode(n *yaml.Node) (string, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return "", fmt.Errorf("yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return "", fmt.Errorf("yaml: %w", err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}
