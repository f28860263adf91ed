package build

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"slices"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// statDir lists the folder f, opened through the journal's fs.FS, and
// lstats each entry relative to it (fstatat): no path is resolved from the
// root again and no FileInfo is made per file. ok is false when f is not a
// folder of the operating system (an fs.FS in memory, an embedded one).
// An entry gone since the folder was read is left out. Each entry's path
// is prefix and its name; the folder is read with getdents into buf (kept
// for the next folder: fresh memory is dear) and the paths are slices of
// one string, so that a folder of thousands of notes costs a few
// allocations, not two strings a note.
func statDir(f fs.File, prefix string, buf *[]byte) (entries []statEntry, ok bool, err error) {
	d, isOS := f.(interface {
		SyscallConn() (syscall.RawConn, error)
	})
	if !isOS {
		return nil, false, nil
	}
	rc, err := d.SyscallConn()
	if err != nil {
		return nil, false, nil
	}
	var readErr, statErr error
	cerr := rc.Control(func(fd uintptr) { // ends when every entry is looked at
		// The whole folder is read first, so that its entries and their
		// paths are made at their size: grown entry by entry, they cost
		// the walk more than the lstats.
		raw := (*buf)[:0]
		if cap(raw) < direntBuf {
			raw = make([]byte, 0, direntBuf)
		}
		defer func() { *buf = raw }() // for the next folder: grown for this one once
		for {
			if cap(raw)-len(raw) < direntBuf/4 {
				raw = slices.Grow(raw, cap(raw))
			}
			n, err := unix.Getdents(int(fd), raw[len(raw):cap(raw)])
			if err != nil {
				readErr = err
				return
			}
			if n <= 0 {
				break
			}
			raw = raw[:len(raw)+n]
		}
		count, size := 0, 0
		if readErr = eachDirent(raw, func(name []byte) { count, size = count+1, size+len(prefix)+len(name) }); readErr != nil {
			return
		}
		// Every path is written first, then made one string that the
		// entries' paths are slices of: its bytes never change after.
		paths := make([]byte, 0, size)
		_ = eachDirent(raw, func(name []byte) { paths = append(append(paths, prefix...), name...) })
		all := unsafe.String(unsafe.SliceData(paths), len(paths))
		entries = make([]statEntry, 0, count)
		var st unix.Stat_t
		at := 0
		_ = eachDirent(raw, func(name []byte) {
			path := all[at : at+len(prefix)+len(name)]
			at += len(path)
			if statErr != nil {
				return
			}
			err := unix.Fstatat(int(fd), unsafe.String(&name[0], len(name)), &st, unix.AT_SYMLINK_NOFOLLOW)
			if errors.Is(err, unix.ENOENT) {
				return
			}
			if err != nil {
				statErr = &fs.PathError{Op: "lstat", Path: string(name), Err: err}
				return
			}
			entries = append(entries, statEntry{path: path, mode: modeType(st.Mode), st: fileStat{
				valid: true, size: st.Size, ino: st.Ino,
				mtime: st.Mtim.Sec*1e9 + st.Mtim.Nsec, ctime: st.Ctim.Sec*1e9 + st.Ctim.Nsec,
			}})
		})
	})
	if cerr != nil {
		return nil, false, nil
	}
	if readErr != nil {
		return nil, true, readErr
	}
	return entries, true, statErr
}

// eachDirent calls f with the name of each entry of raw, what getdents64
// wrote, but "." and "..".
func eachDirent(raw []byte, f func(name []byte)) error {
	for b := raw; len(b) > 0; {
		size := 0
		if len(b) > direntName {
			size = int(binary.NativeEndian.Uint16(b[direntReclen:]))
		}
		if size <= direntName || size > len(b) {
			return errBadDirent
		}
		name := b[direntName:size]
		b = b[size:]
		if i := bytes.IndexByte(name, 0); i >= 0 {
			name = name[:i]
		}
		if len(name) == 0 || string(name) == "." || string(name) == ".." {
			continue
		}
		f(name)
	}
	return nil
}

// The layout of a directory entry as getdents64 writes it (unix.Dirent):
// where its size is and where its name starts; and how much is read at
// a time.
const (
	direntReclen = int(unsafe.Offsetof(unix.Dirent{}.Reclen))
	direntName   = int(unsafe.Offsetof(unix.Dirent{}.Name))
	direntBuf    = 32 << 10
)

var errBadDirent = errors.New("a directory entry the system listed does not read")

// modeType is the fs.FileMode type of a stat's mode, as os.Lstat says it.
func modeType(m uint32) fs.FileMode {
	switch m & unix.S_IFMT {
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFLNK:
		return fs.ModeSymlink
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	case unix.S_IFREG:
		return 0
	}
	return fs.ModeIrregular
}
