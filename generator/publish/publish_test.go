package publish

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"kith/generator/content"
	"kith/generator/crypt"
	"kith/generator/output"
	"kith/generator/site"
	"kith/templates"
)

// testKeys makes and opens key files quickly: a seeded random source and
// few PBKDF2 iterations.
func testKeys(seed byte) KeyOptions {
	return KeyOptions{
		Rand:   rand.NewChaCha8([32]byte{seed}),
		Wrap:   crypt.WrapOptions{Iterations: 1000, InsecureLowIterations: true},
		Unwrap: crypt.UnwrapOptions{InsecureLowIterations: true},
	}
}

var today = content.Date{Year: 2026, Month: 11, Day: 23}

// loadSite lays out the site of a journal, encrypted when enc is set.
func loadSite(t *testing.T, fsys fs.FS, enc *site.Encryption) *site.Site {
	t.Helper()
	s, _, err := site.Load(context.Background(), site.Options{Journal: fsys, Theme: templates.FS(), Today: today, Encrypt: enc})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// smallJournal has two people, or one without Bo.
func smallJournal(withBo bool) fstest.MapFS {
	m := fstest.MapFS{
		"kith.yaml":                 {Data: []byte("title: Test journal\nowner: Ada Quist\n")},
		"content/people/Ann Lee.md": {Data: []byte("---\nname: Ann Lee\norg: Acme Works\n---\nAnn builds boats.\n\n- 2026-11-01 Coffee at the harbour. #meeting\n")},
	}
	if withBo {
		m["content/people/Bo Varga.md"] = &fstest.MapFile{Data: []byte("---\nname: Bo Varga\n---\nBo draws maps.\n")}
	}
	return m
}

// tree reads every file under dir by slash path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func TestEncryptionKeyFile(t *testing.T) {
	dir := t.TempDir()
	enc, created, err := Encryption(dir, "first passphrase", testKeys(1))
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Error("got created false for a journal without a key, want true")
	}
	path := filepath.Join(dir, ".kith", "key.json")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode: got %v, want 0600", st.Mode().Perm())
	}
	stored, _ := os.ReadFile(path)
	if !bytes.Equal(stored, enc.KeyFile) {
		t.Error("got a published key file that differs from the stored one, want the same bytes")
	}

	t.Run("reused", func(t *testing.T) {
		again, created, err := Encryption(dir, "first passphrase", testKeys(2))
		if err != nil {
			t.Fatal(err)
		}
		if created {
			t.Error("got created true for a journal with a key, want false")
		}
		if !bytes.Equal(again.KeyFile, enc.KeyFile) {
			t.Error("got a new key file on the second build, want the stored one")
		}
		if got, want := again.Address("people/ann-lee/"), enc.Address("people/ann-lee/"); got != want {
			t.Errorf("got address %q, want %q: the key changed", got, want)
		}
	})
	for _, tc := range []struct {
		name, pass string
		want       error
	}{
		{"wrong passphrase", "second passphrase", crypt.ErrWrongPassphrase},
		{"empty passphrase", "", crypt.ErrEmptyPassphrase},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Encryption(dir, tc.pass, testKeys(3))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(after, stored) {
				t.Error("got the key file changed, want it untouched")
			}
		})
	}
	t.Run("wrong passphrase message", func(t *testing.T) {
		_, _, err := Encryption(dir, "nope", testKeys(3))
		var wp *WrongPassphraseError
		if !errors.As(err, &wp) || wp.Path != path {
			t.Fatalf("got %v, want a WrongPassphraseError for %s", err, path)
		}
		if !strings.Contains(err.Error(), "kith rekey") {
			t.Errorf("got %q, want it to say how to change the passphrase", err)
		}
	})
}

func TestRekey(t *testing.T) {
	for _, tc := range []struct {
		name    string
		newKey  bool
		oldPass string
		wantErr error
	}{
		{name: "passphrase", oldPass: "old passphrase"},
		{name: "new key", newKey: true, oldPass: "old passphrase"},
		{name: "wrong old passphrase", oldPass: "not it", wantErr: crypt.ErrWrongPassphrase},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			before, _, err := Encryption(dir, "old passphrase", testKeys(1))
			if err != nil {
				t.Fatal(err)
			}
			err = Rekey(dir, tc.oldPass, "new passphrase", tc.newKey, testKeys(2))
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("got %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr != nil {
				if _, _, err := Encryption(dir, "old passphrase", testKeys(3)); err != nil {
					t.Errorf("got %v with the old passphrase after a failed rekey, want it to still open", err)
				}
				return
			}
			after, _, err := Encryption(dir, "new passphrase", testKeys(3))
			if err != nil {
				t.Fatalf("new passphrase: %v", err)
			}
			if bytes.Equal(after.KeyFile, before.KeyFile) {
				t.Error("got the same key file after rekey, want a new wrap")
			}
			if _, _, err := Encryption(dir, "old passphrase", testKeys(3)); !errors.Is(err, crypt.ErrWrongPassphrase) {
				t.Errorf("old passphrase after rekey: got %v, want %v", err, crypt.ErrWrongPassphrase)
			}
			same := bytes.Equal(after.Key.Seal("index.html", []byte("page")), before.Key.Seal("index.html", []byte("page")))
			if same == tc.newKey {
				t.Errorf("got pages sealed the same: %v, want %v", same, !tc.newKey)
			}
			left, _ := filepath.Glob(filepath.Join(dir, ".kith", ".key-*"))
			if len(left) > 0 {
				t.Errorf("got temporary files %v left, want none", left)
			}
		})
	}
	t.Run("no key file", func(t *testing.T) {
		if err := Rekey(t.TempDir(), "a", "b", false, testKeys(1)); err == nil || !strings.Contains(err.Error(), "no site key") {
			t.Errorf("got %v, want an error saying there is no site key", err)
		}
	})
}

func TestRemote(t *testing.T) {
	for _, tc := range []struct {
		dest string
		want bool
	}{
		{"host:www", true},
		{"deploy@example.org:/var/www/journal", true},
		{"host:", true},
		{"rsync://host/module/path", true},
		{"public", false},
		{"/var/www/journal", false},
		{"./odd:name", false},
		{"dir/with:colon", false},
		{":nohost", false},
	} {
		t.Run(tc.dest, func(t *testing.T) {
			if got := Remote(tc.dest); got != tc.want {
				t.Errorf("Remote(%q): got %v, want %v", tc.dest, got, tc.want)
			}
		})
	}
}

func TestRefusesPlaintext(t *testing.T) {
	s := loadSite(t, smallJournal(true), nil)
	for _, dest := range []string{filepath.Join(t.TempDir(), "site"), "host:site"} {
		t.Run(dest, func(t *testing.T) {
			_, err := Publish(context.Background(), s, Options{Dest: dest})
			if !errors.Is(err, ErrPlaintext) {
				t.Fatalf("got %v, want ErrPlaintext", err)
			}
			if !strings.Contains(err.Error(), "--plaintext") || !strings.Contains(err.Error(), "encrypt") {
				t.Errorf("got %q, want it to say why and what to do", err)
			}
			if _, err := os.Stat(dest); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("got %v for the destination, want it never made", err)
			}
		})
	}
	t.Run("with --plaintext", func(t *testing.T) {
		dest := filepath.Join(t.TempDir(), "site")
		sum, err := Publish(context.Background(), s, Options{Dest: dest, Plaintext: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Added) != len(s.Files())+2 {
			t.Errorf("got %d added, want %d, the manifest and the record", len(sum.Added), len(s.Files()))
		}
	})
}

// searchFile matches the opaque name of a file of an encrypted site's
// search index (see site.buildSearch).
var searchFile = regexp.MustCompile(`^s[0-9a-f]{24}$`)

func TestPublishLocal(t *testing.T) {
	enc, _, err := Encryption(t.TempDir(), "a passphrase", testKeys(1))
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "www")
	ctx := context.Background()
	s := loadSite(t, smallJournal(true), enc)

	first, err := Publish(ctx, s, Options{Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	var size int64
	for _, b := range got {
		size += int64(len(b))
	}
	if len(first.Added) != len(got) || len(first.Changed)+len(first.Removed) != 0 || first.Bytes != size || first.Files != len(got) {
		t.Errorf("first publish: got %d added, %d changed, %d removed, %d bytes, %d files; want %d added, none else, %d bytes",
			len(first.Added), len(first.Changed), len(first.Removed), first.Bytes, first.Files, len(got), size)
	}
	if st, err := os.Stat(dest); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("destination mode: got %v (%v), want 0755 so a web server can read it", st.Mode().Perm(), err)
	}

	t.Run("unchanged", func(t *testing.T) {
		sum, err := Publish(ctx, s, Options{Dest: dest})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(sum.Added) + len(sum.Changed) + len(sum.Removed); n != 0 || sum.Bytes != 0 {
			t.Errorf("got %d files and %d bytes changed by an unchanged site, want none: %+v", n, sum.Bytes, sum)
		}
	})

	bo := enc.Address("people/bo-varga/") + "index.html"
	smaller := loadSite(t, smallJournal(false), enc)
	t.Run("dry run", func(t *testing.T) {
		before := tree(t, dest)
		sum, err := Publish(ctx, smaller, Options{Dest: dest, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if !sum.DryRun || !slices.Contains(sum.Removed, bo) {
			t.Errorf("got %+v, want a dry run that would remove %s", sum, bo)
		}
		after := tree(t, dest)
		if len(after) != len(before) {
			t.Errorf("got %d files after a dry run, want %d: nothing changed", len(after), len(before))
		}
		for p, b := range before {
			if after[p] != b {
				t.Errorf("%s changed in a dry run", p)
			}
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".www.kith-*")); len(left) > 0 {
			t.Errorf("got %v left beside the destination, want nothing", left)
		}
	})
	t.Run("person removed", func(t *testing.T) {
		sum, err := Publish(ctx, smaller, Options{Dest: dest})
		if err != nil {
			t.Fatal(err)
		}
		// Bo's page goes, and the search index's shards of words only Bo's
		// note had (opaque names, s + 24 hex digits).
		var removed []string
		for _, f := range sum.Removed {
			if !searchFile.MatchString(f) {
				removed = append(removed, f)
			}
		}
		if !slices.Equal(removed, []string{bo}) {
			t.Errorf("removed: got %v, want [%s] and search shards", sum.Removed, bo)
		}
		if len(sum.Added) != 0 || len(sum.Changed) == 0 || !slices.Contains(sum.Changed, "index.html") {
			t.Errorf("got %d added, changed %v; want none added and the pages that listed Bo changed", len(sum.Added), sum.Changed)
		}
		if _, ok := tree(t, dest)[bo]; ok {
			t.Errorf("got %s still at the destination, want it deleted", bo)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		before := tree(t, dest)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := Publish(cctx, s, Options{Dest: dest}); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		after := tree(t, dest)
		if len(after) != len(before) {
			t.Errorf("got %d files after a failed publish, want the old site's %d", len(after), len(before))
		}
	})
	t.Run("foreign folder", func(t *testing.T) {
		foreign := t.TempDir()
		note := filepath.Join(foreign, "notes.txt")
		if err := os.WriteFile(note, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Publish(ctx, s, Options{Dest: foreign}); err == nil || !strings.Contains(err.Error(), "not a kith site") {
			t.Errorf("got %v, want a refusal to replace a folder that is not a kith site", err)
		}
		if b, err := os.ReadFile(note); err != nil || string(b) != "mine" {
			t.Errorf("got %q, %v; want the folder untouched", b, err)
		}
	})
	t.Run("journal inside", func(t *testing.T) {
		if _, err := Publish(ctx, s, Options{Dest: filepath.Dir(dest), Protect: []string{dest + "/journal"}}); err == nil {
			t.Error("got no error publishing over the journal, want a refusal")
		}
	})
}

// needRsync skips a test without rsync, except under CI=true.
func needRsync(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("rsync")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("rsync is not installed; CI=true requires the rsync tests")
		}
		t.Skip("rsync is not installed")
	}
	return p
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRunRsync runs the rsync runner between two local folders.
func TestRunRsync(t *testing.T) {
	prog := needRsync(t)
	ctx := context.Background()
	src, dst := t.TempDir(), t.TempDir()
	writeFiles(t, src, map[string]string{"same": "same", "changed": "new!", "sized": "abc", "new/file": "12345"})
	writeFiles(t, dst, map[string]string{"same": "same", "changed": "old!", "sized": "abcdef", "gone": "x", "old/dir/file": "y"})

	dry, err := runRsync(ctx, prog, src, dst, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if tree(t, dst)["changed"] != "old!" {
		t.Error("a dry run changed the destination")
	}
	sum, err := runRsync(ctx, prog, src, dst, "", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []Summary{dry, sum} {
		if !slices.Equal(s.Added, []string{"new/file"}) || !slices.Equal(s.Changed, []string{"changed", "sized"}) ||
			!slices.Equal(s.Removed, []string{"gone", "old/dir/file"}) || s.Bytes != 5+4+3 {
			t.Errorf("got added %v, changed %v, removed %v, %d bytes; want [new/file], [changed sized], [gone old/dir/file], 12 bytes",
				s.Added, s.Changed, s.Removed, s.Bytes)
		}
	}
	want := map[string]string{"same": "same", "changed": "new!", "sized": "abc", "new/file": "12345"}
	if got := tree(t, dst); !mapsEqual(got, want) {
		t.Errorf("destination: got %v, want %v", got, want)
	}
	again, err := runRsync(ctx, prog, src, dst, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(again.Added) + len(again.Changed) + len(again.Removed); n != 0 {
		t.Errorf("got %d changes syncing twice, want 0: %+v", n, again)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestPublishRsync publishes an encrypted site through rsync to a local
// folder: all files first, none when nothing changed, only the key file
// after a new passphrase.
func TestPublishRsync(t *testing.T) {
	needRsync(t)
	ctx := context.Background()
	journal := t.TempDir()
	enc, _, err := Encryption(journal, "a passphrase", testKeys(1))
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "www")
	opt := Options{Dest: dest, TempDir: t.TempDir()}
	s := loadSite(t, smallJournal(true), enc)
	first, err := publishRsync(ctx, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Remote || len(first.Added) != len(s.Files())+2 || first.Files != len(s.Files())+2 {
		t.Errorf("first: got %+v, want every one of %d files, the manifest and the record added", first, len(s.Files()))
	}
	if st, err := os.Stat(dest); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("destination mode: got %v (%v), want 0755", st.Mode().Perm(), err)
	}
	again, err := publishRsync(ctx, loadSite(t, smallJournal(true), enc), opt)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(again.Added) + len(again.Changed) + len(again.Removed); n != 0 || again.Bytes != 0 {
		t.Errorf("unchanged: got %d files and %d bytes sent, want none: %+v", n, again.Bytes, again)
	}
	if err := Rekey(journal, "a passphrase", "another passphrase", false, testKeys(2)); err != nil {
		t.Fatal(err)
	}
	rekeyed, _, err := Encryption(journal, "another passphrase", testKeys(3))
	if err != nil {
		t.Fatal(err)
	}
	after, err := publishRsync(ctx, loadSite(t, smallJournal(true), rekeyed), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(after.Changed, []string{crypt.KeyFilePath, output.Sums}) || len(after.Added)+len(after.Removed) != 0 {
		t.Errorf("after rekey: got %+v, want only %s (and the record of it) changed", after, crypt.KeyFilePath)
	}
	if got := tree(t, dest)[crypt.KeyFilePath]; got != string(rekeyed.KeyFile) {
		t.Errorf("got the old key file at the destination, want the new one")
	}
	if left, _ := os.ReadDir(opt.TempDir); len(left) != 0 {
		t.Errorf("got %d temporary folders left, want none", len(left))
	}

	t.Run("foreign target", func(t *testing.T) {
		foreign := t.TempDir()
		writeFiles(t, foreign, map[string]string{"notes.txt": "mine"})
		_, err := publishRsync(ctx, s, Options{Dest: foreign, TempDir: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), "not a kith site") {
			t.Errorf("got %v, want a refusal", err)
		}
		if tree(t, foreign)["notes.txt"] != "mine" {
			t.Error("got the folder changed, want it untouched")
		}
	})
	t.Run("no rsync", func(t *testing.T) {
		_, err := Publish(ctx, s, Options{Dest: "host:www", Rsync: "kith-test-no-such-rsync"})
		if !errors.Is(err, ErrNoRsync) || !strings.Contains(err.Error(), "install") {
			t.Errorf("got %v, want ErrNoRsync saying to install it", err)
		}
	})
}

func TestParseItemized(t *testing.T) {
	out := strings.Join([]string{
		"*deleting   old/page/index.html",
		"*deleting   old/page/",
		">f+++++++++ abc/index.html",
		"cd+++++++++ abc/",
		"<f+++++++++ sent/index.html",
		">fc.t...... index.html",
		"<f.st...... _kith/key.json",
		".f..t...... _kith/style.css",
		".d..t...... ./",
		"hf+++++++++ hard/link",
		"",
		"garbage",
	}, "\n")
	got := parseItemized([]byte(out))
	want := Summary{
		Added:   []string{"abc/index.html", "sent/index.html"},
		Changed: []string{"_kith/key.json", "index.html"},
		Removed: []string{"old/page/index.html"},
	}
	if !slices.Equal(got.Added, want.Added) || !slices.Equal(got.Changed, want.Changed) || !slices.Equal(got.Removed, want.Removed) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestWithoutPassphrases(t *testing.T) {
	got := withoutPassphrases([]string{"HOME=/home/a", "KITH_PASSWORD=secret", "KITH_NEW_PASSWORD=new", "KITH_NOW=2026-01-01", "SSH_AUTH_SOCK=/tmp/s"})
	want := []string{"HOME=/home/a", "KITH_NOW=2026-01-01", "SSH_AUTH_SOCK=/tmp/s"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
