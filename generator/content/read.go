package content

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// MaxNoteSize is the largest note kith reads, in bytes. A person's note with
// years of log lines is a few hundred kilobytes; anything bigger is most
// likely not a note (a link to /dev/zero, a pasted database dump).
const MaxNoteSize = 8 << 20

// maxLinkHops bounds how many symbolic links one note may go through, as the
// kernel's own limit (40 on Linux) does for a loop of links.
const maxLinkHops = 40

// readNote reads one note, or says why it will not: kith reads only regular
// files of at most MaxNoteSize bytes, so a FIFO cannot make it wait forever
// and a device cannot make it read without end; and it reads a symbolic link
// only when the link, followed to its end, stays inside the journal.
// mode is the type of p's directory entry, as WalkDir or Lstat saw it
// (before opening, as a FIFO's open would block): a regular file is opened
// at once, a link is followed with care, anything else is refused.
// gone is true when p does not exist at all.
func readNote(fsys fs.FS, p string, mode fs.FileMode) (data []byte, prob *Problem, gone bool) {
	problem := func(format string, args ...any) ([]byte, *Problem, bool) {
		pr := Errorf(p, 0, format, args...)
		return nil, &pr, false
	}
	target := p
	isLink := mode&fs.ModeSymlink != 0
	if isLink {
		t, err := resolveInside(fsys, p)
		switch {
		case errors.Is(err, errOutside):
			return problem("a symbolic link to %s, outside the journal; kith does not read it. Move the file into the journal and link to it with a relative link, or delete the link", linkText(fsys, p))
		case errors.Is(err, errLinkLoop):
			return problem("a loop of symbolic links; delete the link or point it at a note")
		case errors.Is(err, fs.ErrNotExist):
			return problem("a symbolic link to %s, which does not exist; delete the link or restore the file", linkText(fsys, p))
		case err != nil:
			return problem("cannot follow the symbolic link: %v", plainErr(err))
		}
		target = t
		fi, err := fs.Stat(fsys, target)
		if err != nil {
			return problem("cannot read: %v", plainErr(err))
		}
		mode = fi.Mode()
	}
	if !mode.IsRegular() {
		return problem("%s, not a note; kith reads only regular files. Move it out of the content folder or rename it so it does not end in .md", modeName(mode))
	}
	f, err := fsys.Open(target)
	if err != nil {
		if !isLink && errors.Is(err, fs.ErrNotExist) {
			return nil, nil, true
		}
		return problem("cannot read: %v", plainErr(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return problem("cannot read: %v", plainErr(err))
	}
	if !fi.Mode().IsRegular() { // replaced since the folder was listed
		return problem("%s, not a note; kith reads only regular files", modeName(fi.Mode()))
	}
	if fi.Size() > MaxNoteSize {
		return problem("%d bytes, larger than the %s a note may be; split it into several notes", fi.Size(), sizeText(MaxNoteSize))
	}
	// The file may grow after Stat: read one byte past the limit to know,
	// and never more.
	data = make([]byte, 0, fi.Size()+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if len(data) > MaxNoteSize {
			return problem("larger than the %s a note may be; split it into several notes", sizeText(MaxNoteSize))
		}
		if err == io.EOF {
			return data, nil, false
		}
		if err != nil {
			return problem("cannot read: %v", plainErr(err))
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// modeName says what kind of file a mode is, for a message.
func modeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

var (
	errOutside  = errors.New("outside the journal")
	errLinkLoop = errors.New("too many symbolic links")
)

// resolveInside follows the symbolic links of p within fsys, component by
// component, and returns the path it leads to. It fails with errOutside when
// the way leaves fsys: through "..", or an absolute target (kith cannot tell
// where fsys is on disk, so a link must be relative to stay inside).
func resolveInside(fsys fs.FS, p string) (string, error) {
	todo := strings.Split(p, "/")
	var done []string
	hops := 0
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return "", errOutside
			}
			done = done[:len(done)-1]
			continue
		}
		cur := path.Join(append(done, c)...)
		fi, err := fs.Lstat(fsys, cur)
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			done = append(done, c)
			continue
		}
		if hops++; hops > maxLinkHops {
			return "", errLinkLoop
		}
		t, err := fs.ReadLink(fsys, cur)
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(t, "/") || strings.HasPrefix(t, `\`) || len(t) > 1 && t[1] == ':' {
			return "", errOutside
		}
		todo = append(strings.Split(t, "/"), todo...)
	}
	if len(done) == 0 {
		return "", errOutside
	}
	return path.Join(done...), nil
}

// linkText is a link's target as written, quoted, for a message.
func linkText(fsys fs.FS, p string) string {
	t, err := fs.ReadLink(fsys, p)
	if err != nil {
		return "a missing file"
	}
	return fmt.Sprintf("%q", t)
}

// plainErr drops the path an fs.PathError repeats: the problem names it.
func plainErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MB"
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

// ReadNote reads the note at p as Load and Set.Update do: only a regular
// file (or a link to one inside the journal) of at most MaxNoteSize bytes.
// Code that looks at a note's bytes before the set does (the preview's
// check for a half-written save) reads through it, so that a FIFO named
// *.md cannot block it. The error is a Problem naming p, or, when p does
// not exist, one that matches fs.ErrNotExist.
func ReadNote(fsys fs.FS, p string) ([]byte, error) {
	info, err := fs.Lstat(fsys, p)
	if err != nil {
		return nil, err
	}
	data, prob, gone := readNote(fsys, p, info.Mode())
	switch {
	case gone:
		return nil, &fs.PathError{Op: "read", Path: p, Err: fs.ErrNotExist}
	case prob != nil:
		return nil, *prob
	}
	return data, nil
}
