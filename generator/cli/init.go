package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"kith/generator/content"
)

// examplePerson is the note of the starter journal that is content rather
// than scaffolding: it is written only into a journal without notes.
const examplePerson = content.DefaultPeopleDir + "/Ada Example.md"

// starter is the journal `kith init` writes.
func starter(owner string) []struct{ path, body string } {
	return []struct{ path, body string }{
		{"kith.yaml", "# kith journal settings. See docs/content.md.\ntitle: Networking journal\nowner: " + owner + "\n# How often to keep in touch with people who have no keep_in_touch of their own.\ndefault_keep_in_touch: 6m\n"},
		{examplePerson, `---
name: Ada Example
aliases: [Ada]
org: Example Works
role: Engineering lead
tags: [mentor]
expertise: [distributed systems, hiring]
likes: [sourdough, trail running]
met:
  date: 2026-01-15
  where: a meetup
keep_in_touch: 3m
---
Ada runs the platform team at Example Works. Ask her about hiring.

- 2026-01-15 Met at the meetup; talked about on-call rotations. #meeting
- 2026-02-02 She reviewed my conference talk outline. #received
`},
		{content.DefaultEntriesDir + "/.keep", ""},
		{content.DefaultEventsDir + "/.keep", ""},
		{".gitignore", "/public/\n/.public.kith-spare/\n"},
	}
}

func runInit(ctx context.Context, env Env, args []string) error {
	pos, err := parse(flags(env, "init"), args)
	if err != nil {
		return err
	}
	dir := "."
	if len(pos) > 0 {
		dir = pos[0]
	}
	if len(pos) > 1 {
		return fmt.Errorf("init takes one folder, got %d", len(pos))
	}
	owner := env.Getenv("USER")
	if owner == "" {
		owner = "Me"
	}
	// The example person would be published and listed in Thanks and
	// Follow-ups of a journal that already has people of its own.
	notes, err := hasNotes(ctx, dir)
	if err != nil {
		return err
	}
	var made, kept int
	for _, f := range starter(owner) {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if f.path == examplePerson && notes {
			fmt.Fprintf(env.Stdout, "left out %s (the journal has notes already)\n", content.Printable(p))
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		err := createNew(p, []byte(f.body))
		if errors.Is(err, fs.ErrExist) {
			fmt.Fprintf(env.Stdout, "kept   %s (it exists; kith never overwrites)\n", content.Printable(p))
			kept++
			continue
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "made   %s\n", content.Printable(p))
		made++
	}
	fmt.Fprintf(env.Stdout, "\nA journal is ready in %s (%d files made, %d kept). Next:\n  kith build -s %s\n", content.Printable(dir), made, kept, content.Printable(dir))
	return nil
}

// hasNotes reports whether the journal in dir has any note (person, entry or
// event, drafts and broken notes included). A folder that does not exist yet
// has none.
func hasNotes(ctx context.Context, dir string) (bool, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	set, err := content.Load(ctx, os.DirFS(dir))
	if err != nil {
		return false, err
	}
	return len(set.Docs) > 0 || len(set.Problems) > 0, nil
}

// createNew writes a file that must not exist yet (O_EXCL): kith never
// overwrites a note.
func createNew(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(p)
		return err
	}
	return f.Close()
}
