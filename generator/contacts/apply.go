package contacts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// ApplyOptions tunes Apply.
type ApplyOptions struct {
	// DryRun decides every step as Apply would, reading existing notes, but writes
	// nothing.
	DryRun bool
}

// Summary is what an import did (or, with DryRun, would do).
type Summary struct {
	Created int        // new notes
	Updated int        // existing notes with fields filled
	Exists  int        // contacts skipped because the person has a note
	Invalid []RowError // rows that could not become contacts, by line
	Steps   []Step     // one per contact or invalid row, in file order
	DryRun  bool
}

// String is the one-line summary of an import, e.g.
// "3 created, 1 updated, 2 skipped (already exist), 1 invalid (line 7)".
func (s Summary) String() string {
	created, updated := "created", "updated"
	if s.DryRun {
		created, updated = "to create", "to update"
	}
	out := fmt.Sprintf("%d %s, %d %s, %d skipped (already exist), %d invalid", s.Created, created, s.Updated, updated, s.Exists, len(s.Invalid))
	if len(s.Invalid) > 0 {
		lines := make([]string, len(s.Invalid))
		for i, e := range s.Invalid {
			lines[i] = fmt.Sprint(e.Line)
		}
		word := "line"
		if len(lines) > 1 {
			word = "lines"
		}
		out += fmt.Sprintf(" (%s %s)", word, strings.Join(lines, ", "))
	}
	if s.DryRun {
		out = "dry run, nothing written: " + out
	}
	return out
}

// applyWorkers bounds the files written at once. Creating files is bound by the file
// system's latency, which a few concurrent writers hide well on a busy disk.
const applyWorkers = 8

// Apply carries out plan in the journal whose root is dir. A new note is created with
// O_EXCL, so an existing file is never overwritten: a file that appeared since the plan
// was made turns the step into "exists". An update reads the note, fills its empty
// fields by editing the front-matter text (see the package doc), and replaces
// the file atomically (temporary file in the same folder, fsync, rename); a note that
// cannot be edited safely is left alone and reported as "exists" with the reason.
// Files are written by a few workers at once (every step of a plan concerns a
// different file); the returned Summary lists the steps in plan order. On an I/O
// error or cancellation Apply starts no more steps and returns the error with a
// Summary of the steps that were done, which stay done.
func Apply(ctx context.Context, dir string, plan *Plan, opts ApplyOptions) (Summary, error) {
	if err := ctx.Err(); err != nil {
		return Summary{DryRun: opts.DryRun}, err
	}
	if !opts.DryRun {
		if err := makeFolders(dir, plan); err != nil {
			return Summary{DryRun: opts.DryRun}, err
		}
	}
	// One copy of the steps, written in place by the workers and then
	// compacted into the summary: a large import holds no third copy.
	steps := slices.Clone(plan.Steps)
	errs := make([]error, len(steps))
	done := make([]bool, len(steps))
	jobs := make(chan int)
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(applyWorkers, len(steps)) {
		wg.Add(1)
		go func() { // ends when jobs is closed
			defer wg.Done()
			for i := range jobs {
				st, err := steps[i], error(nil)
				switch st.Action {
				case ActionCreate:
					st, err = create(dir, st, opts.DryRun)
				case ActionUpdate:
					st, err = update(dir, st, opts.DryRun)
				}
				if err != nil {
					failed.Store(true)
				}
				steps[i], errs[i], done[i] = st, err, true
			}
		}()
	}
	var stopped error
	for i := range steps {
		if stopped = ctx.Err(); stopped != nil || failed.Load() {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	sum := Summary{DryRun: opts.DryRun, Steps: steps[:0]}
	var firstErr error // the first failure in plan order
	for i, st := range steps {
		if !done[i] {
			continue
		}
		if errs[i] != nil {
			if firstErr == nil {
				firstErr = errs[i]
			}
			continue
		}
		switch st.Action {
		case ActionCreate:
			sum.Created++
		case ActionUpdate:
			sum.Updated++
		case ActionExists:
			sum.Exists++
		case ActionInvalid:
			sum.Invalid = append(sum.Invalid, RowError{File: st.file, Line: st.Line, Reason: st.Reason})
		}
		sum.Steps = append(sum.Steps, st) // never ahead of the index read: compacting in place
	}
	if firstErr != nil {
		return sum, firstErr
	}
	return sum, stopped
}

// makeFolders creates the folders new notes go into.
func makeFolders(dir string, plan *Plan) error {
	made := map[string]bool{}
	for _, st := range plan.Steps {
		if st.Action != ActionCreate {
			continue
		}
		full, err := localPath(dir, st.Path)
		if err != nil {
			return err
		}
		if folder := filepath.Dir(full); !made[folder] {
			if err := os.MkdirAll(folder, 0o755); err != nil {
				return fileErr(path.Dir(st.Path), err)
			}
			made[folder] = true
		}
	}
	return nil
}

// create writes the note of a create step, never replacing a file.
func create(dir string, st Step, dryRun bool) (Step, error) {
	full, err := localPath(dir, st.Path)
	if err != nil {
		return st, err
	}
	if dryRun {
		if _, err := os.Lstat(full); err == nil {
			return existsAlready(st), nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return st, fileErr(st.Path, err)
		}
		return st, nil
	}
	f, err := os.OpenFile(full, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return existsAlready(st), nil
	}
	if err != nil {
		return st, fileErr(st.Path, err)
	}
	_, err = f.Write(Note(*st.Contact))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(full) // ours: O_EXCL created it
		return st, fileErr(st.Path, err)
	}
	return st, nil
}

// existsAlready turns a create step whose file has appeared into a skip.
func existsAlready(st Step) Step {
	st.Action = ActionExists
	st.Reason = "file already exists"
	return st
}

// update fills the empty fields of the note of an update step.
func update(dir string, st Step, dryRun bool) (Step, error) {
	full, err := localPath(dir, st.Path)
	if err != nil {
		return st, err
	}
	if real, err := filepath.EvalSymlinks(full); err == nil {
		full = real // replace the note, not a link to it
	}
	src, err := os.ReadFile(full)
	if err != nil {
		return st, fileErr(st.Path, err)
	}
	out, fields, err := fillNote(src, *st.Contact)
	var ne errNotEditable
	switch {
	case errors.As(err, &ne):
		st.Action, st.Reason = ActionExists, st.Reason+"; not updated: "+ne.reason
		return st, nil
	case err != nil:
		return st, fileErr(st.Path, err)
	case len(fields) == 0:
		st.Action, st.Reason = ActionExists, st.Reason+"; no empty field to fill"
		return st, nil
	}
	st.Fields = fields
	if dryRun {
		return st, nil
	}
	changed, err := replaceFile(full, src, out)
	if err != nil {
		return st, fileErr(st.Path, err)
	}
	if changed {
		st.Action, st.Reason, st.Fields = ActionExists, st.Reason+"; not updated: the note changed during the import", nil
	}
	return st, nil
}

// replaceFile atomically replaces the file at full, which held old, with data: it
// writes a temporary file in the same folder, syncs it and renames it over the note.
// If the note no longer holds old (edited meanwhile), it leaves it and reports changed.
func replaceFile(full string, old, data []byte) (changed bool, err error) {
	info, err := os.Stat(full)
	if err != nil {
		return false, err
	}
	folder := filepath.Dir(full)
	tmp, err := os.CreateTemp(folder, "."+filepath.Base(full)+".kith-*.tmp")
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil || changed {
			os.Remove(tmp.Name())
		}
	}()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), info.Mode().Perm())
	}
	if err != nil {
		return false, err
	}
	now, err := os.ReadFile(full)
	if err != nil {
		return false, err
	}
	if !bytes.Equal(now, old) {
		return true, nil
	}
	if err = os.Rename(tmp.Name(), full); err != nil {
		return false, err
	}
	if d, derr := os.Open(folder); derr == nil { // make the rename durable; best effort
		d.Sync()
		d.Close()
	}
	return false, nil
}

// localPath joins the slash-separated journal path p to dir, refusing paths that
// leave the journal.
func localPath(dir, p string) (string, error) {
	local := filepath.FromSlash(p)
	if !filepath.IsLocal(local) {
		return "", fmt.Errorf("%s: path is outside the journal", p)
	}
	return filepath.Join(dir, local), nil
}

// fileErr words an I/O error as "path: operation: problem", with path relative to the
// journal root.
func fileErr(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %s: %w", p, pe.Op, pe.Err)
	}
	return fmt.Errorf("%s: %w", p, err)
}
