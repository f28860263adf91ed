package content_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kith/generator/content"
	"kith/generator/synth"
)

// TestFlatFrontJournals checks flatFront against yaml.v3 on every note of
// the sample, edge and synthetic journals, and that it reads most of them.
func TestFlatFrontJournals(t *testing.T) {
	journals := map[string]fs.FS{
		"sample":    os.DirFS("../.."),
		"edge":      os.DirFS("../../testdata/golden/edge/journal"),
		"synthetic": synth.Generate(synth.Options{People: 100, Entries: 400, Events: 4, Seed: 3, Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}),
	}
	for name, fsys := range journals {
		t.Run(name, func(t *testing.T) {
			notes, flat := 0, 0
			err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
					return err
				}
				data, err := fs.ReadFile(fsys, p)
				if err != nil {
					return err
				}
				front, _, _, err := content.Split(data)
				if err != nil || front == nil {
					return nil
				}
				notes++
				if content.CheckFlat(t, front) {
					flat++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d of %d notes read by flatFront", flat, notes)
			if name == "synthetic" && flat < notes {
				t.Errorf("flatFront read %d of %d synthetic notes, want all", flat, notes)
			}
		})
	}
}
