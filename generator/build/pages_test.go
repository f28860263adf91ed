package build

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"kith/generator/output"
	"kith/generator/site"
)

// TestPagesRecord: the record of the pages reads back as written; a
// missing, damaged or foreign record reads as none, so that the update
// renders every page and says why.
func TestPagesRecord(t *testing.T) {
	dir := t.TempDir()
	path := pagesFile(filepath.Join(dir, "kith", "inputs-x.txt"))
	rec := pageRecord{
		global: []site.Part{{Name: "the program", Print: site.Fingerprint{1}}, {Name: "kith.yaml", Print: site.Fingerprint{2}}},
		pages: map[string]pageSum{
			"people/a b/index.html": {print: site.Fingerprint{3}, sum: output.Sum{Hash: [16]byte{4}, Size: 12}},
			"e/index.html":          {print: site.Fingerprint{5}, sum: output.Sum{Hash: [16]byte{6}, Size: 0}},
		},
	}
	names := []string{"a/index.html", "e/index.html", "people/a b/index.html"} // a/ has no fingerprint
	page := func(name string) (pageSum, bool) {
		ps, ok := rec.pages[name]
		return ps, ok
	}
	if err := savePages(path, rec.global, names, page); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("got %v, %v; want a file of mode 0600", st, err)
	}
	got := readPages(path)
	if !reflect.DeepEqual(got, rec) {
		t.Errorf("got %+v, want %+v", got, rec)
	}
	if why := changedPart(got, rec.global); why != "" {
		t.Errorf("got %q for the same parts, want none", why)
	}
	other := []site.Part{rec.global[0], {Name: "kith.yaml", Print: site.Fingerprint{9}}}
	if why := changedPart(got, other); why != "kith.yaml changed" {
		t.Errorf("got %q, want kith.yaml changed", why)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(pagesMagic)+3] ^= 1
	tests := []struct{ name, text string }{
		{"missing", ""},
		{"empty file", "\x00"},
		{"of the text format", "# kith: the fingerprint of each page the last update of this journal rendered\n"},
		{"a byte changed", string(flipped)},
		{"cut short", string(good[:len(good)-9])},
		{"without its checksum", string(good[:len(good)-4])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
			if tt.text != "" {
				if err := os.WriteFile(p, []byte(strings.TrimPrefix(tt.text, "\x00")), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got := readPages(p)
			if why := changedPart(got, rec.global); why == "" {
				t.Errorf("got no reason to render every page from a %s record", tt.name)
			}
		})
	}
}
