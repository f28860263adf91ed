package build

import (
	"errors"
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
)

// statDir lists the folder f, opened through the journal's fs.FS, and
// lstats each entry relative to it (fstatat): no path is resolved from the
// root again and no FileInfo is made per file. ok is false when f is not a
// folder of the operating system (an fs.FS in memory, an embedded one).
// An entry gone since the folder was read is left out.
func statDir(f fs.File) (entries []statEntry, ok bool, err error) {
	d, isOS := f.(interface {
		Readdirnames(n int) ([]string, error)
		SyscallConn() (syscall.RawConn, error)
	})
	if !isOS {
		return nil, false, nil
	}
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, true, err
	}
	rc, err := d.SyscallConn()
	if err != nil {
		return nil, false, nil
	}
	entries = make([]statEntry, 0, len(names))
	var statErr error
	cerr := rc.Control(func(fd uintptr) { // ends when every name is looked at
		var st unix.Stat_t
		for _, name := range names {
			err := unix.Fstatat(int(fd), name, &st, unix.AT_SYMLINK_NOFOLLOW)
			if errors.Is(err, unix.ENOENT) {
				continue
			}
			if err != nil {
				statErr = &fs.PathError{Op: "lstat", Path: name, Err: err}
				return
			}
			entries = append(entries, statEntry{name: name, mode: modeType(st.Mode), st: fileStat{
				valid: true, size: st.Size, ino: st.Ino,
				mtime: st.Mtim.Sec*1e9 + st.Mtim.Nsec, ctime: st.Ctim.Sec*1e9 + st.Ctim.Nsec,
			}})
		}
	})
	if cerr != nil {
		return nil, false, nil
	}
	return entries, true, statErr
}

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
