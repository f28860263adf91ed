package output

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestUpdateInPlace: a sequence of sites written with Incremental, where
// files become folders and folders files, equals each site every time,
// writes only what changed, and leaves no folder its files left empty.
func TestUpdateInPlace(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	builds := []struct {
		files   map[string]string
		changes Changes // what the update changes (the first build writes the whole site)
	}{
		{files: map[string]string{"_kith/style.css": "1", "index.html": "one", "people/a/index.html": "A", "x/index.html": "x1", "y": "y1"}},
		{files: map[string]string{"_kith/style.css": "1", "index.html": "two", "people/a/index.html": "A", "x/index.html": "x1", "y": "y1"},
			changes: Changes{Changed: []string{"index.html"}, Bytes: 3}},
		// x was a folder and becomes a file; y was a file and becomes a folder; people/ goes.
		{files: map[string]string{"_kith/style.css": "1", "index.html": "two", "x": "x3", "y/index.html": "y3"},
			changes: Changes{Added: []string{"x", "y/index.html"}, Removed: []string{"people/a/index.html", "x/index.html", "y"}, Bytes: 4}},
		{files: map[string]string{"_kith/style.css": "1", "index.html": "two", "x": "x3", "y/index.html": "y3"}},
	}
	for i, b := range builds {
		d, err := Open(dest, Options{Incremental: true, Site: "plain"})
		if err != nil {
			t.Fatal(err)
		}
		if want := i > 0; d.Updating() != want {
			t.Errorf("build %d: updating: got %v, want %v", i, d.Updating(), want)
		}
		write(t, d, b.files)
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, dest); !maps.Equal(got, b.files) {
			t.Errorf("build %d: got %v, want %v", i, got, b.files)
		}
		if i > 0 {
			got := d.Changes()
			if !slices.Equal(got.Added, b.changes.Added) || !slices.Equal(got.Changed, b.changes.Changed) || !slices.Equal(got.Removed, b.changes.Removed) || got.Bytes != b.changes.Bytes {
				t.Errorf("build %d: changes: got %+v, want %+v", i, got, b.changes)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "people")); !os.IsNotExist(err) {
		t.Errorf("people/ after its pages went: got %v, want it gone", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.kith-*")); len(left) != 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

// TestUpdateFallsBack: without a record, or with another site's, the whole
// site is written, and Why says why.
func TestUpdateFallsBack(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	commit(t, dest, Options{Site: "key:a"}, map[string]string{"_kith/x": "1", "index.html": "one"})
	tests := []struct {
		name, site string
		prepare    func()
		update     bool
	}{
		{"same site", "key:a", func() {}, true},
		{"another key", "key:b", func() {}, false},
		{"no record", "key:b", func() { os.Remove(filepath.Join(dest, filepath.FromSlash(Sums))) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.prepare()
			d, err := Open(dest, Options{Incremental: true, Site: tt.site})
			if err != nil {
				t.Fatal(err)
			}
			if d.Updating() != tt.update || (d.Why() == "") != tt.update {
				t.Errorf("got updating %v, why %q; want updating %v and a reason otherwise", d.Updating(), d.Why(), tt.update)
			}
			write(t, d, map[string]string{"_kith/x": "1", "index.html": "one"})
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
		})
	}
	// A link to a site is replaced whole, never written through.
	link := filepath.Join(filepath.Dir(dest), "link")
	if err := os.Symlink(dest, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	d, err := Open(link, Options{Incremental: true, Site: "key:b"})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if d.Updating() {
		t.Error("a link to a site is updated through the link")
	}
}

// TestUpdateRefusesLinks: an update never writes through a symbolic link
// put where the site has a folder; it fails and changes nothing.
func TestUpdateRefusesLinks(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	outside := filepath.Join(root, "notes")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	commit(t, dest, Options{}, map[string]string{"_kith/x": "1", "people/a/index.html": "A1"})
	if err := os.RemoveAll(filepath.Join(dest, "people")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dest, "people")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	d, err := Open(dest, Options{Incremental: true})
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"_kith/x": "1", "people/a/index.html": "A2"})
	err = d.Commit()
	d.Abort()
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("got %v, want a conflict", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("the update wrote through the link: %v", entries)
	}
}

// TestIntactLooksOnlyWhenInputsAreTheSame: an update of other inputs takes
// the record's word for the files it keeps (Intact does not look), while a
// build of the record's inputs looks at every file, is not up to date when
// one was removed or cut short by hand, and then writes those files again;
// a file kith did not write survives both.
func TestIntactLooksOnlyWhenInputsAreTheSame(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"_kith/x": "1", "index.html": "home", "a/index.html": "A", "b/index.html": "B"}
	d, err := Open(dest, Options{Incremental: true, Site: "plain"})
	if err != nil {
		t.Fatal(err)
	}
	d.SetInputs("in1")
	write(t, d, files)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	// By hand: a page removed, another cut short, a file of the user's.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Remove(filepath.Join(dest, "a", "index.html")))
	must(os.WriteFile(filepath.Join(dest, "b", "index.html"), nil, 0o644))
	must(os.WriteFile(filepath.Join(dest, "CNAME"), []byte("me.example"), 0o644))

	tests := []struct {
		name, inputs string
		intact       bool
		keep         bool // Keep of an unchanged page succeeds
	}{
		{"an update of other inputs takes the record's word", "in2", true, true},
		{"a build of the same inputs looks and repairs", "in2", false, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Open(dest, Options{Incremental: true, Site: "plain"})
			if err != nil {
				t.Fatal(err)
			}
			d.SetInputs(tt.inputs)
			if got := d.Intact(); got != tt.intact {
				t.Errorf("Intact: got %v, want %v", got, tt.intact)
			}
			if i == 1 && d.UpToDate(d.Intact()) {
				t.Error("got up to date, want a build: two files are not as recorded")
			}
			changed := map[string]string{"index.html": "home " + tt.inputs}
			for _, name := range []string{"_kith/x", "a/index.html", "b/index.html"} {
				if got := d.Keep(name, SumOf([]byte(files[name]))); got != tt.keep && name != "_kith/x" {
					t.Errorf("Keep(%s): got %v, want %v", name, got, tt.keep)
				} else if !got {
					changed[name] = files[name]
				}
			}
			write(t, d, changed)
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(filepath.Join(dest, "CNAME")); err != nil || string(b) != "me.example" {
				t.Errorf("CNAME: got %q, %v; want it kept", b, err)
			}
		})
	}
	want := map[string]string{"_kith/x": "1", "index.html": "home in2", "a/index.html": "A", "b/index.html": "B", "CNAME": "me.example"}
	if got := tree(t, dest); !maps.Equal(got, want) {
		t.Errorf("got %v, want %v: the files removed or cut by hand written again", got, want)
	}
}

// TestRecordRoundTrip: a record reads back as written (WriteRecord and
// FormatRecord write the same bytes), and a line that is not a file's
// hash, size and path makes the whole record unreadable.
func TestRecordRoundTrip(t *testing.T) {
	rec := Record{Inputs: "abc", Site: "plain", Files: map[string]Sum{
		"index.html":         SumOf([]byte("home")),
		"people/a b/x.html":  SumOf(nil),
		"search/t/ab.json":   SumOf([]byte("{}")),
		"_kith/style.css":    {Hash: [16]byte{1, 2, 3}, Size: 1 << 40},
		"people/é/index.htm": SumOf([]byte("é")),
	}}
	text := FormatRecord(rec)
	var b strings.Builder
	if err := WriteRecord(&b, rec); err != nil || b.String() != string(text) {
		t.Fatalf("WriteRecord: got %q, %v; want FormatRecord's %q", b.String(), err, text)
	}
	got, err := ParseRecord(strings.NewReader(string(text)))
	want := rec
	want.sorted = slices.Sorted(maps.Keys(rec.Files)) // read back with its names in order
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, %v; want %+v", got, err, want)
	}
	for _, bad := range []string{
		"00 1 index.html",
		"0123456789abcdef0123456789abcdef -1 index.html",
		"0123456789abcdef0123456789abcdef 1 ../index.html",
		"0123456789abcdef0123456789abcdeg 1 index.html",
		"0123456789abcdef0123456789abcdef 1",
	} {
		if _, err := ParseRecord(strings.NewReader(string(text) + bad + "\n")); err == nil {
			t.Errorf("%q: got no error, want one", bad)
		}
	}
}

// TestUpdateManifestListsSite: after each update the manifest lists
// exactly the site's files (itself and the record included), whether the
// update added files, removed some, both or neither.
func TestUpdateManifestListsSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	steps := []struct {
		name  string
		files map[string]string
	}{
		{"first build", map[string]string{"index.html": "home", "a/index.html": "A", "b/index.html": "B"}},
		{"a file added", map[string]string{"index.html": "home", "a/index.html": "A", "b/index.html": "B", "c/index.html": "C"}},
		{"a file changed", map[string]string{"index.html": "home 2", "a/index.html": "A", "b/index.html": "B", "c/index.html": "C"}},
		{"one removed, one added", map[string]string{"index.html": "home 2", "b/index.html": "B", "c/index.html": "C", "d/index.html": "D"}},
		{"one removed", map[string]string{"index.html": "home 2", "c/index.html": "C", "d/index.html": "D"}},
	}
	for i, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			d, err := Open(dest, Options{Incremental: true, Site: "plain"})
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 && !d.Updating() {
				t.Fatal("got a whole build, want an update")
			}
			d.SetInputs(fmt.Sprint("in", i))
			write(t, d, st.files)
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			got, ok, err := readManifest(dest)
			if err != nil || !ok {
				t.Fatalf("readManifest: %v, %v", ok, err)
			}
			want := []string{Manifest, Sums}
			for name := range st.files {
				want = append(want, name)
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got manifest %v, want %v", got, want)
			}
		})
	}
}

// TestSortedWritten: an update lists the files it wrote in order from the
// old record's order and the files added, as a sort of them all would.
func TestSortedWritten(t *testing.T) {
	prev := []string{"a/index.html", "b.html", "c/d.json", "e/f/g.html", "z"}
	for _, tc := range []struct {
		name    string
		written []string
		sorted  bool // the old record read back in order
	}{
		{"same files", prev, true},
		{"one removed", []string{"a/index.html", "c/d.json", "e/f/g.html", "z"}, true},
		{"added first, between and last", []string{"0", "a/index.html", "b.html", "b0.html", "c/d.json", "e/f/g.html", "z", "zz/a"}, true},
		{"added and removed", []string{"a/a", "b.html", "e/f/g.html", "e/f/h.html"}, true},
		{"no order known", []string{"0", "b.html", "z", "y"}, false},
		{"an added file not told", []string{"0", "a/index.html", "b.html", "c/d.json", "e/f/g.html", "y", "z"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &Dir{written: map[string]Sum{}, prev: Record{Files: map[string]Sum{}}}
			for _, n := range prev {
				d.prev.Files[n] = Sum{}
			}
			if tc.sorted {
				d.prev.sorted = prev
			}
			for _, n := range tc.written {
				d.written[n] = Sum{}
			}
			for _, n := range tc.written {
				if _, ok := d.prev.Files[n]; !ok && !(tc.name == "an added file not told" && n == "y") {
					d.changes.Added = append(d.changes.Added, n) // staged, as every file the old record has not is
				}
			}
			slices.Sort(d.changes.Added)
			want := slices.Sorted(maps.Keys(d.written))
			if got := d.sortedWritten(); !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

// TestReadListing: a manifest that lists the record's files, itself and
// the record is taken as the record's files (listing.rec); any other is
// read into a set (listing.names). Either way the listing answers has,
// len and each as the manifest's lines say.
func TestReadListing(t *testing.T) {
	files := []string{"a/index.html", "b.css", "people/x/index.html"}
	rec := Record{Files: map[string]Sum{}, sorted: files}
	for _, f := range files {
		rec.Files[f] = SumOf([]byte(f))
	}
	withOwn := func(extra ...string) []string {
		return append(append([]string{Manifest, Sums}, files...), extra...)
	}
	tests := []struct {
		name     string
		text     string
		rec      Record
		wantRec  bool
		wantList []string
	}{
		{"as kith writes it", string(FormatManifest(withOwn())), rec, true, withOwn()},
		{"a file more", string(FormatManifest(withOwn("c.html"))), rec, false, withOwn("c.html")},
		{"a file fewer", string(FormatManifest(append([]string{Manifest, Sums}, files[1:]...))), rec, false, append([]string{Manifest, Sums}, files[1:]...)},
		{"no record line", string(FormatManifest(append([]string{Manifest}, files...))), rec, false, append([]string{Manifest}, files...)},
		{"a line twice", string(FormatManifest(withOwn())) + "b.css\n", rec, false, withOwn()},
		{"not a path", string(FormatManifest(withOwn())) + "../up\n", rec, false, withOwn()},
		{"record not sorted", string(FormatManifest(withOwn())), Record{Files: rec.Files}, false, withOwn()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := t.TempDir()
			p := filepath.Join(dest, filepath.FromSlash(Manifest))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			l, ok, err := readListing(dest, tt.rec)
			if err != nil || !ok {
				t.Fatalf("got %v, %v; want a listing", ok, err)
			}
			if got := l.rec != nil; got != tt.wantRec {
				t.Errorf("got the record's files %v, want %v", got, tt.wantRec)
			}
			var got []string
			l.each(func(name string) { got = append(got, name) })
			slices.Sort(got)
			want := slices.Compact(slices.Sorted(slices.Values(tt.wantList)))
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
			if l.len() != len(want) {
				t.Errorf("got len %d, want %d", l.len(), len(want))
			}
			for _, name := range append(want, "nothere.html") {
				if got, want := l.has(name), slices.Contains(want, name); got != want {
					t.Errorf("has(%q): got %v, want %v", name, got, want)
				}
			}
		})
	}
}

// TestTops: tops names the first element of every path, whatever sorts
// between a folder's paths and a file of the same name.
func TestTops(t *testing.T) {
	tests := []struct {
		name   string
		sorted []string
		want   []string
	}{
		{"none", nil, nil},
		{"files only", []string{"a", "b.css", "c"}, []string{"a", "b.css", "c"}},
		{"a file, a dash, a folder", []string{"a", "a-b/x", "a-b/y", "a/x", "a/y/z", "b"}, []string{"a", "a-b", "b"}},
		{"folders", []string{"_kith/s.css", "entries/1/index.html", "entries/2/index.html", "people/x/index.html", "search/t/a.json"}, []string{"_kith", "entries", "people", "search"}},
		{"dot before slash, zero after", []string{"x.html", "x/a", "x/b", "x0/a"}, []string{"x", "x.html", "x0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.IsSorted(tt.sorted) {
				t.Fatalf("test paths not sorted: %q", tt.sorted)
			}
			seen := map[string]bool{}
			looked := 0
			tops(tt.sorted, func(top string) { seen[top] = true; looked++ })
			got := slices.Sorted(maps.Keys(seen))
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if looked > len(tt.sorted) {
				t.Errorf("got %d calls, want at most one a path (%d)", looked, len(tt.sorted))
			}
		})
	}
}
