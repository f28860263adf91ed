package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"kith/generator/content"
	"kith/generator/output"
	"kith/templates"
)

var update = flag.Bool("update", false, "rewrite the expected output of golden tests")

// goldenToday is the day every golden case is seen from.
var goldenToday = content.Date{Year: 2026, Month: 11, Day: 23}

// goldenCases lists the journals with expected output: the repository's
// sample journal and every folder under testdata/golden.
func goldenCases(t *testing.T) map[string]string {
	t.Helper()
	cases := map[string]string{"sample": "../.."}
	dirs, err := filepath.Glob("../../testdata/golden/*/journal")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		cases[filepath.Base(filepath.Dir(d))] = d
	}
	return cases
}

func options(fsys fs.FS) Options {
	return Options{Journal: fsys, Theme: templates.FS(), Today: goldenToday}
}

// readTree returns every file under dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func TestGolden(t *testing.T) {
	for name, src := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Build(context.Background(), options(os.DirFS(src)), dest); err != nil {
				t.Fatal(err)
			}
			// The record of the files' hashes follows from them, and would
			// change with every page: it is not kept as a golden file.
			if err := os.Remove(filepath.Join(dest, filepath.FromSlash(output.Sums))); err != nil {
				t.Fatal(err)
			}
			got := readTree(t, dest)
			wantDir := filepath.Join("../../testdata/golden", name, "want")
			if *update {
				if err := os.RemoveAll(wantDir); err != nil {
					t.Fatal(err)
				}
				if err := os.CopyFS(wantDir, os.DirFS(dest)); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := readTree(t, wantDir)
			for _, f := range sortedKeys(want) {
				g, ok := got[f]
				if !ok {
					t.Errorf("%s: missing from the output", f)
					continue
				}
				if !bytes.Equal(g, want[f]) {
					t.Errorf("%s: differs from %s/%s; run go test ./generator/site -run TestGolden -update and review the diff\n%s", f, wantDir, f, firstDiff(g, want[f]))
				}
			}
			for _, f := range sortedKeys(got) {
				if _, ok := want[f]; !ok {
					t.Errorf("%s: in the output but not expected", f)
				}
			}
		})
	}
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\ngot  %q\nwant %q", i+1, gl, wl)
		}
	}
	return ""
}

var hrefRe = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestLinksResolve checks that every relative link on every page points at a
// file of the site, so the site works from any base path, and that no page
// links by absolute path (only the 404 page, which can be served anywhere).
func TestLinksResolve(t *testing.T) {
	for name, src := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			s, _, err := Load(context.Background(), options(os.DirFS(src)))
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]bool{}
			for _, f := range s.Files() {
				files[f] = true
			}
			for _, f := range s.Files() {
				if !strings.HasSuffix(f, ".html") || f == "404.html" {
					continue
				}
				page, err := s.File(f)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range hrefRe.FindAllStringSubmatch(string(page), -1) {
					// As a browser reads it: entities, then percent-escapes
					// (slugs in other scripts, like people/李雷/).
					u, err := url.PathUnescape(html.UnescapeString(m[1]))
					if err != nil {
						t.Errorf("%s: link %q: %v", f, m[1], err)
						continue
					}
					if u == "" || strings.HasPrefix(u, "#") || strings.Contains(u, ":") {
						continue // fragment, or mailto:/tel:/https: links
					}
					if strings.HasPrefix(u, "/") {
						t.Errorf("%s: absolute link %q breaks under a base path", f, u)
						continue
					}
					target := path.Join(path.Dir(f), u)
					if strings.HasSuffix(u, "/") {
						target += "/index.html"
					}
					if target == "index.html/index.html" || target == "." {
						target = "index.html"
					}
					target = strings.TrimPrefix(target, "./")
					if !files[target] {
						t.Errorf("%s: link %q points at %s, which the site does not have", f, u, target)
					}
				}
			}
		})
	}
}

var (
	scriptRe = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	themeSVG = regexp.MustCompile(`<svg viewBox="0 0 \d+ \d+" width="\d+" height="\d+" role="img" aria-labelledby="network-title network-desc" xmlns="http://www.w3.org/2000/svg">` +
		`|<svg class="chart (strip|heatmap|overdue)" viewBox="0 0 \d+ \d+" width="\d+" height="\d+" role="img" aria-labelledby="(strip|activity|overdue)-t (strip|activity|overdue)-d">`) // generator/chart's pictures
)

// TestNoScriptFromNotes checks that the only scripts on any page are the
// theme's own files, whatever the notes contain.
func TestNoScriptFromNotes(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), options(os.DirFS("../../testdata/golden/edge/journal")), dest); err != nil {
		t.Fatal(err)
	}
	allowed := regexp.MustCompile(`^<script src="(\./|(\.\./)+|/)_kith/(theme|kith|search)\.js"( defer)?>$`)
	for f, b := range readTree(t, dest) {
		if !strings.HasSuffix(f, ".html") {
			continue
		}
		for _, tag := range scriptRe.FindAllString(string(b), -1) {
			if !allowed.MatchString(tag) {
				t.Errorf("%s: got script tag %s, want only the theme's scripts", f, tag)
			}
		}
		// The theme's own pictures (/network/ and generator/chart's) are the only <svg> allowed.
		b := themeSVG.ReplaceAll(b, nil)
		for _, bad := range []string{"<iframe", "<img src=x", "<svg", "<div onclick", `href="javascript:`} {
			if bytes.Contains(bytes.ToLower(b), []byte(bad)) {
				t.Errorf("%s: contains %q from a note", f, bad)
			}
		}
	}
}

func journalFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	tree := readTree(t, dir)
	for _, k := range sortedKeys(tree) {
		fmt.Fprintf(h, "%s\x00%x\x00", k, sha256.Sum256(tree[k]))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestFailedBuildKeepsOutput(t *testing.T) {
	good := map[string]string{
		"content/people/Ann Lee.md": "---\nname: Ann Lee\n---\nHello.\n",
		"content/people/Bo Chen.md": "---\nname: Bo Chen\n---\n",
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), options(journalFS(good)), dest); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, dest)
	tests := []struct {
		name  string
		files map[string]string
		theme fs.FS
	}{
		{"journal error", map[string]string{"content/entries/e.md": "---\ndate: 2026-02-30\nwith: [Nobody]\n---\n"}, nil},
		{"template error", map[string]string{"templates/person.html": "{{define \"content\"}}{{.Nope.Nope}}{{end}}"}, nil},
		{"template syntax", map[string]string{"templates/person.html": "{{define \"content\"}}{{if}}{{end}}"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range good {
				files[k] = v
			}
			for k, v := range tt.files {
				files[k] = v
			}
			_, err := Build(context.Background(), options(journalFS(files)), dest)
			if err == nil {
				t.Fatal("build succeeded, want an error")
			}
			if after := treeHash(t, dest); after != before {
				t.Errorf("output changed after a failed build: got tree %s, want %s", after, before)
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.kith-*"))
			if len(leftovers) > 0 {
				t.Errorf("temporary folders left behind: %v", leftovers)
			}
		})
	}
	t.Run("journal errors are content.Problems", func(t *testing.T) {
		files := map[string]string{"content/entries/e.md": "---\ndate: 2026-02-30\nwith: [Nobody]\n---\n"}
		_, err := Build(context.Background(), options(journalFS(files)), dest)
		var ps content.Problems
		if !errors.As(err, &ps) || len(ps) != 2 {
			t.Fatalf("got %v, want 2 problems", err)
		}
	})
}

func TestStaleFilesDisappear(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{
		"content/people/Ann Lee.md": "---\nname: Ann Lee\n---\n",
		"content/people/Bo Chen.md": "---\nname: Bo Chen\n---\n",
	}
	if _, err := Build(context.Background(), options(journalFS(files)), dest); err != nil {
		t.Fatal(err)
	}
	delete(files, "content/people/Bo Chen.md")
	if _, err := Build(context.Background(), options(journalFS(files)), dest); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "people/bo-chen/index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stat deleted person's page: got %v, want not exist", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "people/ann-lee/index.html")); err != nil {
		t.Errorf("stat kept person's page: got %v, want it there", err)
	}
}

func TestRefusesForeignDest(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes")
	if err := os.MkdirAll(notes, 0o755); err != nil {
		t.Fatal(err)
	}
	precious := filepath.Join(notes, "diary.md")
	if err := os.WriteFile(precious, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := journalFS(map[string]string{"content/people/a.md": "---\nname: Ann\n---\n"})
	tests := []struct {
		name, dest string
		protect    []string
	}{
		{"folder with other files", notes, nil},
		{"the journal itself", dir, []string{dir}},
		{"a parent of the journal", filepath.Dir(dir), []string{dir}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Build(context.Background(), options(files), tt.dest, tt.protect...); err == nil {
				t.Fatal("build succeeded, want a refusal")
			}
			if b, err := os.ReadFile(precious); err != nil || string(b) != "mine" {
				t.Errorf("the note: got %q, %v; want it untouched", b, err)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	var hashes []string
	for range 3 {
		dest := filepath.Join(t.TempDir(), "public")
		opt := options(os.DirFS("../.."))
		opt.Workers = 7
		if _, err := Build(context.Background(), opt, dest); err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, treeHash(t, dest))
	}
	if hashes[0] != hashes[1] || hashes[1] != hashes[2] {
		t.Errorf("three builds of the same input: got trees %v, want one", hashes)
	}
}

func TestLookup(t *testing.T) {
	s, _, err := Load(context.Background(), options(os.DirFS("../..")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want string
		ok         bool
	}{
		{"/", "index.html", true},
		{"/people/dana-okafor/", "people/dana-okafor/index.html", true},
		{"/people/dana-okafor/index.html", "people/dana-okafor/index.html", true},
		{"/_kith/style.css", "_kith/style.css", true},
		{"/robots.txt", "robots.txt", true},
		{"/people/nobody/", "", false},
		{"/../go.mod", "", false},
		{"/people/../../go.mod", "", false},
		{"/content/people/Dana Okafor.md", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, ok := s.Lookup(tt.path)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.path, got, ok, tt.want, tt.ok)
			}
		})
	}
}
