package crypt

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
)

const (
	// MinIterations is the fewest PBKDF2 iterations Wrap writes and Unwrap
	// accepts (OWASP's figure for PBKDF2-HMAC-SHA256), unless the options
	// say InsecureLowIterations.
	MinIterations = 600_000
	// MaxIterations bounds the work a crafted key file can ask of Unwrap
	// (and of the browser).
	MaxIterations = 10_000_000
)

// kdfName is the only key-derivation function of version 1.
const kdfName = "pbkdf2-sha256"

// saltSize is the length of the random salt drawn by every Wrap.
const saltSize = 16

// wrapAAD binds the wrapped key to its purpose.
const wrapAAD = "kith key v1"

// WrapOptions tunes Wrap.
type WrapOptions struct {
	// Iterations is the PBKDF2 iteration count; zero means MinIterations.
	// Counts below MinIterations are refused unless InsecureLowIterations
	// is set, and counts above MaxIterations are always refused.
	Iterations int
	// InsecureLowIterations allows Iterations below MinIterations. It is
	// for tests only: a key file written this way is cheap to brute-force.
	InsecureLowIterations bool
}

// UnwrapOptions tunes Unwrap.
type UnwrapOptions struct {
	// InsecureLowIterations accepts key files with fewer than
	// MinIterations iterations. It is for tests only.
	InsecureLowIterations bool
}

// keyFile is the JSON form of a version 1 key file. Field order is the
// order written.
type keyFile struct {
	V       int    `json:"v"`
	KDF     string `json:"kdf"`
	Iter    int    `json:"iter"`
	Salt    string `json:"salt"`
	Nonce   string `json:"nonce"`
	Wrapped string `json:"wrapped"`
}

// Wrap encrypts k under passphrase and returns the key file's bytes
// (one line of JSON ending in a newline). Every call draws a new salt
// and nonce from rand, which should be crypto/rand.Reader outside tests.
// To change the passphrase, Unwrap with the old one and Wrap with the new.
func (k *Key) Wrap(rand io.Reader, passphrase string, opts WrapOptions) ([]byte, error) {
	if passphrase == "" {
		return nil, fmt.Errorf("wrap key: %w", ErrEmptyPassphrase)
	}
	iter := opts.Iterations
	if iter == 0 {
		iter = MinIterations
	}
	if err := checkIterations(iter, opts.InsecureLowIterations); err != nil {
		return nil, fmt.Errorf("wrap key: %w", err)
	}
	var salt [saltSize]byte
	var nonce [nonceSize]byte
	if _, err := io.ReadFull(rand, salt[:]); err != nil {
		return nil, fmt.Errorf("wrap key: salt: %w", err)
	}
	if _, err := io.ReadFull(rand, nonce[:]); err != nil {
		return nil, fmt.Errorf("wrap key: nonce: %w", err)
	}
	kek, err := deriveKEK(passphrase, salt[:], iter)
	if err != nil {
		return nil, fmt.Errorf("wrap key: %w", err)
	}
	wrapped := kek.Seal(nil, nonce[:], k.bytes(), []byte(wrapAAD))
	b64 := base64.StdEncoding.EncodeToString
	out, err := json.Marshal(keyFile{
		V:       Version,
		KDF:     kdfName,
		Iter:    iter,
		Salt:    b64(salt[:]),
		Nonce:   b64(nonce[:]),
		Wrapped: b64(wrapped),
	})
	if err != nil {
		return nil, fmt.Errorf("wrap key: %w", err)
	}
	return append(out, '\n'), nil
}

// Unwrap opens a key file written by Wrap. It returns ErrUnsupportedVersion
// for a version it does not know, ErrMalformed for a file that is not a
// well-formed version 1 key file, and ErrWrongPassphrase when the
// passphrase does not open it.
func Unwrap(data []byte, passphrase string, opts UnwrapOptions) (*Key, error) {
	kf, salt, nonce, wrapped, err := parseKeyFile(data, opts.InsecureLowIterations)
	if err != nil {
		return nil, err
	}
	kek, err := deriveKEK(passphrase, salt, kf.Iter)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	raw, err := kek.Open(nil, nonce, wrapped, []byte(wrapAAD))
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return keyFromBytes(raw)
}

// parseKeyFile reads the version first, then the version 1 fields, and
// checks every length, so that only the passphrase is left to try.
func parseKeyFile(data []byte, lowIterations bool) (kf keyFile, salt, nonce, wrapped []byte, err error) {
	var head struct {
		V *int `json:"v"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return kf, nil, nil, nil, fmt.Errorf("key file: %w: %w", ErrMalformed, err)
	}
	if head.V == nil {
		return kf, nil, nil, nil, fmt.Errorf("key file: no version: %w", ErrMalformed)
	}
	if *head.V != Version {
		return kf, nil, nil, nil, fmt.Errorf("key file version %d: %w", *head.V, ErrUnsupportedVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&kf); err != nil {
		return kf, nil, nil, nil, fmt.Errorf("key file: %w: %w", ErrMalformed, err)
	}
	if dec.More() {
		return kf, nil, nil, nil, fmt.Errorf("key file: data after the JSON object: %w", ErrMalformed)
	}
	if kf.KDF != kdfName {
		return kf, nil, nil, nil, fmt.Errorf("key file: kdf %q, want %q: %w", kf.KDF, kdfName, ErrMalformed)
	}
	if err := checkIterations(kf.Iter, lowIterations); err != nil {
		return kf, nil, nil, nil, fmt.Errorf("key file: %w: %w", ErrMalformed, err)
	}
	fields := []struct {
		name string
		text string
		want int
		dst  *[]byte
	}{
		{"salt", kf.Salt, saltSize, &salt},
		{"nonce", kf.Nonce, nonceSize, &nonce},
		{"wrapped", kf.Wrapped, 2*keySize + tagSize, &wrapped},
	}
	for _, f := range fields {
		b, err := base64.StdEncoding.DecodeString(f.text)
		if err != nil {
			return kf, nil, nil, nil, fmt.Errorf("key file: %s: %w: %w", f.name, ErrMalformed, err)
		}
		if len(b) != f.want {
			return kf, nil, nil, nil, fmt.Errorf("key file: %s is %d bytes, want %d: %w", f.name, len(b), f.want, ErrMalformed)
		}
		*f.dst = b
	}
	return kf, salt, nonce, wrapped, nil
}

// checkIterations enforces MinIterations (unless low is allowed) and
// MaxIterations.
func checkIterations(iter int, low bool) error {
	switch {
	case iter < 1:
		return fmt.Errorf("%d iterations, want at least 1", iter)
	case iter < MinIterations && !low:
		return fmt.Errorf("%d iterations, want at least %d", iter, MinIterations)
	case iter > MaxIterations:
		return fmt.Errorf("%d iterations, want at most %d", iter, MaxIterations)
	}
	return nil
}

// deriveKEK turns the passphrase into the AES-256-GCM key that wraps the
// site key.
func deriveKEK(passphrase string, salt []byte, iter int) (cipher.AEAD, error) {
	kek, err := pbkdf2.Key(sha256.New, passphrase, salt, iter, keySize)
	if err != nil {
		return nil, fmt.Errorf("derive key: %w", err)
	}
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, fmt.Errorf("derive key: %w", err)
	}
	return cipher.NewGCM(block)
}
