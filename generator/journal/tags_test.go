package journal

import "testing"

// TestTagsOncePerNote checks that tags written differently but with one
// slug ("Open Source", "open-source") are one tag, listed once per note.
func TestTagsOncePerNote(t *testing.T) {
	j := load(t, "2026-11-23", map[string]string{
		"content/people/Dana Okafor.md": person("Dana Okafor", "tags: [Open Source, open-source, ux, UX]"),
		"content/entries/e.md":          "---\ndate: 2026-01-01\nwith: [Dana Okafor]\ntags: [Open Source, open-source]\n---\n",
	})
	if len(j.Tags) != 2 {
		t.Fatalf("got %d tags, want 2 (open-source, ux)", len(j.Tags))
	}
	for _, tg := range j.Tags {
		if len(tg.People) != 1 {
			t.Errorf("tag %s: got %d people, want Dana once", tg.Slug, len(tg.People))
		}
	}
	if p := j.People[0]; len(p.Tags) != 2 {
		t.Errorf("Dana: got %d tags, want 2", len(p.Tags))
	}
	if e := j.Entries[0]; len(e.Tags) != 1 || len(e.Tags[0].Entries) != 1 {
		t.Errorf("entry: got %d tags, want open-source once, with the entry once", len(e.Tags))
	}
}
