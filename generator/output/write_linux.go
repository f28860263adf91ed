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
// It never writes through the old file: that may have other links (a
// backup made with cp -al shares its inodes), so the name is unlinked and a
// new file created. It does not follow a symbolic link.
func writeOver(p string, data []byte) error {
	if err := unix.Unlink(p); err != nil && err != unix.ENOENT {
		return &os.PathError{Op: "remove", Path: p, Err: err}
	}
	return writeFlags(p, data, unix.O_EXCL)
}

func writeFlags(p string, data []byte, flags int) error {
	fd, err := unix.Open(p, unix.O_WRONLY|unix.O_CREAT|unix.O_CLOEXEC|flags, 0o644)
	if err != nil {
		return &os.PathError{Op: "create", Path: p, Err: err}
	}
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
