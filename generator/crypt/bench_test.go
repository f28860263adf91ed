package crypt

import (
	"bytes"
	"crypto/rand"
	"testing"
)

// page20KB is a page-sized plaintext.
var page20KB = bytes.Repeat([]byte("<li>2024-05-01 Coffee with a founder; talked hiring.</li>\n"), 20*1024/57)

func BenchmarkSeal20KB(b *testing.B) {
	k := newTestKey(b, 1)
	b.SetBytes(int64(len(page20KB)))
	for b.Loop() {
		k.Seal("p/abcdefghijklmnopqrst/index.html", page20KB)
	}
}

func BenchmarkOpen20KB(b *testing.B) {
	k := newTestKey(b, 1)
	sealed := k.Seal("p/abcdefghijklmnopqrst/index.html", page20KB)
	b.SetBytes(int64(len(page20KB)))
	for b.Loop() {
		if _, err := k.Open("p/abcdefghijklmnopqrst/index.html", sealed); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkShell20KB(b *testing.B) {
	k := newTestKey(b, 1)
	opts := ShellOptions{Root: "../../", Name: "p/abcdefghijklmnopqrst/index.html", Sealed: k.Seal("p/x", page20KB)}
	for b.Loop() {
		if _, err := Shell(opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpaqueName(b *testing.B) {
	k := newTestKey(b, 1)
	for b.Loop() {
		k.OpaqueName("people/alice-smith")
	}
}

// BenchmarkWrap measures one key file at MinIterations, the cost a build
// pays per Wrap or Unwrap.
func BenchmarkWrap(b *testing.B) {
	k := newTestKey(b, 1)
	for b.Loop() {
		if _, err := k.Wrap(rand.Reader, "correct horse battery staple", WrapOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
