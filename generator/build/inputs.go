package build

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"

	"kith/generator/output"
)

// errUnknown stops Inputs where it cannot tell what a build would read.
var errUnknown = errors.New("the build's inputs cannot be told")

// Inputs returns a digest of everything a build of the journal fsys with
// the theme fsys theme can read, and of opts (the program, the day, the
// options): when it equals the one recorded in the site the last build
// wrote, that site is up to date. It is "" when it cannot be told (a
// folder reached through a symbolic link, which a build may read through),
// and then no site is ever up to date.
//
// What it reads is every file of the journal but .git/, kith's own folders
// beside a site (.NAME.kith-*) and the folders that hold a site kith wrote
// (public/ and any other with _kith/written.txt): more than a build reads
// (a file kith does not know changes the digest too), never less.
func Inputs(ctx context.Context, journal, theme fs.FS, opts ...string) (string, error) {
	return inputs(ctx, journal, theme, nil, opts)
}

// inputs is Inputs with a cache of the journal's files' hashes.
func inputs(ctx context.Context, journal, theme fs.FS, cache *statCache, opts []string) (string, error) {
	h := sha256.New()
	for _, o := range opts {
		field(h, "option", o)
	}
	for _, part := range []struct {
		name string
		fsys fs.FS
	}{{"theme", theme}, {"journal", journal}} {
		if part.fsys == nil {
			continue
		}
		field(h, "part", part.name)
		c := cache
		if part.name != "journal" {
			c = nil
		}
		sum, err := treeDigest(ctx, part.fsys, c)
		if errors.Is(err, errUnknown) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		h.Write(sum)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// field writes a length-prefixed name and value.
func field(h hash.Hash, name, value string) {
	var n [8]byte
	for _, s := range []string{name, value} {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
}

// treeDigest hashes the paths, types and bytes of the files of fsys (see
// Inputs for what is left out), reading them on a few goroutines. A file
// whose size, times and inode are those cache has for it is not read: its
// hash is taken from cache, which is updated with what was read.
func treeDigest(ctx context.Context, fsys fs.FS, cache *statCache) ([]byte, error) {
	type file struct {
		path string
		mode fs.FileMode
		st   fileStat
		sum  [sha256.Size]byte
		err  error
	}
	var files, toRead []*file
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == "." {
				return nil
			}
			base := path.Base(p)
			if base == ".git" || (strings.HasPrefix(base, ".") && strings.Contains(base, ".kith-")) {
				return fs.SkipDir
			}
			if st, err := fs.Stat(fsys, path.Join(p, output.Manifest)); err == nil && st.Mode().IsRegular() {
				return fs.SkipDir // a site kith wrote
			}
			return nil
		}
		f := &file{path: p, mode: d.Type()}
		files = append(files, f)
		if cache != nil && f.mode.IsRegular() {
			if info, err := d.Info(); err == nil {
				f.st = statOf(info)
				if sum, ok := cache.lookup(p, f.st); ok {
					f.sum = sum
					return nil
				}
			}
		}
		toRead = append(toRead, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	workers := min(4, runtime.GOMAXPROCS(0))
	jobs := make(chan *file)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() { // ends when jobs is closed
			defer wg.Done()
			for f := range jobs {
				f.err = hashFile(fsys, f.path, &f.mode, &f.sum)
			}
		}()
	}
	for _, f := range toRead {
		if ctx.Err() != nil {
			break
		}
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h := sha256.New()
	for _, f := range files {
		if f.err != nil {
			return nil, f.err
		}
		field(h, f.path, f.mode.String())
		h.Write(f.sum[:])
		if cache != nil && f.st.valid && f.mode.IsRegular() {
			cache.keep(f.path, f.st, f.sum)
		}
	}
	return h.Sum(nil), nil
}

// hashFile hashes one file; a symbolic link is hashed as what it leads to
// (a build reads through it), a link to a folder makes the inputs unknown,
// and a file that is neither plain nor a link counts by its type alone (a
// build refuses it).
func hashFile(fsys fs.FS, p string, mode *fs.FileMode, sum *[sha256.Size]byte) error {
	if *mode&fs.ModeSymlink != 0 {
		st, err := fs.Stat(fsys, p)
		switch {
		case err != nil:
			*mode |= fs.ModeIrregular // broken: the build says so
			return nil
		case st.IsDir():
			return errUnknown
		}
		*mode = fs.ModeSymlink | st.Mode().Type()
		if !st.Mode().IsRegular() {
			return nil
		}
	} else if !mode.IsRegular() {
		return nil
	}
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return err
	}
	*sum = sha256.Sum256(b)
	return nil
}
