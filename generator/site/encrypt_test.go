package site

import (
	"bytes"
	"context"
	"encoding/base64"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"kith/generator/crypt"
	"kith/generator/journal"
	"kith/generator/output"
	"kith/generator/search"
)

// testEncryption returns an encryption with a key drawn from a fixed seed,
// so that opaque names and sealed bytes are the same in every run, and a
// key file with few iterations.
func testEncryption(t testing.TB) *Encryption {
	t.Helper()
	rnd := rand.NewChaCha8([32]byte{'k', 'i', 't', 'h'})
	key, err := crypt.NewKey(rnd)
	if err != nil {
		t.Fatal(err)
	}
	kf, err := key.Wrap(rnd, "correct horse battery staple", crypt.WrapOptions{Iterations: 1000, InsecureLowIterations: true})
	if err != nil {
		t.Fatal(err)
	}
	return &Encryption{Key: key, KeyFile: kf}
}

// searchFileRe matches the files of an encrypted site's search index: the
// manifest in the search page's opaque folder and the opaque shards and
// chunks.
var searchFileRe = regexp.MustCompile(`^([a-z2-7]{20}/index\.json|s[0-9a-f]{24})$`)

var sealedRe = regexp.MustCompile(`(?s)<script type="application/octet-stream" id="kith-sealed" data-name="([^"]*)" data-root="([^"]*)">([^<]*)</script>`)

// openShell checks that page is an unlock shell sealed under name and
// returns the page inside, and the shell with its payload cut out.
func openShell(t *testing.T, key *crypt.Key, name string, page []byte) (plain, shell []byte) {
	t.Helper()
	m := sealedRe.FindSubmatchIndex(page)
	if m == nil {
		t.Fatalf("%s: no sealed payload in %.200q", name, page)
	}
	if got := string(page[m[2]:m[3]]); got != name {
		t.Errorf("%s: sealed name %q, want %q", name, got, name)
	}
	sealed, err := base64.StdEncoding.DecodeString(string(page[m[6]:m[7]]))
	if err != nil {
		t.Fatalf("%s: payload: %v", name, err)
	}
	plain, err = key.Open(name, sealed)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	shell = append(append(bytes.Clone(page[:m[6]]), "PAYLOAD"...), page[m[7]:]...)
	return plain, shell
}

// secrets lists what the sample journal says about people that must not
// be readable on an encrypted site: names, aliases, orgs, roles, places,
// contact details, slugs, titles, event names and a line of every note.
// Single words shorter than 4 letters are left out: they occur by chance.
func secrets(j *journal.Journal) []string {
	set := map[string]bool{}
	add := func(ss ...string) {
		for _, s := range ss {
			s = strings.ToLower(strings.TrimSpace(s))
			if len(s) >= 4 {
				set[s] = true
			}
		}
	}
	line := func(md []byte) string { // the first line of prose of a note
		for l := range strings.SplitSeq(string(md), "\n") {
			l = strings.TrimLeft(strings.TrimSpace(l), "#-*+> ")
			if len(l) >= 20 && !strings.ContainsAny(l, "[]*_`") {
				return l[:20]
			}
		}
		return ""
	}
	add(j.Config.Owner)
	for _, p := range j.People {
		add(p.Name, p.Slug, p.Role, p.Location, p.Contact.Email, p.Contact.Phone, p.Met.Where, line(p.Body.Markdown))
		for _, a := range p.Aliases {
			add(a.Text)
		}
		if p.Org != nil {
			add(p.Org.Name, p.Org.Slug)
		}
		for _, l := range p.Logs {
			if !strings.ContainsAny(l.Text, "[]") && len(l.Text) >= 20 {
				add(l.Text[:20])
			}
		}
	}
	for _, e := range j.Entries {
		add(e.Title, e.Slug, e.Gave, e.Received, line(e.Body.Markdown))
	}
	for _, e := range j.Events {
		add(e.Name, e.Slug, e.Location, line(e.Body.Markdown))
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// TestEncryptedLeaksNothing builds the sample journal encrypted and looks
// for every secret in every file's bytes and every path: none may be found.
// The sealed payloads are opened with the key (so they are ciphertext of
// the real pages) and then cut out, since base64 holds short words by chance.
func TestEncryptedLeaksNothing(t *testing.T) {
	enc := testEncryption(t)
	opt := options(os.DirFS("../.."))
	plainSite, _, err := Load(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Encrypt = enc
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), opt, dest)
	if err != nil {
		t.Fatal(err)
	}
	tree := readTree(t, dest)
	if len(tree) != res.Files+2 {
		t.Errorf("got %d files on disk, want %d, the manifest and the record", len(tree), res.Files)
	}
	if _, ok := tree[output.Manifest]; !ok {
		t.Errorf("no %s on disk", output.Manifest)
	}

	// What the site says once opened, to check that each secret is real.
	var opened, public, theme bytes.Buffer // theme: what kith itself publishes in clear
	indexFiles := 0
	for _, name := range sortedKeys(tree) {
		data := tree[name]
		public.WriteString(strings.ToLower(name) + "\n")
		if searchFileRe.MatchString(name) {
			// The search index: sealed under its name, in full.
			plain, err := enc.Key.Open(name, data)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			indexFiles++
			opened.Write(bytes.ToLower(plain))
			public.Write(bytes.ToLower(data))
			continue
		}
		if !strings.HasSuffix(name, ".html") {
			public.Write(bytes.ToLower(data))
			theme.Write(bytes.ToLower(data)) // assets, key file, robots.txt
			continue
		}
		plain, shell := openShell(t, enc.Key, name, data)
		opened.Write(bytes.ToLower(plain))
		public.Write(bytes.ToLower(shell))
		theme.Write(bytes.ToLower(shell))
	}
	var plainAll bytes.Buffer
	for _, f := range plainSite.Files() {
		b, err := plainSite.File(f)
		if err != nil {
			t.Fatal(err)
		}
		plainAll.Write(bytes.ToLower(b))
	}

	checked, inside := 0, 0
	for _, s := range secrets(res.Site.J) {
		// html/template escapes ' and &, so look for the escaped form too.
		esc := strings.NewReplacer("&", "&amp;", "'", "&#39;").Replace(s)
		if !bytes.Contains(plainAll.Bytes(), []byte(s)) && !bytes.Contains(plainAll.Bytes(), []byte(esc)) {
			continue // not shown on any page, such as a phone number the theme leaves out
		}
		checked++
		if bytes.Contains(opened.Bytes(), []byte(s)) || bytes.Contains(opened.Bytes(), []byte(esc)) {
			inside++ // slugs, the rest, are only in plaintext URLs
		}
		if i := bytes.Index(public.Bytes(), []byte(s)); i >= 0 {
			t.Errorf("%q readable in the published site near %q", s, public.Bytes()[max(0, i-60):min(public.Len(), i+60)])
		}
	}
	// Every word of the index, as the index spells it (folded), is a secret
	// too: none may be readable, in a file or a path, unless kith's own
	// clear text (theme, scripts, shell) has it, like "remember".
	terms := 0
	for w := range search.Build(plainSite.J, nil).Terms {
		if len(w) < 6 || bytes.Contains(theme.Bytes(), []byte(w)) {
			continue // short words occur by chance in binary
		}
		terms++
		if i := bytes.Index(public.Bytes(), []byte(w)); i >= 0 {
			t.Errorf("index word %q readable in the published site near %q", w, public.Bytes()[max(0, i-60):min(public.Len(), i+60)])
		}
	}
	if indexFiles < 10 || terms < 100 {
		t.Errorf("opened %d files of the search index and checked %d of its words, want at least 10 and 100", indexFiles, terms)
	}
	if checked < 100 || inside < 100 {
		t.Errorf("checked %d secrets (%d in decrypted pages), want at least 100 of each: the test no longer sees the journal", checked, inside)
	}
	t.Logf("%d secrets checked (%d found in decrypted pages) in %d files", checked, inside, len(tree))
}

// TestEncryptedFiles checks the layout of an encrypted site: only shells,
// theme assets, robots.txt, the key file and unlock.js, under opaque names;
// every page opens under its own name, and every link in a decrypted page
// points at a file of the site.
func TestEncryptedFiles(t *testing.T) {
	enc := testEncryption(t)
	opt := options(os.DirFS("../.."))
	opt.Encrypt = enc
	s, _, err := Load(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Encrypted() {
		t.Fatal("got Encrypted() false, want true")
	}
	files := map[string]bool{}
	for _, f := range s.Files() {
		files[f] = true
	}
	opaque := regexp.MustCompile(`^[a-z2-7]{20}/index\.html$`)
	assets, index := 0, 0
	for _, f := range s.Files() {
		data, err := s.File(f)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case f == "robots.txt":
			if string(data) != Robots {
				t.Errorf("robots.txt: got %q, want %q", data, Robots)
			}
		case f == crypt.KeyFilePath:
			if !bytes.Equal(data, enc.KeyFile) {
				t.Errorf("%s: got %q, want the key file", f, data)
			}
		case f == crypt.UnlockJSPath:
			if !bytes.Equal(data, crypt.UnlockJS()) {
				t.Errorf("%s: not unlock.js", f)
			}
		case strings.HasPrefix(f, "_kith/"):
			assets++
		case searchFileRe.MatchString(f):
			if _, err := enc.Key.Open(f, data); err != nil {
				t.Errorf("%s: the search index file does not open under its name: %v", f, err)
			}
			index++
		case f == s.peopleFilter:
			if _, err := enc.Key.Open(f, data); err != nil {
				t.Errorf("%s: the people filter's list does not open under its name: %v", f, err)
			}
			index++
		case f == "index.html" || f == "404.html" || opaque.MatchString(f):
			plain, _ := openShell(t, enc.Key, f, data)
			checkLinks(t, f, plain, files)
		default:
			t.Errorf("unexpected file %q on an encrypted site", f)
		}
	}
	if assets == 0 {
		t.Error("no theme assets on the encrypted site")
	}
	if index == 0 {
		t.Error("no search index on the encrypted site")
	}
	if got, want := len(s.Files()), s.Pages()+assets+index+3; got != want {
		t.Errorf("got %d files, want %d (pages, assets, search index and people filter, robots.txt, key file, unlock.js)", got, want)
	}
}

var srcRe = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)

// checkLinks reports every relative link or script of a page at name that
// points at no file of the site.
func checkLinks(t *testing.T, name string, page []byte, files map[string]bool) {
	t.Helper()
	for _, m := range srcRe.FindAllSubmatch(page, -1) {
		u := strings.ReplaceAll(string(m[1]), "&amp;", "&")
		if i := strings.IndexByte(u, '#'); i >= 0 {
			u = u[:i]
		}
		if u == "" || strings.Contains(u, ":") {
			continue
		}
		target := path.Join(path.Dir(name), u)
		if strings.HasPrefix(u, "/") {
			target = strings.TrimPrefix(path.Clean(u), "/")
		}
		if strings.HasSuffix(u, "/") || target == "." || target == "" {
			target = strings.TrimPrefix(path.Join(target, "index.html"), "./")
		}
		if !files[target] {
			t.Errorf("%s: link %q points at %s, which the site does not have", name, m[1], target)
		}
	}
}

// TestEncryptedDeterministic checks that an unchanged journal seals to the
// same bytes with the same key, so publishing sends only changed pages.
func TestEncryptedDeterministic(t *testing.T) {
	var sums []string
	for range 2 {
		opt := options(os.DirFS("../.."))
		opt.Encrypt = testEncryption(t)
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), opt, dest); err != nil {
			t.Fatal(err)
		}
		sums = append(sums, treeHash(t, dest))
	}
	if sums[0] != sums[1] {
		t.Errorf("got two different trees %s and %s from one journal and key", sums[0], sums[1])
	}
}

// TestEncryptedDropsOtherFiles checks that a file the encrypted site does
// not know how to seal is neither listed nor rendered.
func TestEncryptedDropsOtherFiles(t *testing.T) {
	opt := options(os.DirFS("../.."))
	opt.Encrypt = testEncryption(t)
	s, _, err := Load(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	// Stand in for a file another part of kith might add, like a feed.
	s.files = append(s.files, "calendar.ics")
	s.encrypt(opt.Encrypt)
	for _, f := range s.Files() {
		if f == "calendar.ics" {
			t.Errorf("got calendar.ics in the files of an encrypted site, want it left out")
		}
	}
	if _, err := s.File("calendar.ics"); err == nil {
		t.Error("got calendar.ics rendered on an encrypted site, want ErrNotFound")
	}
	if _, ok := s.Lookup("/calendar.ics"); ok {
		t.Error("got Lookup(/calendar.ics) true, want false")
	}
}
