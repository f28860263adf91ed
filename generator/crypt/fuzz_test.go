package crypt

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzUnwrap feeds arbitrary key files to the parser and, when the
// iteration count is cheap, to Unwrap: no panics, only the documented
// errors, and no key from anything but the genuine file.
func FuzzUnwrap(f *testing.F) {
	k := newTestKey(f, 1)
	good, err := k.Wrap(seeded(3), "pass", WrapOptions{Iterations: 2, InsecureLowIterations: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(bytes.Replace(good, []byte(`"v":1`), []byte(`"v":2`), 1))
	f.Add([]byte(`{"v":1}`))
	f.Add([]byte(`{"v":1,"kdf":"pbkdf2-sha256","iter":1,"salt":"","nonce":"","wrapped":""}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		kf, _, _, _, err := parseKeyFile(data, true)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsupportedVersion) {
				t.Fatalf("parse: got error %v, want ErrMalformed or ErrUnsupportedVersion", err)
			}
			return
		}
		if kf.Iter > 100 {
			return // valid but slow to try
		}
		got, err := Unwrap(data, "pass", fastUnwrap)
		if err != nil {
			if !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("Unwrap: got error %v, want ErrWrongPassphrase", err)
			}
			return
		}
		if !bytes.Equal(got.bytes(), k.bytes()) {
			t.Fatalf("Unwrap: got a key that is not the wrapped one")
		}
	})
}

// FuzzOpen feeds arbitrary names and sealed data to Open: no panics, only
// the documented errors, and nothing accepted but what Seal would write.
// It also checks that anything sealed opens again.
func FuzzOpen(f *testing.F) {
	k := newTestKey(f, 1)
	sealed := k.Seal("index.html", []byte("<p>home</p>"))
	f.Add("index.html", sealed)
	f.Add("index.html", sealed[:len(sealed)-1])
	f.Add("other.html", sealed)
	f.Add("", []byte{2})
	f.Add("", []byte{})
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		plain, err := k.Open(name, data)
		if err != nil {
			if !errors.Is(err, ErrTampered) && !errors.Is(err, ErrUnsupportedVersion) {
				t.Fatalf("Open: got error %v, want ErrTampered or ErrUnsupportedVersion", err)
			}
		} else if !bytes.Equal(k.Seal(name, plain), data) {
			t.Fatalf("Open: accepted data that Seal would not write")
		}
		back, err := k.Open(name, k.Seal(name, data))
		if err != nil || !bytes.Equal(back, data) {
			t.Fatalf("round trip of %d bytes: got %d bytes, %v", len(data), len(back), err)
		}
	})
}
