package build

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// cacheHeader starts the cache file; the time it was written follows.
const cacheHeader = "# kith: the hash of each journal file, to read only what changed. Safe to delete.\n"

// racy is how long after its last change a file's times are not trusted
// to tell a later change: a file written twice within one tick of the
// file system's clock keeps its times.
const racy = 2 * time.Second

// fileStat is what tells that a file may have changed.
type fileStat struct {
	valid              bool
	size, mtime, ctime int64
	ino                uint64
}

func statOf(info fs.FileInfo) fileStat {
	st := fileStat{valid: true, size: info.Size(), mtime: info.ModTime().UnixNano()}
	st.ino, st.ctime = sysStat(info)
	return st
}

type cacheEntry struct {
	st  fileStat
	sum [sha256.Size]byte
}

// statCache is the cache of the hashes of a journal's files, with the
// size, times and inode each had then (Options.Cache), so that a build
// reads only the files that changed to tell whether anything did: what was
// read from the file, and what will be written back.
type statCache struct {
	path    string // the file, on disk
	written int64  // when the cache read was written (Unix ns)
	old     map[string]cacheEntry
	now     map[string]cacheEntry
	changed bool
}

// openCache reads the cache at path; a missing or unreadable one is empty.
func openCache(path string) *statCache {
	c := &statCache{path: path, old: map[string]cacheEntry{}, now: map[string]cacheEntry{}}
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte(cacheHeader)) {
		c.changed = true
		return c
	}
	sc := bufio.NewScanner(bytes.NewReader(b[len(cacheHeader):]))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	if !sc.Scan() {
		c.changed = true
		return c
	}
	c.old = make(map[string]cacheEntry, bytes.Count(b, []byte{'\n'}))
	c.written, err = strconv.ParseInt(sc.Text(), 10, 64)
	if err != nil {
		c.changed = true
		return c
	}
	for sc.Scan() {
		// HASH SIZE MTIME CTIME INO PATH
		parts := strings.SplitN(sc.Text(), " ", 6)
		if len(parts) != 6 {
			continue
		}
		var e cacheEntry
		if n, err := hex.Decode(e.sum[:], []byte(parts[0])); err != nil || n != sha256.Size {
			continue
		}
		e.st.valid = true
		e.st.size, _ = strconv.ParseInt(parts[1], 10, 64)
		e.st.mtime, _ = strconv.ParseInt(parts[2], 10, 64)
		e.st.ctime, _ = strconv.ParseInt(parts[3], 10, 64)
		e.st.ino, _ = strconv.ParseUint(parts[4], 10, 64)
		c.old[parts[5]] = e
	}
	return c
}

// lookup returns the cached hash of the file p, if its stat is the one
// cached and it had not changed for a while when the cache was written.
func (c *statCache) lookup(p string, st fileStat) ([sha256.Size]byte, bool) {
	e, ok := c.old[p]
	if !ok || e.st != st || max(st.mtime, st.ctime) > c.written-int64(racy) {
		return [sha256.Size]byte{}, false
	}
	return e.sum, true
}

// keep records the hash of the file p for the next build.
func (c *statCache) keep(p string, st fileStat, sum [sha256.Size]byte) {
	e := cacheEntry{st, sum}
	if old, ok := c.old[p]; !ok || old != e {
		c.changed = true
	}
	c.now[p] = e
}

// save writes the cache back if it changed, beside it first and then
// renamed into place. A failure only costs the next build a read.
func (c *statCache) save(now time.Time) error {
	if !c.changed && len(c.now) == len(c.old) {
		return nil
	}
	names := make([]string, 0, len(c.now))
	for p := range c.now {
		names = append(names, p)
	}
	sort.Strings(names)
	var b bytes.Buffer
	b.WriteString(cacheHeader)
	fmt.Fprintf(&b, "%d\n", now.UnixNano())
	for _, p := range names {
		e := c.now[p]
		fmt.Fprintf(&b, "%x %d %d %d %d %s\n", e.sum, e.st.size, e.st.mtime, e.st.ctime, e.st.ino, p)
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), ".inputs-cache-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
