package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"kith/generator/archetype"
	"kith/generator/content"
	"kith/generator/journal"
)

// newFlags are the flags of `kith new`; which ones a kind of note takes is
// decided in register.
type newFlags struct {
	source, now, date  string
	org, tags, metVia  string
	with, kind         string
	edit               bool
	dateSet, kindGiven bool
}

func (f *newFlags) register(fs *flag.FlagSet, kind string) {
	fs.StringVar(&f.source, "s", ".", "the journal `folder` (with kith.yaml and content/)")
	fs.StringVar(&f.source, "source", ".", "same as -s")
	fs.StringVar(&f.now, "now", "", "treat `YYYY-MM-DD` as today (default: KITH_NOW, else the clock)")
	fs.BoolVar(&f.edit, "edit", false, "open the new note in $VISUAL, else $EDITOR, else vi")
	switch kind {
	case archetype.Person:
		fs.StringVar(&f.org, "org", "", "the `organisation` they work for")
		fs.StringVar(&f.tags, "tags", "", "comma-separated `tags`, like mentor,design")
		fs.StringVar(&f.metVia, "met-via", "", "the `person` who introduced you (a name, alias or slug already in the journal)")
	case archetype.Entry:
		fs.StringVar(&f.with, "with", "", "comma-separated `people` the entry is with, like \"Dana, José Núñez\"")
		fs.StringVar(&f.kind, "kind", "note", "the `kind`: "+strings.Join(content.Kinds(), ", "))
		fs.StringVar(&f.date, "date", "", "the entry's `YYYY-MM-DD` (default today)")
	case archetype.Event:
		fs.StringVar(&f.date, "date", "", "the event's first day, `YYYY-MM-DD` (required)")
	}
}

func newUsage(kind string) string {
	switch kind {
	case archetype.Person:
		return `person "Name" [--org ORG] [--tags a,b] [--met-via NAME] [-s SOURCE] [--edit]`
	case archetype.Entry:
		return `entry "Title" [--with "A, B"] [--kind call] [--date YYYY-MM-DD] [-s SOURCE] [--edit]`
	case archetype.Event:
		return `event "Name" --date YYYY-MM-DD [-s SOURCE] [--edit]`
	}
	return "person|entry|event NAME [flags]"
}

func runNew(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "new")
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprintln(env.Stdout, "kith new: start a note from an archetype (never overwrites)\n\nUsage:")
		for _, k := range archetype.Kinds() {
			fmt.Fprintf(env.Stdout, "  kith new %s\n", newUsage(k))
		}
		fmt.Fprintln(env.Stdout, "\nRun 'kith new person -h' (or entry, event) for the flags. A journal's archetypes/person.md,\nentry.md or event.md replaces the built-in template.")
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	kind := args[0]
	if !slices.Contains(archetype.Kinds(), kind) {
		msg := fmt.Sprintf("no kind of note %q; write kith new person, kith new entry or kith new event", kind)
		if s := content.Suggest(kind, archetype.Kinds()); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		fmt.Fprintln(env.Stderr, "kith new: "+msg)
		return errUsage
	}
	var f newFlags
	f.register(fs, kind)
	fs.Usage = func() {
		fmt.Fprintf(env.Stdout, "kith new %s: start a note from the %s archetype (never overwrites)\n\nUsage:\n  kith new %s\n\nFlags:\n", kind, kind, newUsage(kind))
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(env.Stderr)
	}
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "date":
			f.dateSet = true
		case "kind":
			f.kindGiven = true
		}
	})
	if len(pos) != 1 {
		fmt.Fprintf(env.Stderr, "kith new %s takes one name in quotes, like: kith new %s\n", kind, newUsage(kind))
		return errUsage
	}
	name, err := oneLine(pos[0])
	if err != nil {
		return err
	}
	day, err := today(env, f.now)
	if err != nil {
		return err
	}
	if err := requireJournal(f.source); err != nil {
		return err
	}
	jfs := os.DirFS(f.source)
	set, err := content.Load(ctx, jfs)
	if err != nil {
		return err
	}
	// Drafts count: a draft person still exists and may be named.
	j := journal.Build(set, journal.Options{Today: day, Drafts: true})

	n, err := planNote(j, kind, name, day, &f)
	if err != nil {
		return err
	}
	data, tmpl, err := archetype.Render(jfs, kind, n.data)
	if err != nil {
		return fmt.Errorf("%w; nothing was written", err)
	}
	// The note must read back as a note: check before writing, so that a
	// broken archetype leaves nothing behind.
	_, probs := content.Parse(n.rel, data)
	if errs := probs.Errors(); len(errs) > 0 {
		printProblems(env.Stderr, errs)
		fmt.Fprintf(env.Stderr, "kith new: %s makes a note with %s; nothing was written\n", tmpl, plural(len(errs), "error", "errors"))
		return errReported
	}
	printProblems(env.Stderr, probs.Warnings())

	full := filepath.Join(f.source, filepath.FromSlash(n.rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	if err := createNew(full, data); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists; kith never overwrites a note", full)
		}
		return err
	}
	fmt.Fprintln(env.Stdout, content.Printable(full))
	if f.edit {
		return edit(ctx, env, full)
	}
	return nil
}

// note is what kith new is about to write.
type note struct {
	rel  string // slash path from the journal root
	data archetype.Data
}

// planNote resolves the names a new note refers to and decides its path,
// refusing anything that would clash with a note the journal has.
func planNote(j *journal.Journal, kind, name string, day content.Date, f *newFlags) (note, error) {
	date := day
	if f.dateSet {
		d, err := content.ParseDate(f.date)
		if err != nil {
			return note{}, fmt.Errorf("--date: %w", err)
		}
		date = d
	}
	d := archetype.Data{Date: date.String(), Today: day.String()}
	switch kind {
	case archetype.Person:
		if p := j.Resolve(name); p != nil {
			return note{}, fmt.Errorf("%q already names %s (%s); kith never overwrites a note", name, p.Name, p.Path)
		}
		base := content.NoteBase(name)
		if base == "" || content.Ignored(base+".md") {
			return note{}, fmt.Errorf("%q leaves nothing to name a file after; give a name with letters", name)
		}
		if p := j.Person(content.Slug(base)); p != nil {
			return note{}, fmt.Errorf("%s (%s) already has the slug %q; give a name that differs", p.Name, p.Path, p.Slug)
		}
		d.Name, d.Org = name, strings.TrimSpace(f.org)
		d.Tags = splitList(f.tags, "#")
		if strings.TrimSpace(f.metVia) != "" {
			p, err := resolve(j, "--met-via", f.metVia)
			if err != nil {
				return note{}, err
			}
			d.MetVia = p.Name
		}
		return note{rel: j.Config.Folders.PersonPath(name), data: d}, nil
	case archetype.Entry:
		k := strings.ToLower(strings.TrimSpace(f.kind))
		if !slices.Contains(content.Kinds(), k) {
			msg := fmt.Sprintf("--kind: %q is not one of %s", f.kind, strings.Join(content.Kinds(), ", "))
			if s := content.Suggest(k, content.Kinds()); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return note{}, errors.New(msg)
		}
		d.Title, d.Kind = name, k
		for _, ref := range splitList(f.with, "") {
			p, err := resolve(j, "--with", ref)
			if err != nil {
				return note{}, err
			}
			if !slices.Contains(d.With, p.Name) {
				d.With = append(d.With, p.Name)
			}
		}
		base := date.String() + "-" + shortSlug(name)
		if e := j.Entry(content.Slug(base)); e != nil {
			return note{}, fmt.Errorf("an entry with the slug %q exists: %s; kith never overwrites a note", e.Slug, e.Path)
		}
		return note{rel: j.Config.Folders.EntryPath(date, base), data: d}, nil
	default: // archetype.Event
		if !f.dateSet {
			return note{}, fmt.Errorf("an event needs its first day: kith new event %q --date YYYY-MM-DD", name)
		}
		d.Name = name
		slug := shortSlug(name)
		if e := j.Event(slug); e != nil {
			return note{}, fmt.Errorf("an event with the slug %q exists: %s; kith never overwrites a note", slug, e.Path)
		}
		return note{rel: j.Config.Folders.EventPath(slug), data: d}, nil
	}
}

// resolve finds a person named on the command line like any reference in a
// note; an unknown name is an error with a suggestion, never a new person.
func resolve(j *journal.Journal, flagName, ref string) (*journal.Person, error) {
	if p := j.Resolve(ref); p != nil {
		return p, nil
	}
	msg := fmt.Sprintf("%s: no person is called %q", flagName, ref)
	s := j.Suggest(ref)
	if s == "" {
		// Accents count as typos to Suggest; slugs have none.
		slugs := make([]string, len(j.People))
		for i, p := range j.People {
			slugs[i] = p.Slug
		}
		if near := content.Suggest(content.Slug(ref), slugs); near != "" {
			s = j.Person(near).Name
		}
	}
	if s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += fmt.Sprintf("; add them first with kith new person %q.", ref)
	}
	return nil, errors.New(msg + " Nothing was written.")
}

// requireJournal refuses a folder that does not look like a journal, so that
// a command run in the wrong place does not scatter notes there.
func requireJournal(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("journal folder: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	for _, p := range []string{content.ConfigPath, "content"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%s is not a kith journal (it has neither kith.yaml nor content/); pass -s JOURNAL, or start one with kith init", dir)
}

// oneLine checks a name given on the command line.
func oneLine(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", errors.New("the name is empty")
	case !utf8.ValidString(s):
		return "", fmt.Errorf("%q is not valid UTF-8", s)
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }):
		return "", fmt.Errorf("%q has a line break or control character; a name is one line", s)
	}
	return s, nil
}

// shortSlug is the slug of a name, cut at a '-' to at most 80 bytes so
// that a long title still makes a file name.
func shortSlug(name string) string {
	s := content.Slug(name)
	if len(s) <= 80 {
		return s
	}
	s = s[:80] // a slug is ASCII
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		s = s[:i]
	}
	return s
}

// splitList splits a comma-separated flag value, trimming each item and the
// prefix cut (like "#" for tags) and dropping empty ones.
func splitList(s, cut string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		x = strings.TrimSpace(x)
		if cut != "" {
			x = strings.TrimSpace(strings.TrimPrefix(x, cut))
		}
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// edit opens a file in the user's editor: $VISUAL, then $EDITOR, else vi.
// The variable may hold arguments, like "code --wait".
func edit(ctx context.Context, env Env, file string) error {
	editor := strings.Fields(env.Getenv("VISUAL"))
	if len(editor) == 0 {
		editor = strings.Fields(env.Getenv("EDITOR"))
	}
	if len(editor) == 0 {
		editor = []string{"vi"}
	}
	run := env.Exec
	if run == nil {
		run = execAttached
	}
	if err := run(ctx, editor[0], append(editor[1:], file)...); err != nil {
		return fmt.Errorf("editor %s: %w (the note was made: %s)", editor[0], err, file)
	}
	return nil
}

// execAttached runs a program on the process's own terminal and waits.
func execAttached(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd.Run()
}
