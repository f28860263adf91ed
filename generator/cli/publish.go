package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"

	"kith/generator/content"
	"kith/generator/publish"
	"kith/generator/site"
)

// Where the passphrases come from when there is no terminal to ask.
const (
	passwordVar    = "KITH_PASSWORD"
	newPasswordVar = "KITH_NEW_PASSWORD"
)

// minPassphrase is the length under which kith warns that a passphrase is
// weak: key.json is public, so a guess can be checked offline.
const minPassphrase = 12

// prompter reads passphrases from the environment or, when stdin is a
// terminal, from a prompt that does not echo.
type prompter struct {
	env Env
	in  *bufio.Reader // for a terminal that is not an *os.File, as in tests
}

func newPrompter(env Env) *prompter { return &prompter{env: env} }

// secret returns the passphrase in the variable envVar or, if it is unset
// and stdin is a terminal, asks for it (twice when confirm is set). It
// fails when there is neither.
func (p *prompter) secret(envVar, prompt string, confirm bool) (string, error) {
	if s := p.env.Getenv(envVar); s != "" {
		return s, nil
	}
	if !p.canAsk() {
		return "", fmt.Errorf("no passphrase: set %s, or run kith in a terminal to be asked for it (kith never takes it from a flag or a file)", envVar)
	}
	s, err := p.ask(prompt)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", errors.New("no passphrase: an empty one cannot protect the site")
	}
	if confirm {
		again, err := p.ask("Again: ")
		if err != nil {
			return "", err
		}
		if again != s {
			return "", errors.New("the two passphrases differ; nothing was changed")
		}
	}
	return s, nil
}

// canAsk reports whether stdin is a terminal to ask on. Env.IsTerminal
// is true for any character device, /dev/null included, so a real file is
// asked again.
func (p *prompter) canAsk() bool {
	if f, ok := p.env.Stdin.(*os.File); ok {
		return term.IsTerminal(int(f.Fd()))
	}
	return p.env.IsTerminal
}

// ask prints prompt on stderr and reads one line without echo.
func (p *prompter) ask(prompt string) (string, error) {
	fmt.Fprint(p.env.Stderr, prompt)
	defer fmt.Fprintln(p.env.Stderr)
	if f, ok := p.env.Stdin.(*os.File); ok {
		b, err := term.ReadPassword(int(f.Fd()))
		if err != nil {
			return "", fmt.Errorf("reading the passphrase: %w", err)
		}
		return string(b), nil
	}
	if p.in == nil {
		p.in = bufio.NewReader(p.env.Stdin)
	}
	line, err := p.in.ReadString('\n')
	if err != nil && (!errors.Is(err, io.EOF) || line == "") {
		return "", fmt.Errorf("reading the passphrase: %w", err)
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), nil
}

// warnWeak warns about a short passphrase for a key being made.
func warnWeak(env Env, passphrase string) {
	if utf8.RuneCountInString(passphrase) < minPassphrase {
		fmt.Fprintf(env.Stderr, "warning: a passphrase shorter than %d characters can be guessed: anyone can download key.json and try guesses offline. Prefer four or more random words.\n", minPassphrase)
	}
}

// keyOptions are the real ones, crypto/rand and at least
// crypt.MinIterations, unless a test set env.Keys.
func keyOptions(env Env) publish.KeyOptions {
	if env.Keys != nil {
		return *env.Keys
	}
	return publish.KeyOptions{Rand: rand.Reader}
}

// loadSite loads the journal like site.Load and, when encrypt is set or
// kith.yaml says encrypt: true, opens (or makes) the site key with the
// passphrase so that the site is encrypted. Journal problems are printed.
func loadSite(ctx context.Context, env Env, opt site.Options, source string, encrypt bool) (*site.Site, error) {
	set, err := content.Load(ctx, opt.Journal)
	if err != nil {
		return nil, err
	}
	theme, err := site.Theme(opt)
	if err != nil {
		return nil, err
	}
	enc, err := siteKey(env, source, encrypt)(set.Config)
	if err != nil {
		return nil, err
	}
	opt.Encrypt = enc
	s, err := site.Link(set, opt, theme)
	if err != nil {
		return nil, reportLoad(env, err)
	}
	return s, nil
}

func runPublish(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "publish")
	var jf journalFlags
	jf.register(fs, true)
	var plaintext, dryRun, encrypt bool
	fs.BoolVar(&encrypt, "encrypt", false, "encrypt the site even if kith.yaml does not say encrypt: true (passphrase from "+passwordVar+" or a prompt)")
	fs.BoolVar(&plaintext, "plaintext", false, "allow publishing a site that is not encrypted (only for a host that only you can reach)")
	fs.BoolVar(&dryRun, "dry-run", false, "show what would change at DEST and change nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(env.Stderr, "kith publish: give one DEST: a folder, or an rsync target like user@host:path")
		return errUsage
	}
	opt, err := jf.options(env)
	if err != nil {
		return err
	}
	popt := publish.Options{Dest: pos[0], Plaintext: plaintext, DryRun: dryRun, Protect: []string{jf.source}}
	// Refuse a wrong destination before asking for a passphrase or making a key.
	if err := publish.CheckDest(ctx, popt); err != nil {
		return err
	}
	s, err := loadSite(ctx, env, opt, jf.source, encrypt)
	if err != nil {
		return err
	}
	if ws := s.J.Problems.Warnings(); len(ws) > 0 {
		printProblems(env.Stderr, ws)
	}
	if !s.Encrypted() && plaintext {
		fmt.Fprintln(env.Stderr, "warning: publishing a site that is not encrypted (--plaintext): every note is readable by anyone who can reach it.")
	}
	sum, err := publish.Publish(ctx, s, popt)
	if errors.Is(err, publish.ErrPlaintext) {
		fmt.Fprintf(env.Stderr, "kith publish: refusing to publish: %v\n", err)
		return errReported
	}
	if err != nil {
		return err
	}
	printSummary(env.Stdout, sum)
	return nil
}

// printSummary prints what a publish changed.
func printSummary(w io.Writer, s publish.Summary) {
	verb, keep := "published", "kept"
	if s.DryRun {
		verb, keep = "would publish", "would keep"
	}
	defer printKept(w, keep, s.Kept)
	what := "site"
	if s.Files > 0 {
		what = plural(s.Files, "file", "files")
	}
	if len(s.Added)+len(s.Changed)+len(s.Removed) == 0 {
		fmt.Fprintf(w, "%s %s to %s: nothing changed\n", verb, what, s.Dest)
		return
	}
	fmt.Fprintf(w, "%s %s to %s: %d added, %d changed, %d removed, %s sent\n",
		verb, what, s.Dest, len(s.Added), len(s.Changed), len(s.Removed), byteSize(s.Bytes))
}

// maxKeptShown is how many of the files kith did not write are named.
const maxKeptShown = 10

// printKept says, once, which files of the destination kith did not write
// and so kept: "kept 3 files kith did not write: .git/, CNAME, README.md".
func printKept(w io.Writer, verb string, kept []string) {
	if len(kept) == 0 {
		return
	}
	shown := make([]string, 0, min(len(kept), maxKeptShown))
	for _, k := range kept[:min(len(kept), maxKeptShown)] {
		shown = append(shown, printablePath(k))
	}
	more := ""
	if len(kept) > maxKeptShown {
		more = fmt.Sprintf(" and %d more", len(kept)-maxKeptShown)
	}
	fmt.Fprintf(w, "%s %s kith did not write: %s%s\n", verb, plural(len(kept), "file", "files"), strings.Join(shown, ", "), more)
}

// printablePath quotes a name that holds a control or other unprintable
// character, so that it cannot rewrite the terminal.
func printablePath(p string) string {
	for _, r := range p {
		if !unicode.IsPrint(r) {
			return strconv.Quote(p)
		}
	}
	return p
}

// byteSize formats a byte count for people.
func byteSize(n int64) string {
	switch {
	case n < 1000:
		return plural(int(n), "byte", "bytes")
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
}

func runRekey(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "rekey")
	var source string
	var newKey bool
	fs.StringVar(&source, "s", ".", "the journal `folder` (with kith.yaml and content/)")
	fs.StringVar(&source, "source", ".", "same as -s")
	fs.BoolVar(&newKey, "new-key", false, "also replace the site key: the old passphrase and keys remembered by browsers stop working, and every page changes")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		fmt.Fprintf(env.Stderr, "kith rekey: unexpected argument %q (passphrases come from %s and %s, or a prompt)\n", pos[0], passwordVar, newPasswordVar)
		return errUsage
	}
	keyPath := filepath.Join(source, filepath.FromSlash(publish.KeyFile))
	if _, err := os.Stat(keyPath); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: no site key yet; the first encrypted build (kith build --encrypt) makes one", keyPath)
		}
		return err
	}
	p := newPrompter(env)
	old, err := p.secret(passwordVar, "Current passphrase: ", false)
	if err != nil {
		return err
	}
	if _, _, err := publish.Encryption(source, old, keyOptions(env)); err != nil {
		return err // a wrong passphrase, before asking for a new one
	}
	pass, err := p.secret(newPasswordVar, "New passphrase: ", true)
	if err != nil {
		return err
	}
	if err := publish.Rekey(source, old, pass, newKey, keyOptions(env)); err != nil {
		return err
	}
	warnWeak(env, pass)
	if newKey {
		fmt.Fprintf(env.Stdout, "made a new site key in %s with the new passphrase; every page changes at the next build. Publish again to replace the site.\n", keyPath)
		return nil
	}
	fmt.Fprintf(env.Stdout, "changed the passphrase of %s; pages are unchanged. Publish again to put the new key file on the host.\n", keyPath)
	return nil
}
