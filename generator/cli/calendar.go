package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"kith/generator/calendar"
	"kith/generator/content"
)

func runCalendar(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "calendar")
	var jf journalFlags
	jf.register(fs, true)
	var out string
	fs.StringVar(&out, "o", "", "write the feed to `FILE` (replacing only a feed kith wrote there) instead of standard output")
	fs.StringVar(&out, "output", "", "same as -o")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fmt.Fprintf(env.Stderr, "kith calendar takes no arguments, got %q; write the file with -o FILE\n", pos[0])
		return errUsage
	}
	opt, err := jf.options(env)
	if err != nil {
		return err
	}
	j, err := loadValidJournal(ctx, env, opt)
	if err != nil {
		return err
	}
	// Asked for by name, the feed is made whatever kith.yaml's calendar and
	// encrypt say: it stays on this computer unless you move it.
	data, err := calendar.Bytes(j, calendar.Options{Version: Version})
	if err != nil {
		return err
	}
	if out == "" || out == "-" {
		_, err := env.Stdout.Write(data)
		return err
	}
	if err := replaceCalendar(out, data); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s (%s)\n", content.Printable(out), plural(bytes.Count(data, []byte("BEGIN:VEVENT")), "event", "events"))
	return nil
}

// replaceCalendar writes data to path atomically (a temporary file in the
// same folder, synced, renamed over it, the folder synced). It replaces only
// a regular file that is a feed kith wrote (calendar.IsOwnFeed), so a typo
// in -o cannot destroy a note or the user's own calendar; it never opens a
// FIFO or device (which could hang it) and never writes through a symbolic
// link.
func replaceCalendar(path string, data []byte) error {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s: is a symbolic link; kith writes the feed only to a regular file, never through a link. Give -o the real path", path)
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s: is not a regular file (%s); kith writes the feed only to a regular file. Choose another -o", path, fileKind(info.Mode()))
	default:
		own, err := ownFeed(path, info)
		if err != nil {
			return err
		}
		if !own {
			return fmt.Errorf("%s: exists and is not a calendar kith wrote (it has no %s:1 line); kith replaces only its own feed. Choose another -o, or move the file away", path, calendar.FeedProperty)
		}
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".kith-calendar-*.tmp") // O_EXCL
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("%s: writing the feed: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// ownFeed reports whether the regular file at path, found by Lstat as info,
// is a feed kith wrote. The file opened must be the one examined.
func ownFeed(path string, info fs.FileInfo) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !os.SameFile(info, st) {
		return false, fmt.Errorf("%s: changed while kith was reading it; run again", path)
	}
	return calendar.IsOwnFeed(f), nil
}

// fileKind names the type of a file that is not a regular file.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// syncDir makes a rename in dir durable where the system allows it; a
// failure only means the rename may be lost on a crash, so it is ignored.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
