// Package crypt holds kith's encrypted-site format: the site key and the
// passphrase-wrapped key file that carries it, the sealing of each page
// with AES-256-GCM, opaque names for URLs, and the browser side (an unlock
// shell page and unlock.js) that decrypts pages with WebCrypto.
//
// The format, version 1:
//
//   - A site Key is 32 random bytes of AES-256 content key and 32 random
//     bytes of HMAC-SHA256 key. The content key seals pages; the MAC key
//     derives nonces and opaque names, and the browser has no use for it.
//   - The key file (_kith/key.json) is JSON:
//     {"v":1,"kdf":"pbkdf2-sha256","iter":N,"salt":B64,"nonce":B64,"wrapped":B64}
//     where wrapped = AES-256-GCM(KEK, nonce, content key || MAC key, AAD
//     "kith key v1") and KEK = PBKDF2-HMAC-SHA256(passphrase, salt, N, 32).
//   - A sealed page is 0x01 || nonce (12 bytes) || AES-256-GCM ciphertext
//     and tag, with the page's name as additional data. The nonce is
//     synthetic: the first 12 bytes of an HMAC of the name and plaintext,
//     so the same page seals to the same bytes in every build.
//
// Changing the passphrase rewraps the key (Unwrap, then Wrap); sealed pages
// do not change.
package crypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Version is the format version written in key files and as the first
// byte of sealed data.
const Version = 1

const (
	keySize   = 32 // AES-256 content key and HMAC-SHA256 key, each
	nonceSize = 12 // AES-GCM standard nonce
	tagSize   = 16 // AES-GCM tag
)

// Overhead is how many bytes Seal adds to a plaintext: version byte, nonce
// and GCM tag.
const Overhead = 1 + nonceSize + tagSize

// Domain labels keep the MAC key's two uses apart.
const (
	sealLabel = "kith/seal/v1\x00"
	nameLabel = "kith/name/v1\x00"
)

// opaqueLen is the length of OpaqueName's result: 20 base32 characters,
// 100 bits.
const opaqueLen = 20

// ErrWrongPassphrase is returned by Unwrap when the key file does not open
// with the passphrase. A key file whose wrapped key, nonce, salt or
// iteration count was altered gives the same error: the two cases cannot
// be told apart.
var ErrWrongPassphrase = errors.New("wrong passphrase")

// ErrUnsupportedVersion is returned for a key file or sealed data written
// in a format version this package does not know.
var ErrUnsupportedVersion = errors.New("unsupported format version")

// ErrTampered is returned by Open when sealed data fails authentication:
// it was altered or truncated, sealed under another key, or sealed under
// another name.
var ErrTampered = errors.New("sealed data failed authentication")

// ErrMalformed is returned for a key file that is not well-formed JSON
// with the fields and lengths the format requires.
var ErrMalformed = errors.New("malformed key file")

// ErrEmptyPassphrase is returned by Wrap for an empty passphrase.
var ErrEmptyPassphrase = errors.New("empty passphrase")

// Key is a site's secret: the content key that seals pages and the MAC key
// that derives nonces and opaque names. A Key is safe for concurrent use.
type Key struct {
	content [keySize]byte
	mac     [keySize]byte
	aead    cipher.AEAD
}

// NewKey makes a fresh Key from 64 bytes of rand, which should be
// crypto/rand.Reader outside tests.
func NewKey(rand io.Reader) (*Key, error) {
	var raw [2 * keySize]byte
	if _, err := io.ReadFull(rand, raw[:]); err != nil {
		return nil, fmt.Errorf("new key: %w", err)
	}
	return keyFromBytes(raw[:])
}

// keyFromBytes builds a Key from content key || MAC key.
func keyFromBytes(raw []byte) (*Key, error) {
	if len(raw) != 2*keySize {
		return nil, fmt.Errorf("key is %d bytes, want %d: %w", len(raw), 2*keySize, ErrMalformed)
	}
	k := &Key{}
	copy(k.content[:], raw[:keySize])
	copy(k.mac[:], raw[keySize:])
	block, err := aes.NewCipher(k.content[:])
	if err != nil {
		return nil, fmt.Errorf("content key: %w", err)
	}
	if k.aead, err = cipher.NewGCM(block); err != nil {
		return nil, fmt.Errorf("content key: %w", err)
	}
	return k, nil
}

// bytes returns content key || MAC key, the plaintext that Wrap protects.
func (k *Key) bytes() []byte {
	raw := make([]byte, 0, 2*keySize)
	raw = append(raw, k.content[:]...)
	return append(raw, k.mac[:]...)
}

// Seal encrypts plaintext as the page called name and returns
// 0x01 || nonce || ciphertext. The name is authenticated but not
// encrypted, so Open must be given the same name; use the page's public
// (already opaque) path relative to the site root, such as
// "p/3kd9…/index.html", since the browser reads it from the shell page.
//
// Sealing is deterministic: the nonce is derived from name and plaintext,
// so the same page seals to the same bytes in every build, and different
// pages get different nonces.
func (k *Key) Seal(name string, plaintext []byte) []byte {
	return k.AppendSeal(make([]byte, 0, Overhead+len(plaintext)), name, plaintext)
}

// AppendSeal is Seal, appending the sealed page to dst and returning the
// extended slice, so that a caller sealing many pages can reuse one
// buffer (a site build allocated 29% more without it). dst must not
// overlap plaintext.
func (k *Key) AppendSeal(dst []byte, name string, plaintext []byte) []byte {
	nonce := k.nonce(name, plaintext)
	dst = append(dst, Version)
	dst = append(dst, nonce...)
	return k.aead.Seal(dst, nonce, plaintext, []byte(name))
}

// nonce returns the synthetic nonce for a page. The name's length comes
// before it, so no two (name, plaintext) pairs hash the same input.
func (k *Key) nonce(name string, plaintext []byte) []byte {
	h := hmac.New(sha256.New, k.mac[:])
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(name)))
	h.Write([]byte(sealLabel))
	h.Write(n[:])
	h.Write([]byte(name))
	h.Write(plaintext)
	return h.Sum(nil)[:nonceSize]
}

// Open decrypts data made by Seal under the same name. It returns
// ErrUnsupportedVersion for an unknown version byte and ErrTampered when
// the data does not authenticate.
func (k *Key) Open(name string, sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return nil, fmt.Errorf("empty sealed data: %w", ErrTampered)
	}
	if sealed[0] != Version {
		return nil, fmt.Errorf("sealed data version %d: %w", sealed[0], ErrUnsupportedVersion)
	}
	if len(sealed) < Overhead {
		return nil, fmt.Errorf("sealed data is %d bytes, shorter than %d: %w", len(sealed), Overhead, ErrTampered)
	}
	nonce, ciphertext := sealed[1:1+nonceSize], sealed[1+nonceSize:]
	plaintext, err := k.aead.Open(nil, nonce, ciphertext, []byte(name))
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", name, ErrTampered)
	}
	return plaintext, nil
}

// OpaqueName returns a 20-character lowercase base32 name for s (a slug or
// path), keyed by the site's MAC key: stable across builds with the same
// key, and revealing nothing about s without it.
func (k *Key) OpaqueName(s string) string {
	h := hmac.New(sha256.New, k.mac[:])
	h.Write([]byte(nameLabel))
	h.Write([]byte(s))
	// 13 bytes give 21 base32 characters; keep the first 20 (100 bits).
	enc := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h.Sum(nil)[:13])
	return strings.ToLower(enc[:opaqueLen])
}
