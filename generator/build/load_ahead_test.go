package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"kith/generator/content"
	"kith/generator/output"
	"kith/generator/site"
	"kith/templates"
)

// TestPatchedUpdateEqualsLinked: random sequences of edits to a journal on
// disk, each followed by an update that links the journal as the cache of
// parsed notes held it while the journal is walked and patches it with
// the notes that changed (linkUpdate); after every step the update's site
// is the one linked from scratch from the journal loaded anew: the same
// model (journal.Dump), the same files with the same bytes, the same
// errors. Most steps must have been patched, else the test proves little.
func TestPatchedUpdateEqualsLinked(t *testing.T) {
	seeds, steps := 6, 24
	if testing.Short() {
		seeds, steps = 2, 12
	}
	ctx := context.Background()
	for seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			root := t.TempDir()
			j := &journalDisk{t: t, dir: filepath.Join(root, "journal"), rnd: rand.New(rand.NewPCG(uint64(seed), 16)), content: true}
			j.seed()
			so := site.Options{Journal: os.DirFS(j.dir), Theme: templates.FS(), Today: today}
			opt := Options{
				Site:      so,
				Generator: func() string { return "test" },
				Cache:     filepath.Join(root, "cache", "inputs.bin"),
				Parsed:    filepath.Join(root, "cache", "notes.bin"),
				Dest:      filepath.Join(root, "site"),
				Output:    output.Options{Incremental: true},
			}
			patched := 0
			for step := range steps {
				what := "the first build"
				if step > 0 {
					what = j.edit()
				}
				res, err := Run(ctx, opt)
				set, lerr := content.Load(ctx, so.Journal)
				if lerr != nil {
					t.Fatal(lerr)
				}
				theme, terr := site.Theme(so)
				if terr != nil {
					t.Fatal(terr)
				}
				want, werr := site.Link(set, so, theme)
				if res.Patched {
					patched++
				}
				t.Logf("step %d (%s): patched %v, relinked because %q", step, what, res.Patched, res.Relinked)
				var got, wantp content.Problems
				if errors.As(err, &got) || errors.As(werr, &wantp) {
					if got.Error() != wantp.Error() {
						t.Fatalf("step %d (%s): got errors %v, want %v", step, what, err, werr)
					}
					continue
				}
				if err != nil || werr != nil {
					t.Fatalf("step %d (%s): got error %v, want %v", step, what, err, werr)
				}
				sameSite(t, fmt.Sprintf("step %d (%s)", step, what), res.Site, want)
			}
			if patched < steps/3 {
				t.Errorf("%d of %d updates patched, want a third at least", patched, steps)
			}
		})
	}
}

// sameSite fails the test unless got and want have the same model and the
// same files with the same bytes.
func sameSite(t *testing.T, at string, got, want *site.Site) {
	t.Helper()
	var gd, wd bytes.Buffer
	if err := got.J.Dump(&gd); err != nil {
		t.Fatal(err)
	}
	if err := want.J.Dump(&wd); err != nil {
		t.Fatal(err)
	}
	if gd.String() != wd.String() {
		gl, wl := bytes.Split(gd.Bytes(), []byte("\n")), bytes.Split(wd.Bytes(), []byte("\n"))
		for i := range min(len(gl), len(wl)) {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("%s: the models differ at line %d: got %q, want %q", at, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: the models differ: %d lines, want %d", at, len(gl), len(wl))
	}
	gf, wf := got.Files(), want.Files()
	if !slices.Equal(gf, wf) {
		t.Fatalf("%s: got files %v, want %v", at, gf, wf)
	}
	for _, name := range wf {
		g, err := got.File(name)
		if err != nil {
			t.Fatal(err)
		}
		w, err := want.File(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g, w) {
			t.Fatalf("%s: %s differs from the site linked from scratch", at, name)
		}
	}
}
