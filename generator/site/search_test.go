package site

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"kith/generator/output"
	"os"
	"path/filepath"

	"slices"
	"strings"
	"sync"
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
			sink := &mapSink{files: map[string][]byte{}, sums: map[string]output.Sum{}}
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
				if c != nil {
					s.SetSearchCache(c)
					s.SetSearchSink(sink)
				}
				s.Files()
				if err := s.SearchErr(); err != nil {
					t.Fatal(err)
				}
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
				if !slices.Equal(got.Files(), want.Files()) || len(got.search) != len(want.search) {
					t.Errorf("step %d: the index's files are not those of a site without a cache", step)
				}
				for name, data := range want.search {
					if b, ok := got.search[name]; !ok || b != nil || !bytes.Equal(sink.files[name], data) {
						t.Errorf("step %d: %s differs from a site's without a cache", step, name)
					}
				}
				if whole := got.SearchWhole(); (step == 0) != (whole != "") {
					t.Errorf("step %d: SearchWhole: got %q", step, whole)
				}
			}
		})
	}
}

// mapSink is a site being written, in memory (search.Sink).
type mapSink struct {
	mu    sync.Mutex
	files map[string][]byte
	sums  map[string]output.Sum
}

func (m *mapSink) Write(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name], m.sums[name] = bytes.Clone(data), output.SumOf(data)
	return nil
}

func (m *mapSink) Keep(name string, sum output.Sum) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.files[name]
	if ok && output.SumOf(data) == sum {
		m.sums[name] = sum
	}
	return ok && output.SumOf(data) == sum
}

func (m *mapSink) Sum(name string) (output.Sum, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	sum, ok := m.sums[name]
	return sum, ok
}
