package output

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// writeNew creates a file that must not exist yet and writes data to it.
// On Linux it uses the system calls directly: os.OpenFile also registers
// every file with the network poller, which a regular file refuses, and
// those extra calls cost more than the write itself over 20,000 pages.
func writeNew(p string, data []byte) error {
	return writeFlags(p, data, unix.O_EXCL)
}

// writeOver writes a file of kith's own spare site, replacing what it held.
// It never writes through a file with more than one link (a backup made
// with cp -al shares the spare's inodes): such a name is unlinked and a new
// file created. Other files are truncated in place, which is cheaper than
// making a new inode. It does not follow a symbolic link.
func writeOver(p string, data []byte) error {
	fd, err := unix.Open(p, unix.O_WRONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
	if err == unix.ENOENT {
		return writeFlags(p, data, unix.O_EXCL)
	}
	if err != nil {
		return &os.PathError{Op: "open", Path: p, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return &os.PathError{Op: "stat", Path: p, Err: err}
	}
	if st.Nlink > 1 || st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		if err := unix.Unlink(p); err != nil {
			return &os.PathError{Op: "remove", Path: p, Err: err}
		}
		return writeFlags(p, data, unix.O_EXCL)
	}
	if err := unix.Ftruncate(fd, 0); err != nil {
		unix.Close(fd)
		return &os.PathError{Op: "truncate", Path: p, Err: err}
	}
	return writeFD(fd, p, data)
}

func writeFlags(p string, data []byte, flags int) error {
	fd, err := unix.Open(p, unix.O_WRONLY|unix.O_CREAT|unix.O_CLOEXEC|flags, 0o644)
	if err != nil {
		return &os.PathError{Op: "create", Path: p, Err: err}
	}
	return writeFD(fd, p, data)
}

// writeFD writes data to the open file fd, named p, and closes it.
func writeFD(fd int, p string, data []byte) error {
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err != nil {
			unix.Close(fd)
			return &os.PathError{Op: "write", Path: p, Err: err}
		}
		if n == 0 {
			unix.Close(fd)
			return &os.PathError{Op: "write", Path: p, Err: io.ErrShortWrite}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: p, Err: err}
	}
	return nil
}

// sizesMatch reports whether each of names is, under dir, a plain file of
// the size size gives; one fstatat a file, relative to dir opened once,
// which spares the kernel the walk from / to dir 25,000 times.
func sizesMatch(dir string, names []string, size func(string) int64) bool {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	for _, name := range names {
		if unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Size != size(name) {
			return false
		}
	}
	return true
}
