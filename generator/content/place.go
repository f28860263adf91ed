package content

import (
	"fmt"
	"strings"
)

// Where a new note goes: `kith new` and the importers decide a new note's
// path only through these methods, in the first folder of its kind that the
// journal reads (folders.go), so that every note kith creates follows the
// same rules.

// PersonPath is the path of a new person note whose file is named after
// name: <people folder>/<NoteBase(name)>.md, or "" when the name leaves
// nothing to name a file after.
func (f Folders) PersonPath(name string) string {
	base := NoteBase(name)
	if base == "" {
		return ""
	}
	return f.PeopleDir() + "/" + base + ".md"
}

// EntryPath is the path of a new entry note: in a folder per year,
// <entries folder>/<year>/<base>.md, where base is a slug-like name that
// starts with the entry's date.
func (f Folders) EntryPath(date Date, base string) string {
	return fmt.Sprintf("%s/%04d/%s.md", f.EntriesDir(), date.Year, NoteBase(base))
}

// EventPath is the path of a new event note named by its slug:
// <events folder>/<slug>.md.
func (f Folders) EventPath(slug string) string {
	return f.EventsDir() + "/" + NoteBase(slug) + ".md"
}

// NoteBase makes name the base of a new note's file name (without ".md"). It
// is FileBase, and in addition never a name Windows reserves for a device
// (see WindowsReserved): such a file cannot be created or opened there, so a
// journal synced to Windows would break. A reserved name gets "_" after its
// device part ("Con" → "Con_", "nul.x" → "nul_.x"), which keeps its slug, so
// the note's address does not change. It may return "".
func NoteBase(name string) string {
	base := FileBase(name)
	if !WindowsReserved(base) {
		return base
	}
	stem, ext, _ := strings.Cut(base, ".")
	stem = strings.TrimRight(stem, " ")
	if ext != "" {
		return stem + "_." + ext
	}
	return stem + "_"
}

// WindowsReserved reports whether base, a file name, is one Windows gives to
// a device whatever follows it: CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9
// (and COM¹²³, LPT¹²³), CONIN$ and CONOUT$, in any case, alone or before an
// extension ("con.md", "NUL.tar.gz"), with trailing spaces or dots.
func WindowsReserved(base string) bool {
	stem, _, _ := strings.Cut(base, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(stem) < 4 || (!strings.HasPrefix(stem, "COM") && !strings.HasPrefix(stem, "LPT")) {
		return false
	}
	switch stem[3:] {
	case "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}
