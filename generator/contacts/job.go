package contacts

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"kith/generator/content"
)

// JobChange is a person whose org or role in an export differs from their
// note's: they changed jobs since the last import.
type JobChange struct {
	Name             string // the person, as the note names them
	OldOrg, OldRole  string // as the note has them
	NewOrg, NewRole  string // as the export has them; "" when it has none
	orgDiff, roleDif bool
}

// String is the change as `kith import` reports it: "Dana Okafor, Lumen
// Health → Mercy General" (the role when the org stayed).
func (j JobChange) String() string {
	if j.orgDiff {
		return fmt.Sprintf("%s, %s → %s", j.Name, j.OldOrg, j.NewOrg)
	}
	return fmt.Sprintf("%s, %s → %s", j.Name, j.OldRole, j.NewRole)
}

// LogText is the log line an update appends: "Changed jobs: Head of
// Product at Lumen Health → CMIO at Mercy General. #job".
func (j JobChange) LogText() string {
	newOrg, newRole := j.OldOrg, j.OldRole
	if j.orgDiff {
		newOrg = j.NewOrg
	}
	if j.roleDif {
		newRole = j.NewRole
	}
	return fmt.Sprintf("Changed jobs: %s → %s. #job", jobWords(j.OldRole, j.OldOrg), jobWords(newRole, newOrg))
}

func jobWords(role, org string) string {
	switch {
	case role != "" && org != "":
		return role + " at " + org
	case role != "":
		return role
	}
	return org
}

// jobChange compares a known note's org and role with a contact's: a value
// that both have and that differs (beyond case and accents) is a change;
// one the note lacks is only filled.
func jobChange(name, oldOrg, oldRole string, c *Contact) *JobChange {
	newOrg, newRole := cleanLine(c.Org), cleanLine(c.Role)
	differs := func(a, b string) bool { return a != "" && b != "" && content.Slug(a) != content.Slug(b) }
	j := &JobChange{Name: name, OldOrg: oldOrg, OldRole: oldRole, NewOrg: newOrg, NewRole: newRole,
		orgDiff: differs(oldOrg, newOrg), roleDif: differs(oldRole, newRole)}
	if !j.orgDiff && !j.roleDif {
		return nil
	}
	return j
}

// Keys the person parser reads as org and role (content.Parse), first the
// one kith writes.
var (
	orgKeys  = []string{"org", "company", "organization", "organisation"}
	roleKeys = []string{"role", "title", "position"}
)

// changeJob replaces the org and role values of the note src in place with
// j's new ones and appends one dated log line recording the change. Every
// other byte stays: the value is swapped inside its line, and the new line
// goes at the very end. A value it cannot swap that safely (written over
// several lines, or not where YAML says) makes it an errNotEditable.
func changeJob(src []byte, j JobChange, day content.Date) ([]byte, error) {
	bom, eol, lines, end, err := frontMatterLines(src)
	if err != nil {
		return nil, err
	}
	oldFM := strings.Join(lines[1:end], "")
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(oldFM), &doc); err != nil || len(doc.Content) == 0 {
		return nil, errNotEditable{"front matter is not valid YAML"}
	}
	root := doc.Content[0]
	want := map[string]string{}
	swap := func(keys []string, value string) error {
		for _, key := range keys {
			k, v := lookup(root, key)
			if k == nil {
				continue
			}
			if v.Kind != yaml.ScalarNode || v.Line != k.Line || v.Line >= end {
				return errNotEditable{fmt.Sprintf("%s is not a value on one line", key)}
			}
			line := lines[v.Line]
			start := byteCol(line, v.Column)
			n := tokenLen(line[start:], v)
			if n < 0 {
				return errNotEditable{fmt.Sprintf("%s is not written as YAML read it", key)}
			}
			lines[v.Line] = line[:start] + inlineValue(value) + line[start+n:]
			want[key] = value
			return nil
		}
		return nil
	}
	if j.orgDiff {
		if err := swap(orgKeys, j.NewOrg); err != nil {
			return nil, err
		}
	}
	if j.roleDif {
		if err := swap(roleKeys, j.NewRole); err != nil {
			return nil, err
		}
	}
	newFM := strings.Join(lines[1:end], "")
	if err := verifySwap(oldFM, newFM, want); err != nil {
		return nil, errNotEditable{fmt.Sprintf("could not update safely: %v", err)}
	}
	out := bom + strings.Join(lines, "")
	if !strings.HasSuffix(out, "\n") {
		out += eol
	}
	out += "- " + day.String() + " " + cleanLine(j.LogText()) + eol
	return []byte(out), nil
}

// byteCol turns yaml.v3's 1-based column, counted in characters, into a
// byte offset in line.
func byteCol(line string, col int) int {
	i := 0
	for n := 1; n < col && i < len(line); n++ {
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	return i
}

// tokenLen is the length in bytes of the scalar v as written at the start
// of s, or -1 when it is not there as a plain or quoted one-line scalar.
func tokenLen(s string, v *yaml.Node) int {
	switch v.Style {
	case 0:
		if strings.HasPrefix(s, v.Value) {
			return len(v.Value)
		}
	case yaml.DoubleQuotedStyle:
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
	case yaml.SingleQuotedStyle:
		for i := 1; i < len(s); i++ {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
	}
	return -1
}

// verifySwap checks that newFM reads as oldFM with the values in want, and
// nothing else changed.
func verifySwap(oldFM, newFM string, want map[string]string) error {
	var before, after map[string]any
	if err := yaml.Unmarshal([]byte(oldFM), &before); err != nil {
		return err
	}
	if err := yaml.Unmarshal([]byte(newFM), &after); err != nil {
		return err
	}
	for k, v := range want {
		if after[k] != v {
			return fmt.Errorf("%s reads back as %v, want %q", k, after[k], v)
		}
		before[k] = v
	}
	if !reflect.DeepEqual(before, after) {
		return fmt.Errorf("other fields changed")
	}
	return nil
}
