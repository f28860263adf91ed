package site

import (
	"context"
	"os"
	"testing"

	"kith/generator/page"
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
