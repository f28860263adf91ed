package crypt

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	mrand "math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// testIterations keeps PBKDF2 fast in tests; real key files use at least
// MinIterations.
const testIterations = 1000

var (
	fastWrap   = WrapOptions{Iterations: testIterations, InsecureLowIterations: true}
	fastUnwrap = UnwrapOptions{InsecureLowIterations: true}
)

// seeded returns a deterministic randomness source for reproducible tests.
func seeded(seed byte) *mrand.ChaCha8 {
	var s [32]byte
	s[0] = seed
	return mrand.NewChaCha8(s)
}

// newTestKey makes a Key from a seeded source.
func newTestKey(t testing.TB, seed byte) *Key {
	t.Helper()
	k, err := NewKey(seeded(seed))
	if err != nil {
		t.Fatalf("NewKey: %v", err)
	}
	return k
}

// wrapTest wraps k with the fast test options.
func wrapTest(t testing.TB, k *Key, pass string) []byte {
	t.Helper()
	file, err := k.Wrap(rand.Reader, pass, fastWrap)
	if err != nil {
		t.Fatalf("Wrap: %v", err)
	}
	return file
}

func TestSealOpenRoundTrip(t *testing.T) {
	k := newTestKey(t, 1)
	big := bytes.Repeat([]byte("<p>Met at the conference.</p>\n"), 10_000)
	tests := []struct {
		name, page string
		plaintext  []byte
	}{
		{"empty", "index.html", nil},
		{"html", "p/abc/index.html", []byte("<!doctype html><title>Alice Smith</title>")},
		{"binary", "_kith/d/search.bin", []byte{0, 1, 2, 255, 0}},
		{"unicode name", "p/ü/index.html", []byte("Zoë")},
		{"empty name", "", []byte("x")},
		{"large", "p/big/index.html", big},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sealed := k.Seal(tt.page, tt.plaintext)
			if got, want := len(sealed), len(tt.plaintext)+Overhead; got != want {
				t.Errorf("sealed length: got %d, want %d", got, want)
			}
			if sealed[0] != Version {
				t.Errorf("version byte: got %d, want %d", sealed[0], Version)
			}
			if len(tt.plaintext) > 8 && bytes.Contains(sealed, tt.plaintext[:8]) {
				t.Errorf("sealed data contains plaintext %q", tt.plaintext[:8])
			}
			got, err := k.Open(tt.page, sealed)
			if err != nil {
				t.Fatalf("Open: got error %v, want nil", err)
			}
			if !bytes.Equal(got, tt.plaintext) {
				t.Errorf("Open: got %d bytes, want the %d sealed", len(got), len(tt.plaintext))
			}
		})
	}
}

func TestOpenRejects(t *testing.T) {
	k := newTestKey(t, 1)
	other := newTestKey(t, 2)
	const page = "p/abc/index.html"
	sealed := k.Seal(page, []byte("<p>private note</p>"))
	flip := func(i int) []byte {
		b := bytes.Clone(sealed)
		b[i] ^= 0x01
		return b
	}
	tests := []struct {
		name   string
		key    *Key
		page   string
		sealed []byte
		want   error
	}{
		{"version byte", k, page, flip(0), ErrUnsupportedVersion},
		{"version 2", k, page, append([]byte{2}, sealed[1:]...), ErrUnsupportedVersion},
		{"nonce", k, page, flip(1), ErrTampered},
		{"ciphertext", k, page, flip(1 + nonceSize + 2), ErrTampered},
		{"tag", k, page, flip(len(sealed) - 1), ErrTampered},
		{"truncated", k, page, sealed[:len(sealed)-1], ErrTampered},
		{"header only", k, page, sealed[:1+nonceSize], ErrTampered},
		{"appended", k, page, append(bytes.Clone(sealed), 0), ErrTampered},
		{"empty", k, page, nil, ErrTampered},
		{"wrong name", k, "p/abd/index.html", sealed, ErrTampered},
		{"name prefix", k, "p/abc/", sealed, ErrTampered},
		{"other key", other, page, sealed, ErrTampered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.key.Open(tt.page, tt.sealed)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open: got error %v, want %v", err, tt.want)
			}
			if got != nil {
				t.Errorf("Open: got %d bytes of plaintext with an error, want none", len(got))
			}
		})
	}
}

func TestNonces(t *testing.T) {
	k := newTestKey(t, 1)
	nonceOf := func(sealed []byte) string { return string(sealed[1 : 1+nonceSize]) }

	t.Run("distinct across many pages", func(t *testing.T) {
		const pages = 20_000
		seen := make(map[string]string, pages)
		for i := range pages {
			// Same content under different names, and different content
			// under the same name, must all differ.
			name := fmt.Sprintf("p/%d/index.html", i%(pages/2))
			content := fmt.Sprintf("page %d", i/(pages/2))
			n := nonceOf(k.Seal(name, []byte(content)))
			if prev, ok := seen[n]; ok {
				t.Fatalf("nonce reused: %s and %s/%s", prev, name, content)
			}
			seen[n] = name + "/" + content
		}
	})

	// The name's length is hashed before it, so moving bytes between
	// name and content changes the nonce even across a NUL.
	t.Run("name and content boundary", func(t *testing.T) {
		pairs := [][2]string{
			{"a\x00b", "c"}, {"a", "b\x00c"}, {"a\x00", "bc"}, {"ab", "c"}, {"a", "bc"},
		}
		seen := map[string]int{}
		for i, p := range pairs {
			n := nonceOf(k.Seal(p[0], []byte(p[1])))
			if j, ok := seen[n]; ok {
				t.Errorf("pairs %q and %q share a nonce", pairs[j], p)
			}
			seen[n] = i
		}
	})

	tests := []struct {
		name         string
		a, b         *Key
		nameA, nameB string
		textA, textB string
		wantSame     bool
	}{
		{"same page same key", k, k, "p/x", "p/x", "hello", "hello", true},
		{"same page rewrapped key", k, rewrapped(t, k), "p/x", "p/x", "hello", "hello", true},
		{"content changed", k, k, "p/x", "p/x", "hello", "hello!", false},
		{"name changed", k, k, "p/x", "p/y", "hello", "hello", false},
		{"other key", k, newTestKey(t, 2), "p/x", "p/x", "hello", "hello", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sa, sb := tt.a.Seal(tt.nameA, []byte(tt.textA)), tt.b.Seal(tt.nameB, []byte(tt.textB))
			if got := bytes.Equal(sa, sb); got != tt.wantSame {
				t.Errorf("identical ciphertext: got %v, want %v", got, tt.wantSame)
			}
			if got := nonceOf(sa) == nonceOf(sb); got != tt.wantSame {
				t.Errorf("same nonce: got %v, want %v", got, tt.wantSame)
			}
		})
	}
}

// rewrapped returns k after a trip through a key file.
func rewrapped(t *testing.T, k *Key) *Key {
	t.Helper()
	k2, err := Unwrap(wrapTest(t, k, "pass"), "pass", fastUnwrap)
	if err != nil {
		t.Fatalf("Unwrap: %v", err)
	}
	return k2
}

func TestWrapUnwrap(t *testing.T) {
	k := newTestKey(t, 1)
	sealed := k.Seal("index.html", []byte("home"))
	file := wrapTest(t, k, "correct horse")
	tests := []struct {
		name string
		pass string
		want error
	}{
		{"right passphrase", "correct horse", nil},
		{"wrong passphrase", "correct horsf", ErrWrongPassphrase},
		{"empty passphrase", "", ErrWrongPassphrase},
		{"trailing space", "correct horse ", ErrWrongPassphrase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k2, err := Unwrap(file, tt.pass, fastUnwrap)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Unwrap: got error %v, want %v", err, tt.want)
			}
			if err != nil {
				if k2 != nil {
					t.Errorf("Unwrap: got a key with an error, want nil")
				}
				return
			}
			got, err := k2.Open("index.html", sealed)
			if err != nil || string(got) != "home" {
				t.Errorf("Open with unwrapped key: got %q, %v, want %q, nil", got, err, "home")
			}
			if a, b := k.OpaqueName("alice"), k2.OpaqueName("alice"); a != b {
				t.Errorf("OpaqueName after unwrap: got %q, want %q", b, a)
			}
		})
	}
}

func TestKeyFileFormat(t *testing.T) {
	k := newTestKey(t, 1)
	file, err := k.Wrap(seeded(9), "pass", fastWrap)
	if err != nil {
		t.Fatalf("Wrap: %v", err)
	}
	if !bytes.HasSuffix(file, []byte("}\n")) || bytes.Count(file, []byte("\n")) != 1 {
		t.Errorf("key file: got %q, want one line of JSON", file)
	}
	var kf map[string]any
	if err := json.Unmarshal(file, &kf); err != nil {
		t.Fatalf("key file is not JSON: %v", err)
	}
	want := []string{"iter", "kdf", "nonce", "salt", "v", "wrapped"}
	if got := slices.Sorted(maps.Keys(kf)); !slices.Equal(got, want) {
		t.Errorf("fields: got %v, want %v", got, want)
	}
	if kf["v"] != float64(1) || kf["kdf"] != "pbkdf2-sha256" || kf["iter"] != float64(testIterations) {
		t.Errorf("header: got v=%v kdf=%v iter=%v, want 1 pbkdf2-sha256 %d", kf["v"], kf["kdf"], kf["iter"], testIterations)
	}
	// Same randomness, same file: Wrap is deterministic given rand.
	again, _ := k.Wrap(seeded(9), "pass", fastWrap)
	if !bytes.Equal(file, again) {
		t.Errorf("Wrap with the same rand: got different files, want the same")
	}
}

func TestUnwrapRejects(t *testing.T) {
	k := newTestKey(t, 1)
	file := wrapTest(t, k, "pass")
	var kf keyFile
	if err := json.Unmarshal(file, &kf); err != nil {
		t.Fatal(err)
	}
	// edit returns the key file with fn applied to its fields.
	edit := func(fn func(m map[string]any)) []byte {
		m := map[string]any{}
		if err := json.Unmarshal(file, &m); err != nil {
			t.Fatal(err)
		}
		fn(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// flipB64 flips one bit of a base64 field.
	flipB64 := func(field string, i int) []byte {
		return edit(func(m map[string]any) {
			b, _ := base64.StdEncoding.DecodeString(m[field].(string))
			b[i] ^= 0x80
			m[field] = base64.StdEncoding.EncodeToString(b)
		})
	}
	set := func(field string, v any) []byte { return edit(func(m map[string]any) { m[field] = v }) }
	b64 := func(n int) string { return base64.StdEncoding.EncodeToString(make([]byte, n)) }

	tests := []struct {
		name string
		file []byte
		opts UnwrapOptions
		want error
	}{
		{"wrapped key flipped", flipB64("wrapped", 3), fastUnwrap, ErrWrongPassphrase},
		{"wrapped tag flipped", flipB64("wrapped", 2*keySize+1), fastUnwrap, ErrWrongPassphrase},
		{"nonce flipped", flipB64("nonce", 0), fastUnwrap, ErrWrongPassphrase},
		{"salt flipped", flipB64("salt", 15), fastUnwrap, ErrWrongPassphrase},
		{"iterations changed", set("iter", testIterations+1), fastUnwrap, ErrWrongPassphrase},
		{"version 2", set("v", 2), fastUnwrap, ErrUnsupportedVersion},
		{"version 0", set("v", 0), fastUnwrap, ErrUnsupportedVersion},
		{"version string", set("v", "1"), fastUnwrap, ErrMalformed},
		{"no version", edit(func(m map[string]any) { delete(m, "v") }), fastUnwrap, ErrMalformed},
		{"unknown kdf", set("kdf", "argon2id"), fastUnwrap, ErrMalformed},
		{"unknown field", set("hint", "dog's name"), fastUnwrap, ErrMalformed},
		{"low iterations refused", file, UnwrapOptions{}, ErrMalformed},
		{"zero iterations", set("iter", 0), fastUnwrap, ErrMalformed},
		{"negative iterations", set("iter", -1), fastUnwrap, ErrMalformed},
		{"too many iterations", set("iter", MaxIterations+1), fastUnwrap, ErrMalformed},
		{"salt not base64", set("salt", "!!"), fastUnwrap, ErrMalformed},
		{"short salt", set("salt", b64(8)), fastUnwrap, ErrMalformed},
		{"long nonce", set("nonce", b64(16)), fastUnwrap, ErrMalformed},
		{"short wrapped", set("wrapped", b64(32)), fastUnwrap, ErrMalformed},
		{"not json", []byte("v=1"), fastUnwrap, ErrMalformed},
		{"empty", nil, fastUnwrap, ErrMalformed},
		{"array", []byte("[1]"), fastUnwrap, ErrMalformed},
		{"trailing data", append(bytes.Clone(file), []byte(`{"v":1}`)...), fastUnwrap, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Unwrap(tt.file, "pass", tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Unwrap: got error %v, want %v", err, tt.want)
			}
			if got != nil {
				t.Errorf("Unwrap: got a key with an error, want nil")
			}
			if msg := err.Error(); msg != strings.ToLower(msg[:1])+msg[1:] {
				t.Errorf("error %q: want it to start lowercase", msg)
			}
		})
	}
}

func TestWrapRefuses(t *testing.T) {
	k := newTestKey(t, 1)
	tests := []struct {
		name string
		pass string
		opts WrapOptions
		want string
	}{
		{"low iterations", "pass", WrapOptions{Iterations: MinIterations - 1}, "at least 600000"},
		{"test count without the option", "pass", WrapOptions{Iterations: testIterations}, "at least 600000"},
		{"too many iterations", "pass", WrapOptions{Iterations: MaxIterations + 1}, "at most"},
		{"too many even when insecure", "pass", WrapOptions{Iterations: MaxIterations + 1, InsecureLowIterations: true}, "at most"},
		{"negative", "pass", WrapOptions{Iterations: -5, InsecureLowIterations: true}, "at least 1"},
		{"empty passphrase", "", fastWrap, "empty passphrase"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, err := k.Wrap(rand.Reader, tt.pass, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Wrap: got error %v, want one containing %q", err, tt.want)
			}
			if file != nil {
				t.Errorf("Wrap: got a key file with an error, want nil")
			}
		})
	}
	if _, err := k.Wrap(rand.Reader, "", fastWrap); !errors.Is(err, ErrEmptyPassphrase) {
		t.Errorf("Wrap with empty passphrase: got %v, want ErrEmptyPassphrase", err)
	}
}

func TestWrapDefaultIterations(t *testing.T) {
	if testing.Short() {
		t.Skip("600,000 PBKDF2 iterations")
	}
	k := newTestKey(t, 1)
	file, err := k.Wrap(rand.Reader, "pass", WrapOptions{})
	if err != nil {
		t.Fatalf("Wrap: %v", err)
	}
	if !bytes.Contains(file, []byte(`"iter":600000`)) {
		t.Errorf("key file: got %s, want iter 600000", file)
	}
	if _, err := Unwrap(file, "pass", UnwrapOptions{}); err != nil {
		t.Errorf("Unwrap: got %v, want nil", err)
	}
}

func TestRewrap(t *testing.T) {
	k := newTestKey(t, 1)
	pages := map[string][]byte{
		"index.html":         []byte("home"),
		"p/abc/index.html":   []byte("alice"),
		"_kith/d/search.bin": []byte(`[{"n":"alice"}]`),
	}
	sealed := map[string][]byte{}
	for name, text := range pages {
		sealed[name] = k.Seal(name, text)
	}
	oldFile := wrapTest(t, k, "old passphrase")

	// Rotate: open with the old passphrase, wrap with the new.
	k2, err := Unwrap(oldFile, "old passphrase", fastUnwrap)
	if err != nil {
		t.Fatalf("Unwrap old: %v", err)
	}
	newFile := wrapTest(t, k2, "new passphrase")
	if bytes.Equal(oldFile, newFile) {
		t.Fatalf("rewrapped key file: got the old file, want a new one")
	}
	var a, b keyFile
	_ = json.Unmarshal(oldFile, &a)
	_ = json.Unmarshal(newFile, &b)
	if a.Salt == b.Salt {
		t.Errorf("salt: got the same salt after rewrap, want a new one")
	}

	tests := []struct {
		name    string
		file    []byte
		pass    string
		wantErr error
	}{
		{"new file new passphrase", newFile, "new passphrase", nil},
		{"new file old passphrase", newFile, "old passphrase", ErrWrongPassphrase},
		{"old file old passphrase", oldFile, "old passphrase", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k3, err := Unwrap(tt.file, tt.pass, fastUnwrap)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Unwrap: got error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			for name, want := range pages {
				got, err := k3.Open(name, sealed[name])
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("Open(%q): got %q, %v, want %q, nil", name, got, err, want)
				}
				if resealed := k3.Seal(name, want); !bytes.Equal(resealed, sealed[name]) {
					t.Errorf("Seal(%q) after rotation: got new bytes, want the published ones", name)
				}
			}
		})
	}
}

func TestOpaqueName(t *testing.T) {
	k := newTestKey(t, 1)
	shape := regexp.MustCompile(`^[a-z2-7]{20}$`)

	t.Run("shape and stability", func(t *testing.T) {
		for _, s := range []string{"", "alice-smith", "people/alice-smith/", "Zoë", strings.Repeat("x", 10_000)} {
			got := k.OpaqueName(s)
			if !shape.MatchString(got) {
				t.Errorf("OpaqueName(%.20q): got %q, want 20 lowercase base32 characters", s, got)
			}
			if again := rewrapped(t, k).OpaqueName(s); again != got {
				t.Errorf("OpaqueName(%.20q) with the same key: got %q then %q, want equal", s, got, again)
			}
			if strings.Contains(got, "alice") {
				t.Errorf("OpaqueName(%.20q): got %q, which reveals the input", s, got)
			}
		}
	})

	t.Run("distinct", func(t *testing.T) {
		seen := map[string]string{}
		for i := range 50_000 {
			s := fmt.Sprintf("person-%d", i)
			n := k.OpaqueName(s)
			if prev, ok := seen[n]; ok {
				t.Fatalf("OpaqueName collision: %q and %q both give %q", prev, s, n)
			}
			seen[n] = s
		}
	})

	tests := []struct {
		name string
		a, b string
		ka   *Key
		kb   *Key
	}{
		{"case matters", "alice", "Alice", k, k},
		{"trailing slash matters", "alice", "alice/", k, k},
		{"other key", "alice", "alice", k, newTestKey(t, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, b := tt.ka.OpaqueName(tt.a), tt.kb.OpaqueName(tt.b); a == b {
				t.Errorf("OpaqueName: got %q for both, want different names", a)
			}
		})
	}
}

func TestNewKey(t *testing.T) {
	tests := []struct {
		name    string
		rand    func() *bytes.Reader
		wantErr bool
	}{
		{"enough randomness", func() *bytes.Reader { return bytes.NewReader(make([]byte, 64)) }, false},
		{"short randomness", func() *bytes.Reader { return bytes.NewReader(make([]byte, 63)) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewKey(tt.rand())
			if (err != nil) != tt.wantErr {
				t.Errorf("NewKey: got error %v, want error %v", err, tt.wantErr)
			}
		})
	}
	a, b := newTestKey(t, 1), newTestKey(t, 2)
	if bytes.Equal(a.bytes(), b.bytes()) {
		t.Errorf("keys from different seeds: got equal keys, want different")
	}
	if bytes.Equal(a.content[:], a.mac[:]) {
		t.Errorf("content and MAC key: got equal halves, want independent")
	}
}
