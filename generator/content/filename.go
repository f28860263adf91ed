package content

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxFileBase keeps note file names well under the 255-byte limit of common
// file systems.
const maxFileBase = 120

// FileBase makes a name safe as a note's file name (without ".md") on every
// common system: / \ : * ? " < > | and control characters become spaces,
// white space is collapsed, invalid UTF-8 is dropped, and the result is cut
// to 120 bytes. It never looks like a file kith ignores (".x", "#x"),
// so a new note cannot silently vanish. It may return "".
func FileBase(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	for len(name) > maxFileBase {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	// A leading "." hides the file and a leading "#" marks an editor's
	// file; trailing dots and spaces are not allowed on Windows.
	name = strings.TrimLeft(name, " .#")
	name = strings.TrimRight(name, " .")
	if Ignored(DefaultPeopleDir + "/" + name + ".md") {
		name = strings.ReplaceAll(name, "___jb_", "jb_")
	}
	return name
}
