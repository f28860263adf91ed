package serve

import (
	"bytes"
	"errors"
	"io"
	"io/fs"

	"kith/generator/content"
)

// errHeld is what reading a half-written file gives while it is held back.
var errHeld = errors.New("half-written: held back until the save ends")

// errNotRegular refuses a note that is a FIFO, a device or a socket: reading
// one could wait forever or never end.
var errNotRegular = errors.New("not a regular file; kith reads only regular files as notes")

// settleFS is the journal as the update loop reads it. The file the content
// package reads is judged on the very bytes it parsed, so that a save
// caught between a check and a read is never shown: a file that looks
// half-written gives errHeld while held says so. Files that are not
// regular are refused before they are opened.
type settleFS struct {
	fsys fs.FS
	held func(p string, data []byte) bool // whether these bytes of p are held back
}

func (f settleFS) regular(name string) error {
	st, err := fs.Stat(f.fsys, name)
	if err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		return &fs.PathError{Op: "read", Path: name, Err: errNotRegular}
	}
	return nil
}

// Open opens a file whose reads end in errHeld instead of io.EOF when its
// bytes are held back.
func (f settleFS) Open(name string) (fs.File, error) {
	if err := f.regular(name); err != nil {
		return nil, err
	}
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := file.Stat(); err == nil && st.IsDir() {
		return file, nil
	}
	return &settleFile{File: file, name: name, held: f.held}, nil
}

// ReadFile reads a whole file, or gives errHeld.
func (f settleFS) ReadFile(name string) ([]byte, error) {
	if err := f.regular(name); err != nil {
		return nil, err
	}
	data, err := fs.ReadFile(f.fsys, name)
	if err != nil {
		return nil, err
	}
	if f.held(name, data) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errHeld}
	}
	return data, nil
}

// Stat, ReadDir, ReadLink and Lstat answer as the journal does, so that
// the content package's own checks see the real files.
func (f settleFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.fsys, name) }

func (f settleFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.fsys, name) }

func (f settleFS) ReadLink(name string) (string, error) { return fs.ReadLink(f.fsys, name) }

func (f settleFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(f.fsys, name) }

// settleFile keeps what was read, to judge it at the end.
type settleFile struct {
	fs.File
	name string
	held func(p string, data []byte) bool
	seen bytes.Buffer
}

func (f *settleFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.seen.Write(p[:n])
	if err == io.EOF && f.held(f.name, f.seen.Bytes()) {
		return n, &fs.PathError{Op: "read", Path: f.name, Err: errHeld}
	}
	return n, err
}

// halfWritten reports whether a file looks like a save caught in the
// middle: empty (VS Code truncates, then writes), or a note whose front
// matter is opened (or its opening dashes begun) and not yet closed.
func halfWritten(p string, data []byte) bool {
	if len(bytes.TrimSpace(data)) == 0 {
		return true
	}
	if content.KindOf(p) == content.Other {
		return false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(data) < 3 && bytes.HasPrefix([]byte("---"), data) {
		return true // the first dashes of the opening ---, written in pieces
	}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "---" {
		return false
	}
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if l := string(bytes.TrimRight(line, " \t\r")); l == "---" || l == "..." {
			return false
		}
	}
	return true
}
