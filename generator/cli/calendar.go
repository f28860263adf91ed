package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
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
	fs.StringVar(&out, "o", "", "write the feed to `FILE` (replacing only an earlier calendar file) instead of standard output")
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
// same folder, synced, then renamed over it). It replaces only a file that
// is itself an iCalendar file, so a typo in -o cannot destroy a note.
func replaceCalendar(path string, data []byte) error {
	if f, err := os.Open(path); err == nil {
		head := make([]byte, len("BEGIN:VCALENDAR"))
		_, rerr := io.ReadFull(bufio.NewReader(f), head)
		f.Close()
		if rerr != nil || !bytes.EqualFold(head, []byte("BEGIN:VCALENDAR")) {
			return fmt.Errorf("%s exists and is not a calendar file; kith replaces only a calendar it wrote. Choose another -o", path)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".kith-calendar-*.tmp")
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
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
