package serve

import (
	"bytes"
	"io/fs"
	"path"
	"time"
)

// oneFile is a journal of one file with bytes already read, so that the
// content package parses exactly the bytes the update loop judged whole: a
// save that starts between a check and a second read is never shown. The
// bytes come from content.ReadNote, which has already refused what kith
// does not read (FIFOs, devices, links leaving the journal, huge files).
type oneFile struct {
	name string
	data []byte
}

// Open opens the one file; any other name does not exist.
func (f oneFile) Open(name string) (fs.File, error) {
	if name != f.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &openFile{info: fileInfo{f}, r: bytes.NewReader(f.data)}, nil
}

// ReadFile returns a copy of the bytes.
func (f oneFile) ReadFile(name string) ([]byte, error) {
	if name != f.name {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return bytes.Clone(f.data), nil
}

// Stat and Lstat describe the one file as a regular file.
func (f oneFile) Stat(name string) (fs.FileInfo, error) {
	if name != f.name {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fileInfo{f}, nil
}

func (f oneFile) Lstat(name string) (fs.FileInfo, error) { return f.Stat(name) }

// ReadLink says the one file is not a link.
func (f oneFile) ReadLink(name string) (string, error) {
	return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
}

type fileInfo struct{ f oneFile }

func (i fileInfo) Name() string       { return path.Base(i.f.name) }
func (i fileInfo) Size() int64        { return int64(len(i.f.data)) }
func (i fileInfo) Mode() fs.FileMode  { return 0o444 }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return false }
func (i fileInfo) Sys() any           { return nil }

type openFile struct {
	info fileInfo
	r    *bytes.Reader
}

func (o *openFile) Stat() (fs.FileInfo, error) { return o.info, nil }
func (o *openFile) Read(p []byte) (int, error) { return o.r.Read(p) }
func (o *openFile) Close() error               { return nil }

// halfWritten reports whether a file looks like a save caught in the
// middle: empty (VS Code truncates, then writes), or a note whose front
// matter is opened (or its opening dashes begun) and not yet closed.
func halfWritten(data []byte, note bool) bool {
	if len(bytes.TrimSpace(data)) == 0 {
		return true
	}
	if !note {
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
