package build

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
	"unsafe"

	"kith/generator/content"
	"kith/generator/mapfile"
)

// cacheHeader starts the cache file: a line to say what it is, then
// binary: the time it was written (Unix ns, 8 bytes), the number of files,
// and for each file (sorted by path) its path, hash, size, times and inode
// (varints), then a CRC-32C of everything before.
const cacheHeader = "# kith 2: the hash of each journal file, to read only what changed. Safe to delete.\n"

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
	path string
	st   fileStat
	sum  [sha256.Size]byte
}

// statCache is the cache of the hashes of a journal's files, with the
// size, times and inode each had then (Options.Cache), so that a build
// reads only the files that changed to tell whether anything did: what was
// read from the file (old), and what will be written back (record), each
// sorted by path.
type statCache struct {
	path    string // the file, on disk
	written int64  // when the cache read was written (Unix ns)
	old     []cacheEntry
	changed bool
	// What save writes back: the files record was given (each with a hash
	// sumOf knows), or old when those are old's (same); nothing before
	// record is called.
	files    []*walkedFile
	sumOf    func(*walkedFile) ([sha256.Size]byte, bool)
	recorded bool
	same     bool
}

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// recentFolder returns the folder of the file whose size or times
// changed last among those the cache read holds ("" without one).
func (c *statCache) recentFolder() string {
	if c == nil {
		return ""
	}
	var last int64
	var p string
	for _, e := range c.old {
		if t := max(e.st.mtime, e.st.ctime); t > last {
			last, p = t, e.path
		}
	}
	if p == "" {
		return ""
	}
	return path.Dir(p)
}

// openCache reads the cache at path; a missing, damaged or older one is
// empty. The file is mapped (mapfile.Read), not copied: the paths of the
// entries are slices of it.
func openCache(path string) *statCache {
	c := &statCache{path: path}
	b, err := mapfile.Read(path, false)
	if err != nil || len(b) < len(cacheHeader)+8+4 || string(b[:len(cacheHeader)]) != cacheHeader ||
		crc32.Checksum(b[:len(b)-4], crcTable) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		c.changed = true
		return c
	}
	b = b[len(cacheHeader) : len(b)-4]
	s := unsafe.String(unsafe.SliceData(b), len(b)) // never written: a mapping lives as long as the process
	c.written = int64(binary.LittleEndian.Uint64([]byte(s[:8])))
	i := 8
	uvarint := func() uint64 {
		if i >= len(s) {
			i = len(s) + 1
			return 0
		}
		v, n := uvarintString(s[i:])
		if n <= 0 {
			i = len(s) + 1
			return 0
		}
		i += n
		return v
	}
	varint := func() int64 {
		u := uvarint()
		return int64(u>>1) ^ -int64(u&1)
	}
	n := uvarint()
	if n > uint64(len(s)) {
		c.changed = true
		return c
	}
	c.old = make([]cacheEntry, 0, n)
	for range n {
		l := uvarint()
		if i > len(s) || l > uint64(len(s)-i) || len(s)-i-int(l) < sha256.Size {
			break
		}
		e := cacheEntry{path: s[i : i+int(l)]}
		i += int(l)
		copy(e.sum[:], s[i:i+sha256.Size])
		i += sha256.Size
		e.st = fileStat{valid: true, size: varint(), mtime: varint(), ctime: varint(), ino: uvarint()}
		if i > len(s) || (len(c.old) > 0 && c.old[len(c.old)-1].path >= e.path) {
			break
		}
		c.old = append(c.old, e)
	}
	if len(c.old) != int(n) || i != len(s) {
		c.old = nil
		c.changed = true
	}
	return c
}

// uvarintString is binary.Uvarint over a string.
func uvarintString(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, -1
			}
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

// find returns the index of p in the sorted entries es.
func find(es []cacheEntry, p string) (int, bool) {
	return slices.BinarySearchFunc(es, p, func(e cacheEntry, p string) int { return strings.Compare(e.path, p) })
}

// lookup returns the cached hash of the file p, if its stat is the one
// cached and it had not changed for a while when the cache was written.
func (c *statCache) lookup(p string, st fileStat) ([sha256.Size]byte, bool) {
	i, ok := find(c.old, p)
	if !ok {
		return [sha256.Size]byte{}, false
	}
	e := c.old[i]
	if e.st != st || max(st.mtime, st.ctime) > c.written-int64(racy) {
		return [sha256.Size]byte{}, false
	}
	return e.sum, true
}

// seen reports whether the cache read holds p with the stat st, trusted
// or not (lookup: a file changed just before the cache was written is
// hashed again); a nil cache holds nothing.
func (c *statCache) seen(p string, st fileStat) bool {
	if c == nil {
		return false
	}
	i, ok := find(c.old, p)
	return ok && c.old[i].st == st
}

// lookupFrom is lookup for paths asked in sorted order: *at is where the
// search starts, and is moved past p.
func (c *statCache) lookupFrom(at *int, p string, st fileStat) ([sha256.Size]byte, bool) {
	for *at < len(c.old) && c.old[*at].path < p {
		*at++
	}
	if *at == len(c.old) || c.old[*at].path != p {
		return [sha256.Size]byte{}, false
	}
	e := c.old[*at]
	if e.st != st || max(st.mtime, st.ctime) > c.written-int64(racy) {
		return [sha256.Size]byte{}, false
	}
	return e.sum, true
}

// record sets what the cache will hold: each regular file walked whose
// hash sumOf knows, with the stat the walk saw. It is changed (and will be
// saved) when that differs from what was read, or when a file was read
// again only because it had changed just before the cache was written:
// saved later, the cache vouches for it next time. files must not change
// before save.
func (c *statCache) record(files []*walkedFile, sumOf func(*walkedFile) ([sha256.Size]byte, bool)) {
	c.recorded = true
	same, j := true, 0
	for _, f := range files {
		if !f.st.valid {
			continue
		}
		sum, ok := sumOf(f)
		if !ok {
			continue
		}
		if j >= len(c.old) || c.old[j].path != f.path || c.old[j].st != f.st || c.old[j].sum != sum || !f.cached {
			same = false
			break
		}
		j++
	}
	if same && j == len(c.old) {
		c.same, c.files, c.sumOf = true, nil, nil
		return
	}
	c.changed, c.same = true, false
	c.files, c.sumOf = files, sumOf
}

// each calls f with each entry the cache will hold, in order, and returns
// how many there are.
func (c *statCache) each(f func(cacheEntry)) int {
	switch {
	case !c.recorded:
		return 0
	case c.same:
		for _, e := range c.old {
			f(e)
		}
		return len(c.old)
	}
	n := 0
	for _, wf := range c.files {
		if sum, ok := c.sumOf(wf); ok && wf.st.valid {
			f(cacheEntry{wf.path, wf.st, sum})
			n++
		}
	}
	return n
}

// save writes the cache back if it changed, beside it first and then
// renamed into place, through a small buffer (a cache of 22,000 files is
// 2.5 MB, and fresh memory for it costs more than writing it). A failure
// only costs the next build a read.
func (c *statCache) save(now time.Time) error {
	n := c.each(func(cacheEntry) {})
	if !c.changed && n == len(c.old) {
		return nil
	}
	return mapfile.Write(c.path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		crc := crc32.New(crcTable)
		var b []byte
		put := func() { // b to the file and the checksum
			crc.Write(b)
			bw.Write(b)
			b = b[:0]
		}
		b = append(b, cacheHeader...)
		b = binary.LittleEndian.AppendUint64(b, uint64(now.UnixNano()))
		b = binary.AppendUvarint(b, uint64(n))
		put()
		c.each(func(e cacheEntry) {
			b = binary.AppendUvarint(b, uint64(len(e.path)))
			b = append(b, e.path...)
			b = append(b, e.sum[:]...)
			b = binary.AppendVarint(b, e.st.size)
			b = binary.AppendVarint(b, e.st.mtime)
			b = binary.AppendVarint(b, e.st.ctime)
			b = binary.AppendUvarint(b, e.st.ino)
			put()
		})
		b = binary.LittleEndian.AppendUint32(b, crc.Sum32())
		bw.Write(b)
		return bw.Flush()
	})
}

// openParsed reads the cache of parsed notes at name made by the program
// key; nil (no cache: every note is parsed) when it is missing, damaged,
// or another program's.
func openParsed(name, key string) *content.Cache {
	if name == "" || key == "" {
		return nil
	}
	b, err := mapfile.Read(name, true)
	if err != nil {
		return nil
	}
	c, err := content.DecodeCache(b, key)
	if err != nil {
		return nil
	}
	return c
}
