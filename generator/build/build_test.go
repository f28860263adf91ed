package build

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"kith/generator/content"
	"kith/generator/site"
	"kith/templates"
)

var today = content.Date{Year: 2026, Month: 11, Day: 23}

func edgeOptions(dest string) Options {
	return Options{
		Site: site.Options{Journal: os.DirFS("../../testdata/golden/edge/journal"), Theme: templates.FS(), Today: today},
		Dest: dest,
	}
}

// TestRunMatchesGolden builds the edge journal through the pipeline and
// compares a few files with the golden site.
func TestRunMatchesGolden(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Run(context.Background(), edgeOptions(dest))
	if err != nil {
		t.Fatal(err)
	}
	if res.Files == 0 || res.Site.Pages() == 0 {
		t.Fatalf("got %d files, %d pages, want some", res.Files, res.Site.Pages())
	}
	for _, name := range []string{"index.html", "people/index.html", "entries/index.html", "404.html"} {
		got, err := os.ReadFile(filepath.Join(dest, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("../../testdata/golden/edge/want", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: differs from the golden file", name)
		}
	}
}

// TestRunKey checks that Key is asked with the journal's config, and that
// its error stops the build before anything is written.
func TestRunKey(t *testing.T) {
	errNoKey := errors.New("no passphrase")
	tests := []struct {
		name      string
		key       error
		wantBuilt bool
	}{
		{"plaintext", nil, true},
		{"key fails", errNoKey, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			opt := edgeOptions(dest)
			asked := false
			opt.Key = func(cfg content.Config) (*site.Encryption, error) {
				asked = cfg.Title != ""
				return nil, tt.key
			}
			_, err := Run(context.Background(), opt)
			if !errors.Is(err, tt.key) {
				t.Fatalf("got error %v, want %v", err, tt.key)
			}
			if !asked {
				t.Error("Key was not asked with the journal's config")
			}
			_, statErr := os.Stat(filepath.Join(dest, "index.html"))
			if built := statErr == nil; built != tt.wantBuilt {
				t.Errorf("got built %v, want %v", built, tt.wantBuilt)
			}
		})
	}
}
