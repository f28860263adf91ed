package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"kith/generator/crypt"
	"kith/generator/output"
	"kith/generator/site"
)

// KeyFile is where a journal keeps its site key, wrapped by the passphrase,
// relative to the journal folder. The loader ignores dot folders. The file
// is as safe as the copy every encrypted site publishes at
// crypt.KeyFilePath: it opens only with the passphrase.
const KeyFile = ".kith/key.json"

// KeyOptions says how to make and open key files.
type KeyOptions struct {
	Rand   io.Reader // randomness for new keys and salts: crypto/rand.Reader outside tests
	Wrap   crypt.WrapOptions
	Unwrap crypt.UnwrapOptions

	syncDir func(dir string) error // output.SyncDir unless a test says otherwise
}

// WrongPassphraseError says that a passphrase does not open a journal's
// key file. It wraps crypt.ErrWrongPassphrase.
type WrongPassphraseError struct {
	Path string // the key file
}

func (e *WrongPassphraseError) Error() string {
	return fmt.Sprintf("%s: wrong passphrase: it does not open the site key kept there since the first encrypted build. "+
		"Use that passphrase; to change it, run kith rekey. To start again with a new key, delete the file (every page then changes)", e.Path)
}

func (e *WrongPassphraseError) Unwrap() error { return crypt.ErrWrongPassphrase }

// Encryption opens the site key of the journal in dir with passphrase and
// returns what site.Options.Encrypt needs. A journal without a key file
// gets a new key, wrapped with passphrase and saved (created says so).
//
// Every build publishes the stored key file as it is, so that an unchanged
// site is byte for byte the same and publishing sends nothing. Its salt is
// random, drawn when the key file was made or last rewrapped by Rekey; a
// new salt at every build would add no protection, since the passphrase
// and the key it wraps stay the same.
func Encryption(dir, passphrase string, opt KeyOptions) (enc *site.Encryption, created bool, err error) {
	if passphrase == "" {
		return nil, false, crypt.ErrEmptyPassphrase
	}
	path := filepath.Join(dir, filepath.FromSlash(KeyFile))
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = create(path, passphrase, opt)
		if err == nil {
			created = true
		} else if errors.Is(err, fs.ErrExist) { // made by another build just now
			data, err = os.ReadFile(path)
		}
	}
	if err != nil {
		return nil, false, err
	}
	key, err := unwrap(path, data, passphrase, opt)
	if err != nil {
		return nil, false, err
	}
	return &site.Encryption{Key: key, KeyFile: data}, created, nil
}

// create makes a new site key and writes it, wrapped, to path, failing with
// fs.ErrExist if the file is there: an existing key is never replaced.
func create(path, passphrase string, opt KeyOptions) ([]byte, error) {
	key, err := crypt.NewKey(opt.Rand)
	if err != nil {
		return nil, err
	}
	data, err := key.Wrap(opt.Rand, passphrase, opt.Wrap)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path) // never leave half a key file
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sync := opt.syncDir
	if sync == nil {
		sync = output.SyncDir
	}
	if err := sync(filepath.Dir(path)); err != nil {
		return nil, err
	}
	return data, nil
}

func unwrap(path string, data []byte, passphrase string, opt KeyOptions) (*crypt.Key, error) {
	key, err := crypt.Unwrap(data, passphrase, opt.Unwrap)
	if errors.Is(err, crypt.ErrWrongPassphrase) {
		return nil, &WrongPassphraseError{Path: path}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return key, nil
}

// Rekey changes the passphrase of the journal in dir: it opens the key file
// with oldPassphrase and replaces it, atomically, with the same key wrapped
// by newPassphrase under a new salt. Pages stay as they are; the next
// publish sends only the key file. With newKey, the site key itself is
// replaced too, so that the old passphrase, old copies of the key file and
// keys remembered by browsers no longer open the site (every page changes).
func Rekey(dir, oldPassphrase, newPassphrase string, newKey bool, opt KeyOptions) error {
	if newPassphrase == "" {
		return crypt.ErrEmptyPassphrase
	}
	path := filepath.Join(dir, filepath.FromSlash(KeyFile))
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: no site key yet; the first encrypted build (kith build --encrypt) makes one", path)
		}
		return err
	}
	key, err := unwrap(path, data, oldPassphrase, opt)
	if err != nil {
		return err
	}
	if newKey {
		if key, err = crypt.NewKey(opt.Rand); err != nil {
			return err
		}
	}
	wrapped, err := key.Wrap(opt.Rand, newPassphrase, opt.Wrap)
	if err != nil {
		return err
	}
	if err := removeStaleTemps(filepath.Dir(path)); err != nil {
		return err
	}
	sync := opt.syncDir
	if sync == nil {
		sync = output.SyncDir
	}
	return writeAtomic(path, wrapped, sync)
}

// tempPattern names the temporary key files of writeAtomic.
const tempPattern = ".key-*.json"

// removeStaleTemps deletes the temporary key files in dir that an
// interrupted rekey left (each holds the key wrapped by the new passphrase;
// no other program writes such a name in .kith). Two rekeys at once are not
// supported.
func removeStaleTemps(dir string) error {
	names, err := filepath.Glob(filepath.Join(dir, tempPattern))
	if err != nil {
		return err
	}
	for _, n := range names {
		if st, err := os.Lstat(n); err == nil && st.Mode().IsRegular() {
			if err := os.Remove(n); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeAtomic replaces path with data so that readers see the old file or
// the new one, never a part, and syncs the folder so that the rename
// survives a crash.
func writeAtomic(path string, data []byte, syncDir func(string) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("%s: %w", path, err)
	}
	return syncDir(filepath.Dir(path))
}
