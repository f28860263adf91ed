package site

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"kith/generator/page"
	"kith/generator/search"
)

// TestSearchBuiltOnDemand: the preview asks for pages one by one; none of
// them, nor a theme file, may cost the search index, which is built when a
// file of it is first asked for.
func TestSearchBuiltOnDemand(t *testing.T) {
	s, _, err := Load(context.Background(), options(os.DirFS("../..")))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/people/", "/search/", "/_kith/style.css", "/_kith/search.js", "/nope/"} {
		if name, ok := s.Lookup(p); ok {
			if _, err := s.File(name); err != nil {
				t.Fatal(err)
			}
		}
	}
	if s.search != nil {
		t.Fatal("the index was built for pages and theme files")
	}
	name, ok := s.Lookup("/" + page.SearchIndex(nil))
	if !ok || name != "search/index.json" {
		t.Fatalf("Lookup of the index: got %q %v, want search/index.json", name, ok)
	}
	data, err := s.File(name)
	if err != nil || len(data) == 0 || data[0] != '{' {
		t.Fatalf("the index: got %.40q, %v", data, err)
	}
	found := false
	for _, f := range s.Files() {
		found = found || f == name
	}
	if !found {
		t.Errorf("Files does not list %s", name)
	}
}

// TestSearchCache builds the sample journal's site with a search cache,
// edits a note and builds again: the index's files are those of a site
// built without the cache, plain and encrypted, and the second build
// updated the index rather than building it whole.
func TestSearchCache(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		t.Run(fmt.Sprint("encrypted=", encrypted), func(t *testing.T) {
			journal := fstest.MapFS{}
			root := os.DirFS("../..")
			for _, dir := range []string{"kith.yaml", "content"} {
				err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return err
					}
					data, err := fs.ReadFile(root, p)
					journal[p] = &fstest.MapFile{Data: data}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			cache := &search.Cache{Path: filepath.Join(t.TempDir(), "search.idx"), Stamp: "test"}
			site := func(c *search.Cache) *Site {
				t.Helper()
				opt := options(journal)
				if encrypted {
					opt.Encrypt = testEncryption(t)
				}
				s, _, err := Load(context.Background(), opt)
				if err != nil {
					t.Fatal(err)
				}
				s.SetSearchCache(c)
				s.Files()
				return s
			}
			for step := range 2 {
				if step == 1 {
					var person string
					for p := range journal {
						if strings.HasPrefix(p, "content/people/") && (person == "" || p < person) {
							person = p
						}
					}
					journal[person] = &fstest.MapFile{Data: append(journal[person].Data, "\nAsked about oolong in Malmö.\n"...)}
				}
				got, want := site(cache), site(nil)
				if !reflect.DeepEqual(got.search, want.search) || !slices.Equal(got.Files(), want.Files()) {
					t.Errorf("step %d: the index's files differ from a site's without a cache", step)
				}
				if whole := got.SearchWhole(); (step == 0) != (whole != "") {
					t.Errorf("step %d: SearchWhole: got %q", step, whole)
				}
			}
		})
	}
}
