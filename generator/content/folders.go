package content

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// The folders a journal keeps its notes in when kith.yaml names none. They
// are spelled here and nowhere else.
const (
	DefaultPeopleDir  = "content/people"
	DefaultEntriesDir = "content/entries"
	DefaultEventsDir  = "content/events"
)

// Folders says which folders of a journal hold which kind of note, as
// slash-separated paths relative to the journal folder. Files elsewhere
// (an Obsidian vault's .obsidian/ and Templates/, other notes) are not read.
type Folders struct {
	People, Entries, Events []string
}

// DefaultFolders returns the folders of a journal whose kith.yaml has no
// `folders:`: content/people, content/entries and content/events.
func DefaultFolders() Folders {
	return Folders{
		People:  []string{DefaultPeopleDir},
		Entries: []string{DefaultEntriesDir},
		Events:  []string{DefaultEventsDir},
	}
}

// KindOf says what a journal path (slash-separated, relative to the journal
// root) holds. When folders nest (entries in Journal, events in
// Journal/Events), the deepest folder decides. Hidden files, editor
// leftovers and files not ending in .md are Other.
func (f Folders) KindOf(p string) Kind {
	if !strings.HasSuffix(p, ".md") || Ignored(p) || folderNote(p) {
		return Other
	}
	k, _ := f.folderOf(p)
	return k
}

// folderNote reports whether p is a folder note: a note named as its
// folder (Daily/Daily.md), which Obsidian users keep as the folder's
// overview or dashboard, not as a note about a day or a person.
func folderNote(p string) bool {
	dir := path.Dir(p)
	return dir != "." && strings.EqualFold(path.Base(dir)+".md", path.Base(p))
}

// folderOf returns the kind and folder of the deepest folder holding p.
func (f Folders) folderOf(p string) (Kind, string) {
	if f.People == nil && f.Entries == nil && f.Events == nil {
		f = DefaultFolders() // a Config made in code, not read from kith.yaml
	}
	kind, best := Other, ""
	try := func(k Kind, dirs []string) {
		for _, d := range dirs {
			if inside(p, d) && len(d) > len(best) {
				kind, best = k, d
			}
		}
	}
	try(PersonFile, f.People)
	try(EntryFile, f.Entries)
	try(EventFile, f.Events)
	return kind, best
}

// inside reports whether p lies under the folder dir ("." is the whole journal).
func inside(p, dir string) bool {
	return dir == "." || len(p) > len(dir) && p[len(dir)] == '/' && strings.HasPrefix(p, dir) // no dir+"/" made: asked of every note
}

// PeopleDir is the first people folder: where a message says a person's
// note belongs.
func (f Folders) PeopleDir() string { return first(f.People, DefaultPeopleDir) }

// EntriesDir is the first entries folder.
func (f Folders) EntriesDir() string { return first(f.Entries, DefaultEntriesDir) }

// EventsDir is the first events folder.
func (f Folders) EventsDir() string { return first(f.Events, DefaultEventsDir) }

func first(dirs []string, def string) string {
	if len(dirs) == 0 {
		return def
	}
	return dirs[0]
}

// Roots lists every folder once, sorted.
func (f Folders) Roots() []string {
	if f.People == nil && f.Entries == nil && f.Events == nil {
		f = DefaultFolders()
	}
	out := slices.Concat(f.People, f.Entries, f.Events)
	slices.Sort(out)
	return slices.Compact(out)
}

// Describe says which folder holds which kind of note, for `kith check`:
// "people: People; entries: Meetings, Daily; events: Events".
func (f Folders) Describe() string {
	return fmt.Sprintf("people: %s; entries: %s; events: %s",
		strings.Join(f.People, ", "), strings.Join(f.Entries, ", "), strings.Join(f.Events, ", "))
}

// cleanFolder checks a folder named in kith.yaml and returns it in the form
// kith compares paths in, or why it cannot be used.
func cleanFolder(s string) (string, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), `\`, "/")
	if s == "" {
		return "", fmt.Errorf("an empty folder name")
	}
	if strings.HasPrefix(s, "/") || len(s) > 1 && s[1] == ':' {
		return "", fmt.Errorf("%q is not relative to the journal folder; write it as the journal shows it, like People", s)
	}
	c := path.Clean(s)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("%q is outside the journal folder; kith reads only notes inside it", s)
	}
	if c != "." && Ignored(c+"/x.md") {
		return "", fmt.Errorf("%q is a hidden folder, which kith never reads", s)
	}
	return c, nil
}

// IsDefault reports whether f are the default folders.
func (f Folders) IsDefault() bool { return f.Equal(DefaultFolders()) }

// Equal reports whether f and g name the same folders for each kind: when
// kith.yaml changes them, the whole journal must be read again.
func (f Folders) Equal(g Folders) bool {
	return slices.Equal(f.People, g.People) && slices.Equal(f.Entries, g.Entries) && slices.Equal(f.Events, g.Events)
}

// Holds reports whether the journal path p is one of the note folders or
// lies inside one: what the preview watches, besides kith.yaml and the theme.
func (f Folders) Holds(p string) bool {
	for _, r := range f.Roots() {
		if p == r || inside(p, r) {
			return true
		}
	}
	return false
}

// FoldersLine says which note folders were read, and which of those
// kith.yaml names do not exist, for `kith check`. It is "" for a journal
// with the default folders, all of which may be missing.
func (s *Set) FoldersLine() string {
	f := s.Config.Folders
	if f.IsDefault() {
		return ""
	}
	var missing []string
	for _, r := range f.Roots() {
		if r == DefaultPeopleDir || r == DefaultEntriesDir || r == DefaultEventsDir {
			continue // a kind kith.yaml leaves out keeps its default folder, which may well not exist
		}
		if _, ok := slices.BinarySearch(s.Read, r); !ok {
			missing = append(missing, r)
		}
	}
	line := "read notes from " + strings.Join(s.Read, ", ")
	if len(s.Read) == 0 {
		line = "read no notes"
	}
	if len(missing) > 0 {
		line += " (not found: " + strings.Join(missing, ", ") + "; see folders: in kith.yaml)"
	}
	return line
}
