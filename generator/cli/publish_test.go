package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kith/generator/crypt"
	"kith/generator/publish"
)

// session is how a test runs kith: environment variables, and what is
// typed on a terminal (if any).
type session struct {
	vars     map[string]string
	terminal bool
	typed    string
}

func (s session) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(s.typed), Stdout: &out, Stderr: &errb,
		Getenv:     func(k string) string { return s.vars[k] },
		Now:        func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) },
		IsTerminal: s.terminal,
	}
	if testing.Short() {
		// The real 600,000 PBKDF2 iterations cost about a second a key
		// file; the full go test ./... keeps them.
		env.Keys = &publish.KeyOptions{
			Rand:   rand.Reader,
			Wrap:   crypt.WrapOptions{Iterations: 1000, InsecureLowIterations: true},
			Unwrap: crypt.UnwrapOptions{InsecureLowIterations: true},
		}
	}
	code := Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func withPassword(p string) session { return session{vars: map[string]string{"KITH_PASSWORD": p}} }

const secretNote = "Ann builds wooden boats in Tromsø."

// privateJournal writes a journal whose notes must never be readable on an
// encrypted site.
func privateJournal(t *testing.T, config string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"kith.yaml":                 "title: Private test\nowner: Ada Quist\n" + config,
		"content/people/Ann Lee.md": "---\nname: Ann Lee\norg: Acme Works\n---\n" + secretNote + "\n",
	})
	return dir
}

// readAll returns every file under dir by slash path.
func readAll(t *testing.T, dir string) map[string]string {
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
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkSealed checks that the site in dir is encrypted: no secret in any
// file or path, a key file, unlock shells.
func checkSealed(t *testing.T, dir string) {
	t.Helper()
	files := readAll(t, dir)
	if _, ok := files["_kith/key.json"]; !ok {
		t.Errorf("%s: no _kith/key.json", dir)
	}
	if !strings.Contains(files["index.html"], `id="kith-sealed"`) {
		t.Errorf("%s: index.html is not an unlock shell", dir)
	}
	for name, data := range files {
		for _, secret := range []string{"Ann Lee", "ann-lee", "Acme Works", "Tromsø", "Ada Quist", "Private test"} {
			if strings.Contains(name, secret) || strings.Contains(data, secret) {
				t.Errorf("%s/%s: %q is readable", dir, name, secret)
			}
		}
	}
}

func TestBuildEncrypted(t *testing.T) {
	t.Parallel()
	dir := privateJournal(t, "")
	out := filepath.Join(dir, "public")
	code, stdout, stderr := withPassword("a long enough passphrase").run(t, "build", "--encrypt", "-s", dir)
	if code != 0 || !strings.Contains(stdout, "encrypted") || !strings.Contains(stderr, "made a new site key") {
		t.Fatalf("first build: got exit %d, stdout %q, stderr %q; want 0, encrypted, a new key", code, stdout, stderr)
	}
	if strings.Contains(stderr, "warning") {
		t.Errorf("got %q, want no warning for a long passphrase", stderr)
	}
	checkSealed(t, out)
	stored, err := os.ReadFile(filepath.Join(dir, ".kith", "key.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, out)["_kith/key.json"]; got != string(stored) {
		t.Errorf("got published key file %q, want the stored %q", got, stored)
	}
	first := readAll(t, out)

	t.Run("again", func(t *testing.T) {
		code, _, stderr := withPassword("a long enough passphrase").run(t, "build", "--encrypt", "-s", dir)
		if code != 0 || strings.Contains(stderr, "new site key") {
			t.Fatalf("got exit %d, stderr %q; want 0 and the stored key reused", code, stderr)
		}
		again := readAll(t, out)
		for name, data := range first {
			if name == "_kith/sums.txt" {
				// The update adds the digest of the build's inputs.
				inputs := regexp.MustCompile(`(?m)^inputs .*\n`)
				if inputs.ReplaceAllString(again[name], "") != inputs.ReplaceAllString(data, "") {
					t.Errorf("%s changed between two builds of the same journal, beyond the digest of the inputs", name)
				}
				continue
			}
			if again[name] != data {
				t.Errorf("%s changed between two builds of the same journal", name)
			}
		}
	})
	t.Run("wrong passphrase", func(t *testing.T) {
		code, _, stderr := withPassword("not the passphrase").run(t, "build", "--encrypt", "-s", dir)
		if code != 1 || !strings.Contains(stderr, "wrong passphrase") || !strings.Contains(stderr, "kith rekey") {
			t.Errorf("got exit %d, stderr %q; want 1 and a message saying how to rotate", code, stderr)
		}
		if got := readAll(t, out)["index.html"]; got != first["index.html"] {
			t.Error("got the site changed by a failed build")
		}
	})
	t.Run("no passphrase", func(t *testing.T) {
		code, _, stderr := session{}.run(t, "build", "--encrypt", "-s", dir, "-d", filepath.Join(dir, "other"))
		if code != 1 || !strings.Contains(stderr, "KITH_PASSWORD") {
			t.Errorf("got exit %d, stderr %q; want 1 and to be told about KITH_PASSWORD", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "other")); err == nil {
			t.Error("got a site written without a passphrase")
		}
	})
}

func TestBuildEncryptFromConfig(t *testing.T) {
	t.Parallel()
	dir := privateJournal(t, "encrypt: true\n")
	code, _, stderr := session{}.run(t, "build", "-s", dir)
	if code != 1 || !strings.Contains(stderr, "no passphrase") {
		t.Errorf("without a passphrase: got exit %d, stderr %q; want 1, no passphrase", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, ".kith", "key.json")); err == nil {
		t.Error("got a key file made without a passphrase")
	}
	code, _, stderr = withPassword("short").run(t, "build", "-s", dir)
	if code != 0 || !strings.Contains(stderr, "warning: a passphrase shorter") {
		t.Fatalf("got exit %d, stderr %q; want 0 and a warning about the short passphrase", code, stderr)
	}
	checkSealed(t, filepath.Join(dir, "public"))
}

func TestPassphrasePrompt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, typed string
		code        int
		wantErr     string
	}{
		{"typed twice", "a long enough passphrase\na long enough passphrase\n", 0, "Passphrase for the new encrypted site: "},
		{"mistyped", "a long enough passphrase\na long enuogh passphrase\n", 1, "differ"},
		{"nothing typed", "\n", 1, "no passphrase"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := privateJournal(t, "encrypt: true\n")
			code, _, stderr := session{terminal: true, typed: tc.typed}.run(t, "build", "-s", dir)
			if code != tc.code || !strings.Contains(stderr, tc.wantErr) {
				t.Errorf("got exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.wantErr)
			}
			if strings.Contains(stderr, "enough") || strings.Contains(stderr, "enuogh") {
				t.Errorf("got the passphrase echoed in %q", stderr)
			}
		})
	}
}

func TestRekeyCommand(t *testing.T) {
	t.Parallel()
	dir := privateJournal(t, "encrypt: true\n")
	if code, _, stderr := withPassword("the old passphrase").run(t, "build", "-s", dir); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	before := readAll(t, filepath.Join(dir, "public"))

	code, stdout, stderr := session{terminal: true, typed: "the old passphrase\nthe new passphrase\nthe new passphrase\n"}.run(t, "rekey", "-s", dir)
	if code != 0 || !strings.Contains(stdout, "changed the passphrase") {
		t.Fatalf("rekey: got exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, _ := withPassword("the old passphrase").run(t, "build", "-s", dir); code != 1 {
		t.Errorf("build with the old passphrase: got exit %d, want 1", code)
	}
	if code, _, stderr := withPassword("the new passphrase").run(t, "build", "-s", dir); code != 0 {
		t.Fatalf("build with the new passphrase: exit %d: %s", code, stderr)
	}
	after := readAll(t, filepath.Join(dir, "public"))
	for name, data := range before {
		if changed := after[name] != data; changed != (name == "_kith/key.json" || name == "_kith/sums.txt") {
			t.Errorf("%s: got changed %v, want only the key file changed", name, changed)
		}
	}

	t.Run("from the environment", func(t *testing.T) {
		s := session{vars: map[string]string{"KITH_PASSWORD": "the new passphrase", "KITH_NEW_PASSWORD": "a third passphrase"}}
		if code, _, stderr := s.run(t, "rekey", "-s", dir); code != 0 {
			t.Fatalf("got exit %d: %s", code, stderr)
		}
	})
	t.Run("wrong old passphrase", func(t *testing.T) {
		s := session{vars: map[string]string{"KITH_PASSWORD": "the new passphrase", "KITH_NEW_PASSWORD": "x"}}
		if code, _, stderr := s.run(t, "rekey", "-s", dir); code != 1 || !strings.Contains(stderr, "wrong passphrase") {
			t.Errorf("got exit %d, stderr %q; want 1, wrong passphrase", code, stderr)
		}
	})
	t.Run("no key", func(t *testing.T) {
		if code, _, stderr := withPassword("x").run(t, "rekey", "-s", t.TempDir()); code != 1 || !strings.Contains(stderr, "no site key") {
			t.Errorf("got exit %d, stderr %q; want 1, no site key", code, stderr)
		}
	})
}

func TestPublishCommand(t *testing.T) {
	t.Parallel()
	dir := privateJournal(t, "")
	dest := filepath.Join(t.TempDir(), "www")

	code, stdout, stderr := session{}.run(t, "publish", "-s", dir, dest)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "refusing") || !strings.Contains(stderr, "--plaintext") {
		t.Errorf("unencrypted: got exit %d, stdout %q, stderr %q; want 1 and why", code, stdout, stderr)
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("got an unencrypted site published")
	}

	pw := withPassword("a long enough passphrase")
	code, stdout, stderr = pw.run(t, "publish", "--encrypt", "--dry-run", "-s", dir, dest)
	if code != 0 || !strings.Contains(stdout, "would publish") {
		t.Errorf("dry run: got exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("got files written by a dry run")
	}
	code, stdout, stderr = pw.run(t, "publish", "--encrypt", "-s", dir, dest)
	if code != 0 || !strings.Contains(stdout, "published") || !strings.Contains(stdout, "added, 0 changed, 0 removed") {
		t.Fatalf("publish: got exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	checkSealed(t, dest)
	code, stdout, _ = pw.run(t, "publish", "--encrypt", "-s", dir, dest)
	if code != 0 || !strings.Contains(stdout, "nothing changed") {
		t.Errorf("again: got exit %d, stdout %q; want nothing changed", code, stdout)
	}

	t.Run("plaintext", func(t *testing.T) {
		plain := filepath.Join(t.TempDir(), "www")
		code, stdout, stderr := session{}.run(t, "publish", "--plaintext", "-s", dir, plain)
		if code != 0 || !strings.Contains(stdout, "published") || !strings.Contains(stderr, "not encrypted") {
			t.Errorf("got exit %d, stdout %q, stderr %q; want 0 and a warning", code, stdout, stderr)
		}
	})
	t.Run("usage", func(t *testing.T) {
		if code, _, stderr := pw.run(t, "publish", "-s", dir); code != 2 || !strings.Contains(stderr, "DEST") {
			t.Errorf("no DEST: got exit %d, stderr %q; want 2", code, stderr)
		}
	})
}

// TestHarden02KeepsFilesKithDidNotWrite (issue 14, point 2): a .git
// folder, a CNAME and a README.md in a destination survive kith build -d,
// a local kith publish and an rsync kith publish, and are listed once;
// the page of a person no longer in the journal is deleted.
func TestHarden02KeepsFilesKithDidNotWrite(t *testing.T) {
	_, rsyncErr := exec.LookPath("rsync")
	// A stand-in for ssh that runs the remote rsync here: "host:path" then
	// goes through rsync's real remote protocol, to a local folder.
	fakeSSH := filepath.Join(t.TempDir(), "fake-ssh")
	if err := os.WriteFile(fakeSSH, []byte("#!/bin/sh\nshift\nexec \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("RSYNC_RSH", fakeSSH)
	user := map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".git/objects/ab/cdef": "blob", "CNAME": "journal.example.org\n", "README.md": "# my site\n"}
	for _, tc := range []struct {
		name  string
		args  func(dir, dest string) []string
		rsync bool
	}{
		{"build -d", func(dir, dest string) []string { return []string{"build", "-s", dir, "-d", dest} }, false},
		{"local publish", func(dir, dest string) []string { return []string{"publish", "--plaintext", "-s", dir, dest} }, false},
		{"rsync publish", func(dir, dest string) []string {
			return []string{"publish", "--plaintext", "-s", dir, "pages.example:" + dest}
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.rsync && rsyncErr != nil {
				t.Skip("rsync is not installed")
			}
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				"kith.yaml":                  "title: Test\nowner: Ada Quist\n",
				"content/people/Ann Lee.md":  "---\nname: Ann Lee\n---\nBoats.\n",
				"content/people/Bo Varga.md": "---\nname: Bo Varga\n---\nMaps.\n",
			})
			dest := filepath.Join(t.TempDir(), "site")
			if code, stdout, stderr := (session{}).run(t, tc.args(dir, dest)...); code != 0 {
				t.Fatalf("first run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			if _, err := os.Stat(filepath.Join(dest, "people", "bo-varga", "index.html")); err != nil {
				t.Fatalf("first run: no page for Bo: %v", err)
			}
			writeFiles(t, dest, user)
			if err := os.Remove(filepath.Join(dir, "content", "people", "Bo Varga.md")); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := session{}.run(t, tc.args(dir, dest)...)
			if code != 0 {
				t.Fatalf("second run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			const kept = "kept 3 files kith did not write: .git/, CNAME, README.md\n"
			if !strings.Contains(stdout, kept) || strings.Count(stdout+stderr, "did not write") != 1 {
				t.Errorf("second run: stdout %q, stderr %q; want %q once", stdout, stderr, kept)
			}
			got := readAll(t, dest)
			for name, want := range user {
				if got[name] != want {
					t.Errorf("%s: got %q, want %q kept", name, got[name], want)
				}
			}
			if _, ok := got["people/bo-varga/index.html"]; ok {
				t.Error("the page of a person no longer in the journal is still there")
			}
			if _, err := os.Stat(filepath.Join(dest, "people", "bo-varga")); err == nil {
				t.Error("the folder of a person no longer in the journal is still there")
			}
			if _, ok := got["people/ann-lee/index.html"]; !ok {
				t.Error("no page for Ann")
			}
		})
	}
}

// TestHarden13PublishErrorsNameNoMissingFlag (issue 14, point 13): when
// publish refuses a destination, its message does not suggest -d, which
// publish does not have; build's does.
func TestHarden13PublishErrorsNameNoMissingFlag(t *testing.T) {
	t.Parallel()
	dir := privateJournal(t, "")
	foreign := t.TempDir()
	writeFiles(t, foreign, map[string]string{"thesis.md": "mine"})
	for _, tc := range []struct {
		name, dest string
	}{
		{"not a kith site", foreign},
		{"contains the journal", filepath.Dir(dir)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := session{}.run(t, "publish", "--plaintext", "-s", dir, tc.dest)
			if code != 1 || strings.Contains(stderr, "with -d") || !strings.Contains(stderr, "choose another folder") {
				t.Errorf("publish: got exit %d, stderr %q; want 1, another folder, and no -d", code, stderr)
			}
			code, _, stderr = session{}.run(t, "build", "-s", dir, "-d", tc.dest)
			if code != 1 || !strings.Contains(stderr, "with -d") {
				t.Errorf("build: got exit %d, stderr %q; want 1 and -d", code, stderr)
			}
		})
	}
	if got := readAll(t, foreign); len(got) != 1 {
		t.Errorf("the foreign folder changed: %v", got)
	}
}

// TestHarden13PublishChecksDestBeforeKey (issue 14, point 13): publish
// --encrypt to a destination it refuses makes no site key.
func TestHarden13PublishChecksDestBeforeKey(t *testing.T) {
	t.Parallel()
	dir := privateJournal(t, "")
	foreign := t.TempDir()
	writeFiles(t, foreign, map[string]string{"thesis.md": "mine"})
	for _, args := range [][]string{
		{"publish", "--encrypt", "-s", dir, foreign},
		{"build", "--encrypt", "-s", dir, "-d", foreign},
	} {
		code, _, stderr := withPassword("a long enough passphrase").run(t, args...)
		if code != 1 || !strings.Contains(stderr, "not a kith site") {
			t.Errorf("%s: got exit %d, stderr %q; want 1, not a kith site", args[0], code, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, ".kith")); !os.IsNotExist(err) {
			t.Errorf("%s: got a site key made before the destination was refused (%v)", args[0], err)
		}
	}
}

// TestHarden03BuildRefusesJournalThroughLink (issue 14, point 3): kith
// build -s journal-link -d site, with the journal inside site/ reached
// through a link, is refused as it is with the real path, and the journal
// is intact.
func TestHarden03BuildRefusesJournalThroughLink(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	site := filepath.Join(root, "site")
	journal := filepath.Join(site, "journal")
	writeFiles(t, journal, map[string]string{
		"kith.yaml":                 "title: Test\nowner: Ada Quist\n",
		"content/people/Ann Lee.md": "---\nname: Ann Lee\n---\nBoats.\n",
	})
	if err := os.Mkdir(filepath.Join(site, "_kith"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "journal-link")
	if err := os.Symlink(journal, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	for _, source := range []string{journal, link} {
		code, _, stderr := session{}.run(t, "build", "-s", source, "-d", site)
		if code != 1 || !strings.Contains(stderr, "would contain the journal") {
			t.Errorf("-s %s: got exit %d, stderr %q; want 1 and a refusal", source, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(journal, "content", "people", "Ann Lee.md")); err != nil {
		t.Errorf("the journal is damaged: %v", err)
	}
}

func TestPrintKept(t *testing.T) {
	t.Parallel()
	many := make([]string, 12)
	for i := range many {
		many[i] = string(rune('a'+i)) + ".txt"
	}
	for _, tc := range []struct {
		name string
		kept []string
		want string
	}{
		{"none", nil, ""},
		{"one", []string{"CNAME"}, "kept 1 file kith did not write: CNAME\n"},
		{"control character", []string{"\x1b[2Kno problems"}, "kept 1 file kith did not write: \"\\x1b[2Kno problems\"\n"},
		{"many", many, "kept 12 files kith did not write: a.txt, b.txt, c.txt, d.txt, e.txt, f.txt, g.txt, h.txt, i.txt, j.txt and 2 more\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			printKept(&b, "kept", tc.kept)
			if got := b.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
