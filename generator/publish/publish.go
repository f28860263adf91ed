// Package publish puts a journal's site where it is served, privately: it
// keeps the journal's site key (wrapped by the passphrase, see Encryption
// and Rekey), refuses to publish a site that is not encrypted unless told
// to, and copies a full build to a local folder (swapped in atomically) or
// to an rsync target (sending only changed files and deleting those it
// wrote before and no longer has), reporting what changed in a Summary.
// Files at the destination that kith did not write are kept. It prints
// nothing.
package publish

import (
	"context"
	"errors"
	"os"
	"strings"

	"kith/generator/build"
	"kith/generator/output"
	"kith/generator/site"
)

// ErrPlaintext is returned when asked to publish a site that is not
// encrypted without Options.Plaintext.
var ErrPlaintext = errors.New("the site is not encrypted, so anyone who finds or guesses its address could read every note about every person; " +
	"encrypt it (encrypt: true in kith.yaml, or --encrypt) or, for a host that only you can reach, pass --plaintext")

// Options says where to publish and how.
type Options struct {
	// Dest is a local folder, or an rsync target such as "host:path",
	// "user@host:path" or "rsync://host/module/path".
	Dest string
	// Plaintext allows publishing a site that is not encrypted.
	Plaintext bool
	// DryRun reports what would change and changes nothing.
	DryRun bool
	// Workers renders pages; 0 means one per CPU.
	Workers int
	// Protect names folders (the journal) a local Dest may never contain.
	Protect []string
	// Rsync is the rsync program; "" looks for "rsync" on the PATH.
	Rsync string
	// TempDir is where a site for an rsync target is built; "" means the
	// system's temporary folder.
	TempDir string
}

// Summary is what a publish changed (or, in a dry run, would change) at the
// destination.
type Summary struct {
	Dest    string
	Remote  bool // Dest is an rsync target
	DryRun  bool
	Files   int      // files in the site
	Added   []string // site paths, sorted
	Changed []string
	Removed []string
	Bytes   int64 // the size of the added and changed files
	// Kept lists the files at the destination that kith did not write
	// (a folder kept whole ends in "/"): they are left as they are.
	Kept []string
}

// Publish writes every file of s and puts them at opt.Dest. It refuses a
// site that is not encrypted unless opt.Plaintext is set (ErrPlaintext).
// A local folder gets only the files that changed, each renamed into
// place (build.Run with output.Options.Incremental), or, the first time, a
// whole new folder swapped in; a failed publish changes nothing there, and
// a folder that holds something other than a kith site is never replaced. An rsync target gets only the
// files that changed, and loses those kith wrote there and the site no
// longer has. Files kith did not write (see output.Manifest) are kept.
func Publish(ctx context.Context, s *site.Site, opt Options) (Summary, error) {
	if !s.Encrypted() && !opt.Plaintext {
		return Summary{}, ErrPlaintext
	}
	if Remote(opt.Dest) {
		return publishRsync(ctx, s, opt)
	}
	return publishLocal(ctx, s, opt)
}

// Remote reports whether dest names an rsync target rather than a local
// folder: "rsync://…", or a colon before the first slash, as rsync reads it.
func Remote(dest string) bool {
	if strings.HasPrefix(dest, "rsync://") {
		return true
	}
	i := strings.IndexByte(dest, ':')
	return i > 0 && !strings.Contains(dest[:i], "/")
}

// CheckDest refuses, before any work, a destination that Publish would
// refuse: a local folder that holds something other than a kith site or
// that contains the journal, or such an rsync target (rsync must be
// installed for that check).
func CheckDest(ctx context.Context, opt Options) error {
	if Remote(opt.Dest) {
		prog, err := rsyncProgram(opt)
		if err != nil {
			return err
		}
		_, err = listTarget(ctx, prog, opt.Dest)
		return err
	}
	return output.Check(opt.Dest, opt.Protect...)
}

// publishLocal writes the site to dest: the files that differ from what
// dest holds, when it holds a site kith wrote with a record of its files,
// else a whole new folder swapped in. A dry run compares and throws the
// new files away.
func publishLocal(ctx context.Context, s *site.Site, opt Options) (Summary, error) {
	var sum Summary
	res, err := build.Run(ctx, build.Options{
		Linked: s, Site: site.Options{Workers: opt.Workers}, Dest: opt.Dest,
		Output: output.Options{Protect: opt.Protect, Incremental: true},
		DryRun: opt.DryRun,
		Prepared: func(d *output.Dir, kept []string) error {
			if d.Updating() {
				ch := d.Changes()
				sum.Added, sum.Changed, sum.Removed, sum.Bytes = ch.Added, ch.Changed, ch.Removed, ch.Bytes
				return nil
			}
			// The new folder was made private (0700) as a temporary; served,
			// it must be readable like the files in it.
			if err := os.Chmod(d.Path(), 0o755); err != nil {
				return err
			}
			var err error
			sum, err = compareTrees(d.Dest(), d.Path(), kept)
			return err
		},
	})
	var ce *output.ConflictError
	if errors.As(err, &ce) {
		ce.Dest = opt.Dest
	}
	if err != nil {
		return Summary{}, err
	}
	sum.Dest, sum.DryRun, sum.Files, sum.Kept = opt.Dest, opt.DryRun, res.Files+2, res.Kept // +2: the manifest and the record
	return sum, nil
}
