package content

import "testing"

func TestHarden13WindowsReserved(t *testing.T) {
	tests := []struct {
		name     string
		reserved bool
		base     string // NoteBase(name)
	}{
		{"CON", true, "CON_"},
		{"con", true, "con_"},
		{"Con", true, "Con_"},
		{"nul.tar.gz", true, "nul_.tar.gz"},
		{"AUX.", true, "AUX_"}, // FileBase drops the trailing dot
		{"prn ", true, "prn_"},
		{"Com1", true, "Com1_"},
		{"LPT9", true, "LPT9_"},
		{"COM¹", true, "COM¹_"},
		{"conin$", true, "conin$_"},
		{"CON .x", true, "CON_.x"},
		{"COM0", false, "COM0"},
		{"COM10", false, "COM10"},
		{"Connie", false, "Connie"},
		{"Con Lee", false, "Con Lee"},
		{"Null", false, "Null"},
		{"Dana Okafor", false, "Dana Okafor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WindowsReserved(FileBase(tt.name)); got != tt.reserved {
				t.Errorf("WindowsReserved(%q) = %v, want %v", tt.name, got, tt.reserved)
			}
			got := NoteBase(tt.name)
			if got != tt.base {
				t.Errorf("NoteBase(%q) = %q, want %q", tt.name, got, tt.base)
			}
			if WindowsReserved(got) {
				t.Errorf("NoteBase(%q) = %q is reserved", tt.name, got)
			}
			if Slug(got) != Slug(tt.name) {
				t.Errorf("slug changed: got %q, want %q", Slug(got), Slug(tt.name))
			}
		})
	}
}

func TestNotePaths(t *testing.T) {
	d := Date{Year: 2026, Month: 3, Day: 9}
	f := DefaultFolders()
	vault := Folders{People: []string{"People", "Contacts"}, Entries: []string{"Meetings"}, Events: []string{"Events"}}
	tests := []struct{ name, got, want string }{
		{"person", f.PersonPath("Dana Okafor"), "content/people/Dana Okafor.md"},
		{"person with a reserved name", f.PersonPath("Aux"), "content/people/Aux_.md"},
		{"person without a usable name", f.PersonPath("///"), ""},
		{"entry", f.EntryPath(d, "2026-03-09-lunch"), "content/entries/2026/2026-03-09-lunch.md"},
		{"event", f.EventPath("con"), "content/events/con_.md"},
		{"person in a vault's first people folder", vault.PersonPath("Dana Okafor"), "People/Dana Okafor.md"},
		{"entry in a vault", vault.EntryPath(d, "2026-03-09-lunch"), "Meetings/2026/2026-03-09-lunch.md"},
		{"event in a vault", vault.EventPath("summit"), "Events/summit.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
