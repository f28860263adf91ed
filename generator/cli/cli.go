// Package cli is kith's command layer: it parses flags, runs commands, and
// is the only package that prints or decides the exit code.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"golang.org/x/term"

	"kith/generator/content"
)

// Version is kith's version, printed by `kith version`.
const Version = "0.1.0"

// Env is what a command may use from the outside world. Tests fill it in.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
	IsTerminal     bool // stdin is a terminal (for passphrase prompts)
	// Exec runs a program with the terminal attached (kith new --edit runs
	// the editor); nil runs it for real.
	Exec func(ctx context.Context, name string, args ...string) error
}

// Run runs kith with the process's real environment and returns the exit
// code. Ctrl-C cancels the running command.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, Now: time.Now, IsTerminal: isTerminal(stdin)}
	return Main(ctx, env, args)
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// command is one kith subcommand.
type command struct {
	name, args, summary string
	hidden              bool
	run                 func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{name: "build", args: "[-s SOURCE] [-d DEST] [--now DATE] [--drafts] [--encrypt]", summary: "compile the journal into a site", run: runBuild},
		{name: "serve", args: "[-s SOURCE] [--bind 127.0.0.1] [--port 1313] [--drafts] [--now DATE] [--open] [--poll]", summary: "preview the site while you write: live reload on every save", run: runServe},
		{name: "check", args: "[-s SOURCE] [--drafts]", summary: "report every problem in the journal", run: runCheck},
		{name: "agenda", args: "[-s SOURCE] [--now DATE] [--json]", summary: "today's briefing: whom to thank, follow-ups, upcoming", run: runAgenda},
		{name: "find", args: "QUERY [-s SOURCE] [--now DATE] [--json]", summary: "search people, entries, events, orgs and tags (same query syntax as the site)", run: runFind},
		{name: "publish", args: "[-s SOURCE] [--plaintext] [--dry-run] [--encrypt] DEST", summary: "build and copy the site to a folder or an rsync target (user@host:path)", run: runPublish},
		{name: "rekey", args: "[-s SOURCE] [--new-key]", summary: "change the passphrase of an encrypted site", run: runRekey},
		{name: "init", args: "[DIR]", summary: "start a new journal", run: runInit},
		{name: "new", args: "person|entry|event NAME [-s SOURCE] [flags] [--edit]", summary: "start a note from an archetype (never overwrites)", run: runNew},
		{name: "import", args: "linkedin|vcard FILE [-s SOURCE] [--update] [--dry-run]", summary: "add people from a LinkedIn or vCard export (never overwrites)", run: runImport},
		{name: "calendar", args: "[-s SOURCE] [-o FILE] [--now DATE] [--drafts]", summary: "write the calendar feed (calendar.ics) for use on this computer", run: runCalendar},
		{name: "version", summary: "print kith's version", run: runVersion},
		{name: "help", args: "[COMMAND]", summary: "show help", run: nil},
		{name: "synth", args: "DIR [--people N] [--entries N] [--events N] [--seed N]", summary: "write a synthetic journal for benchmarks", hidden: true, run: runSynth},
	}
}

// exitError carries an exit code other than 1 through an error.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// reported marks an error whose details were already printed.
var errReported = errors.New("reported")

// Main runs one kith command line and returns the exit code.
func Main(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 {
		usage(env.Stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] && c.run != nil {
					return Main(ctx, env, []string{c.name, "-h"})
				}
			}
		}
		usage(env.Stdout)
		return 0
	}
	if name == "-v" || name == "--version" {
		name = "version"
	}
	for _, c := range commands() {
		if c.name != name || c.run == nil {
			continue
		}
		err := c.run(ctx, env, args[1:])
		var ee exitError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ee):
			return ee.code
		case errors.Is(err, errReported):
			return 1
		case errors.Is(err, errUsage):
			return 2
		}
		fmt.Fprintf(env.Stderr, "kith %s: %v\n", name, err)
		return 1
	}
	fmt.Fprintf(env.Stderr, "kith: unknown command %q", name)
	var names []string
	for _, c := range commands() {
		if !c.hidden {
			names = append(names, c.name)
		}
	}
	if s := content.Suggest(name, names); s != "" {
		fmt.Fprintf(env.Stderr, "; did you mean %q?", s)
	}
	fmt.Fprintln(env.Stderr, "\nRun 'kith help' to see the commands.")
	return 2
}

var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "kith compiles a personal networking journal into a private, browsable site.")
	fmt.Fprintln(w, "\nUsage:\n  kith COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		if c.hidden {
			continue
		}
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'kith COMMAND -h' for a command's flags. Docs: docs/ in the kith repository.")
}

// flags makes a flag set for a command that prints its help to stdout on -h
// and its errors to stderr.
func flags(env Env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("kith "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	var args, summary string
	for _, c := range commands() {
		if c.name == name {
			args, summary = c.args, c.summary
		}
	}
	fs.Usage = func() {
		fmt.Fprintf(env.Stdout, "kith %s: %s\n\nUsage:\n  kith %s %s\n\nFlags:\n", name, summary, name, args)
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(env.Stderr)
	}
	return fs
}

// parse parses flags, allowing them before and after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// today decides the day a command sees the journal from: --now, then
// KITH_NOW, then the clock.
func today(env Env, flagValue string) (content.Date, error) {
	s := flagValue
	from := "--now"
	if s == "" {
		s, from = env.Getenv("KITH_NOW"), "KITH_NOW"
	}
	if s == "" {
		return content.DateOf(env.Now()), nil
	}
	d, err := content.ParseDate(s)
	if err != nil {
		return content.Date{}, fmt.Errorf("%s: %w", from, err)
	}
	return d, nil
}

// printProblems prints problems as "path:line: message", sorted, and a count.
func printProblems(w io.Writer, ps content.Problems) {
	ps.Sort()
	for _, p := range ps {
		fmt.Fprintln(w, p.Error())
	}
}

func countLine(ps content.Problems) string {
	e, w := len(ps.Errors()), len(ps.Warnings())
	var parts []string
	if e > 0 {
		parts = append(parts, plural(e, "error", "errors"))
	}
	if w > 0 {
		parts = append(parts, plural(w, "warning", "warnings"))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func runVersion(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "version")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "kith %s\n", Version)
	return nil
}
