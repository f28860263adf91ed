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
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"kith/generator/content"
	"kith/generator/publish"
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
	// Keys, if set, replaces the real key options (crypto/rand, at least
	// crypt.MinIterations): go test -short passes few iterations.
	Keys *publish.KeyOptions
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

// Main runs one kith command line and returns the exit code. Everything a
// command prints goes through a terminalWriter, so no name from a note can
// reach the terminal as a control sequence, whichever command prints it.
func Main(ctx context.Context, env Env, args []string) int {
	stdout, stderr := &terminalWriter{w: env.Stdout}, &terminalWriter{w: env.Stderr}
	env.Stdout, env.Stderr = stdout, stderr
	defer stderr.Flush()
	defer stdout.Flush()
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
		fmt.Fprintf(env.Stderr, "kith %s: %s\n", name, printable(err.Error()))
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

// printable escapes, line by line, the control characters of text that may
// hold a file name or a name from a note (see content.Printable); every
// message that can quote such text goes through it or through
// content.Problem.Error before it is printed.
func printable(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = content.Printable(l)
	}
	return strings.Join(lines, "\n")
}

// terminalWriter passes what a command prints to w with every control
// character escaped by content.Printable, except the line breaks ("\n", and
// "\r\n" as the calendar feed writes them) and tabs that kith's own output
// uses. It holds back an incomplete UTF-8 sequence or a final "\r" until the
// next Write or Flush. It is safe for use by several goroutines, as the
// preview's log is.
type terminalWriter struct {
	mu   sync.Mutex
	w    io.Writer
	held []byte
}

// Write escapes p and writes it; it reports p as written whatever it holds back.
func (t *terminalWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.held) == 0 && plainASCII(p) {
		return t.w.Write(p) // most output: nothing to escape or hold back
	}
	data := append(t.held, p...)
	t.held = nil
	cut := len(data)
	if cut > 0 && data[cut-1] == '\r' {
		cut-- // perhaps the first half of "\r\n"
	} else {
		for i := cut - 1; i >= 0 && i >= cut-utf8.UTFMax; i-- {
			if utf8.RuneStart(data[i]) {
				if !utf8.FullRune(data[i:cut]) {
					cut = i
				}
				break
			}
		}
	}
	t.held = append([]byte(nil), data[cut:]...)
	if _, err := io.WriteString(t.w, terminalText(string(data[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// plainASCII reports whether p is printable ASCII, line breaks and tabs only.
func plainASCII(p []byte) bool {
	for _, c := range p {
		if (c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f {
			return false
		}
	}
	return true
}

// Flush writes what is held back, escaped.
func (t *terminalWriter) Flush() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.held) == 0 {
		return nil
	}
	s := content.Printable(string(t.held))
	t.held = nil
	_, err := io.WriteString(t.w, s)
	return err
}

// terminalText escapes s but for its line breaks and tabs.
func terminalText(s string) string {
	var b strings.Builder
	for s != "" {
		i := strings.IndexAny(s, "\n\t")
		if i < 0 {
			b.WriteString(content.Printable(s))
			break
		}
		seg, sep := s[:i], s[i]
		if sep == '\n' && strings.HasSuffix(seg, "\r") {
			b.WriteString(content.Printable(seg[:len(seg)-1]))
			b.WriteString("\r\n")
		} else {
			b.WriteString(content.Printable(seg))
			b.WriteByte(sep)
		}
		s = s[i+1:]
	}
	return b.String()
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
