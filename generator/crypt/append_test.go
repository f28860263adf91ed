package crypt

import (
	"bytes"
	"testing"
)

// TestAppend checks that AppendSeal and AppendShell append exactly what
// Seal and Shell return, after whatever dst holds, with room to spare or
// none.
func TestAppend(t *testing.T) {
	key, err := NewKey(bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	if err != nil {
		t.Fatal(err)
	}
	page := bytes.Repeat([]byte("<p>a page</p>"), 100)
	for _, tc := range []struct {
		name string
		dst  []byte
	}{
		{"nil", nil},
		{"prefix, no room", []byte("prefix")},
		{"prefix, room", append(make([]byte, 0, 1<<16), "prefix"...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prefix := bytes.Clone(tc.dst)
			sealed := key.AppendSeal(bytes.Clone(tc.dst), "a/index.html", page)
			if want := append(bytes.Clone(prefix), key.Seal("a/index.html", page)...); !bytes.Equal(sealed, want) {
				t.Fatalf("AppendSeal: got %d bytes, want %d bytes equal to prefix + Seal", len(sealed), len(want))
			}
			opts := ShellOptions{Root: "../", Name: "a/index.html", Sealed: sealed[len(prefix):]}
			shell, err := Shell(opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := AppendShell(bytes.Clone(tc.dst), opts)
			if err != nil {
				t.Fatal(err)
			}
			if want := append(bytes.Clone(prefix), shell...); !bytes.Equal(got, want) {
				t.Errorf("AppendShell: got %q, want prefix + Shell %q", got, want)
			}
		})
	}
}
