package content

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestVaultFixture loads the Obsidian-style golden vault: only the folders
// kith.yaml names are read, and only the vault's own extra properties are
// warned about.
func TestVaultFixture(t *testing.T) {
	set, err := Load(context.Background(), os.DirFS("../../testdata/golden/vault/journal"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range set.Paths() {
		if strings.HasPrefix(p, "Templates/") || strings.HasPrefix(p, ".obsidian/") || !strings.Contains(p, "/") {
			t.Errorf("got %s read, want it ignored", p)
		}
	}
	if got, want := len(set.Paths()), 11; got != want {
		t.Errorf("got %d notes, want %d", got, want)
	}
	var got []string
	for _, p := range set.AllProblems() {
		got = append(got, p.Error())
	}
	want := []string{
		`Meetings/2026-03-10 Coffee with Amara.md:2: warning: unknown field "categories"; known fields: date, title, with, kind, event, gave, received, thanked, follow_up, draft, private, tags`,
		`Meetings/2026-03-10 Coffee with Amara.md:9: warning: unknown field "topics"; known fields: date, title, with, kind, event, gave, received, thanked, follow_up, draft, private, tags`,
		`People/Amara Osei.md:2: warning: unknown field "categories"; known fields: name, aliases, org, role, location, tags, expertise, likes, met, contact, birthday, keep_in_touch, draft, private`,
		`People/Amara Osei.md:11: warning: unknown field "created"; known fields: name, aliases, org, role, location, tags, expertise, likes, met, contact, birthday, keep_in_touch, draft, private`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got, want := set.FoldersLine(), "read notes from Daily, Events, Meetings, People"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
