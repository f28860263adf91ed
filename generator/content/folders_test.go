package content

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFoldersKindOf(t *testing.T) {
	f := Folders{People: []string{"People"}, Entries: []string{"Journal", "Daily"}, Events: []string{"Journal/Events"}}
	tests := []struct {
		path string
		want Kind
	}{
		{"People/Dana Okafor.md", PersonFile},
		{"People/work/Dana Okafor.md", PersonFile},
		{"Daily/2026-03-10.md", EntryFile},
		{"Journal/2026-03-10 Coffee.md", EntryFile},
		{"Journal/Events/Summit.md", EventFile},
		{"Templates/Person.md", Other},
		{"Welcome.md", Other},
		{".obsidian/app.json", Other},
		{"People/.hidden.md", Other},
		{"People/notes.txt", Other},
		{"PeopleX/Dana.md", Other},
		{"content/people/Dana.md", Other},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := f.KindOf(tt.path); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConfigFolders(t *testing.T) {
	tests := []struct {
		name, src string
		want      Folders
		problems  []string
	}{
		{"none", "title: x\n", DefaultFolders(), nil},
		{"flow", "folders: {people: [People], entries: [Meetings, Daily], events: [Events]}\n",
			Folders{People: []string{"People"}, Entries: []string{"Meetings", "Daily"}, Events: []string{"Events"}}, nil},
		{"block, one kind", "folders:\n  people: Contacts/People/\n",
			Folders{People: []string{"Contacts/People"}, Entries: []string{DefaultEntriesDir}, Events: []string{DefaultEventsDir}}, nil},
		{"outside", "folders:\n  people: [../elsewhere]\n", DefaultFolders(),
			[]string{`kith.yaml:2: folders: people: "../elsewhere" is outside the journal folder; kith reads only notes inside it`}},
		{"absolute", "folders:\n  people: [/home/me/People]\n", DefaultFolders(),
			[]string{`kith.yaml:2: folders: people: "/home/me/People" is not relative to the journal folder; write it as the journal shows it, like People`}},
		{"hidden", "folders:\n  people: [.obsidian]\n", DefaultFolders(),
			[]string{`kith.yaml:2: folders: people: ".obsidian" is a hidden folder, which kith never reads`}},
		{"unknown kind", "folders:\n  persons: [People]\n", DefaultFolders(),
			[]string{`kith.yaml:2: warning: unknown field "persons"; known fields: people, entries, events`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, probs := ParseConfig("kith.yaml", []byte(tt.src))
			if !slices.Equal(c.Folders.People, tt.want.People) || !slices.Equal(c.Folders.Entries, tt.want.Entries) || !slices.Equal(c.Folders.Events, tt.want.Events) {
				t.Errorf("got %+v, want %+v", c.Folders, tt.want)
			}
			var got []string
			for _, p := range probs {
				got = append(got, p.Error())
			}
			if !slices.Equal(got, tt.problems) {
				t.Errorf("got problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.problems, "\n"))
			}
		})
	}
}

func TestLoadVaultFolders(t *testing.T) {
	note := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"kith.yaml":                     note("folders: {people: [People], entries: [Meetings, Daily], events: [Events]}\n"),
		".obsidian/app.json":            note("{}"),
		"Templates/Person.md":           note("---\ndate: {{date}}\n---\n"),
		"Welcome.md":                    note("# Welcome\n"),
		"People/Dana Okafor.md":         note("---\norg: Lumen\n---\n"),
		"Meetings/2026-03-10 Coffee.md": note("Coffee with [[Dana Okafor]].\n"),
		"Daily/2026-03-11.md":           note("- talked to [[Dana Okafor]]\n"),
		"content/people/Not Read.md":    note("---\nname: Not Read\n---\n"),
		"People/.obsidian-trash/Old.md": note("---\n---\n"),
		"People/Dana.MD":                note("---\n---\n"),
	}
	set, err := Load(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	wantPaths := []string{"Daily/2026-03-11.md", "Meetings/2026-03-10 Coffee.md", "People/Dana Okafor.md"}
	if got := set.Paths(); !slices.Equal(got, wantPaths) {
		t.Errorf("got paths %q, want %q", got, wantPaths)
	}
	if got, want := set.FoldersLine(), "read notes from Daily, Meetings, People (not found: Events; see folders: in kith.yaml)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if d := set.Docs["People/Dana Okafor.md"]; d.Person == nil {
		t.Errorf("got no person for People/Dana Okafor.md")
	}
	if _, ok := set.Problems["People/Dana.MD"]; !ok {
		t.Errorf("got no warning for People/Dana.MD")
	}
}

func TestFoldersHolds(t *testing.T) {
	f := Folders{People: []string{"People"}, Entries: []string{"Meetings", "Daily"}, Events: []string{"Events"}}
	tests := []struct {
		path string
		want bool
	}{
		{"People", true},
		{"People/Dana.md", true},
		{"Daily/2026/x.md", true},
		{"Templates/Person.md", false},
		{"PeopleX/a.md", false},
		{"kith.yaml", false},
		{"content/people/a.md", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := f.Holds(tt.path); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if !DefaultFolders().Holds("content/people/a.md") || DefaultFolders().Holds("content/x.md") {
		t.Errorf("got the default folders holding the wrong paths")
	}
	if f.Equal(DefaultFolders()) || !f.Equal(f) {
		t.Errorf("got Equal wrong")
	}
}
