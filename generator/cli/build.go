package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"kith/generator/build"
	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/output"
	"kith/generator/publish"
	"kith/generator/site"
	"kith/templates"
)

// journalFlags are the flags every command that reads a journal shares.
type journalFlags struct {
	source, now string
	drafts      bool
}

func (j *journalFlags) register(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}, withNow bool) {
	fs.StringVar(&j.source, "s", ".", "the journal `folder` (with kith.yaml and content/)")
	fs.StringVar(&j.source, "source", ".", "same as -s")
	fs.BoolVar(&j.drafts, "drafts", false, "include notes marked draft: true")
	if withNow {
		fs.StringVar(&j.now, "now", "", "treat `YYYY-MM-DD` as today (default: KITH_NOW, else the clock)")
	}
}

// options turns the flags into site options.
func (j *journalFlags) options(env Env) (site.Options, error) {
	day, err := today(env, j.now)
	if err != nil {
		return site.Options{}, err
	}
	st, err := os.Stat(j.source)
	if err != nil {
		return site.Options{}, fmt.Errorf("journal folder: %w", err)
	}
	if !st.IsDir() {
		return site.Options{}, fmt.Errorf("%s is not a folder", j.source)
	}
	return site.Options{Journal: os.DirFS(j.source), Theme: templates.FS(), Today: day, Drafts: j.drafts}, nil
}

// loadJournal reads and links the journal without laying out a site, for
// commands that only need the model.
func loadJournal(ctx context.Context, opt site.Options) (*journal.Journal, error) {
	set, err := content.Load(ctx, opt.Journal)
	if err != nil {
		return nil, err
	}
	return journal.Build(set, journal.Options{Today: opt.Today, Drafts: opt.Drafts}), nil
}

// loadValidJournal is loadJournal for commands that cannot go on with
// errors in the journal: it prints them and fails.
func loadValidJournal(ctx context.Context, env Env, opt site.Options) (*journal.Journal, error) {
	j, err := loadJournal(ctx, opt)
	if err != nil {
		return nil, err
	}
	if errs := j.Problems.Errors(); len(errs) > 0 {
		return nil, reportLoad(env, errs)
	}
	return j, nil
}

// reportLoad prints journal problems; it returns errReported when there
// were errors, so the command fails without printing them twice.
func reportLoad(env Env, err error) error {
	var ps content.Problems
	if errors.As(err, &ps) {
		printProblems(env.Stderr, ps)
		fmt.Fprintf(env.Stderr, "%s; nothing was written. Fix them and run again (kith check lists them too).\n", countLine(ps))
		return errReported
	}
	return err
}

func runBuild(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "build")
	var jf journalFlags
	jf.register(fs, true)
	var dest string
	fs.StringVar(&dest, "d", "", "the output `folder` (default SOURCE/public)")
	fs.StringVar(&dest, "dest", "", "same as -d")
	var encrypt bool
	fs.BoolVar(&encrypt, "encrypt", false, "encrypt the site, as encrypt: true in kith.yaml does (passphrase from KITH_PASSWORD or a prompt)")
	var cpuProfile string
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile to `FILE` (for kith's developers)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if cpuProfile != "" {
		stop, err := startProfile(cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	tuneGC(env)
	start := env.Now()
	opt, err := jf.options(env)
	if err != nil {
		return err
	}
	// The journal's own public/ keeps the replaced site as a spare that the
	// next build overwrites (output.Options.Spare); a folder given with -d
	// may be one a web server serves, so nothing is left beside it.
	spare := dest == ""
	if dest == "" {
		dest = filepath.Join(jf.source, "public")
	}
	// Refuse a wrong destination before asking for a passphrase or making a key.
	if err := output.Check(dest, jf.source); err != nil {
		return fmt.Errorf("%w (with -d)", err)
	}
	res, err := build.Run(ctx, build.Options{Site: opt, Key: siteKey(env, jf.source, encrypt), Generator: generatorID, Dest: dest,
		Cache: inputsCache(env, jf.source), Parsed: parsedCache(env, jf.source),
		Search: userCache(env, jf.source, "search-", ".idx"), Now: env.Now,
		Output: output.Options{Protect: []string{jf.source}, Spare: spare, Incremental: true}})
	if errors.Is(err, output.ErrNotKithSite) || errors.Is(err, output.ErrContainsJournal) {
		return fmt.Errorf("%w (with -d)", err)
	}
	if err != nil {
		return reportLoad(env, err)
	}
	took := env.Now().Sub(start).Round(time.Millisecond)
	if res.Unchanged {
		fmt.Fprintf(env.Stdout, "nothing changed since the last build: %s is up to date (checked in %s)\n", dest, took)
		return nil
	}
	s := res.Site
	if ws := s.J.Problems.Warnings(); len(ws) > 0 {
		printProblems(env.Stderr, ws)
	}
	if res.Whole != "" {
		fmt.Fprintf(env.Stderr, "writing the whole site: %s\n", res.Whole)
	}
	fmt.Fprintf(env.Stdout, "built %d pages (%s, %s, %s) into %s in %s\n",
		s.Pages(), plural(len(s.J.People), "person", "people"), plural(len(s.J.Entries), "entry", "entries"),
		plural(len(s.J.Events), "event", "events"), dest, took)
	if res.Updated {
		c := res.Changes
		fmt.Fprintf(env.Stdout, "wrote only what changed: %d added, %d changed, %d removed of %d files\n", len(c.Added), len(c.Changed), len(c.Removed), res.Files)
		switch {
		case res.RenderedAll != "":
			fmt.Fprintf(env.Stdout, "rendered every page: %s\n", res.RenderedAll)
		case res.Unrendered > 0:
			fmt.Fprintf(env.Stdout, "rendered %d of %d pages; the others could not have changed\n", s.Pages()-res.Unrendered, s.Pages())
		}
		if why := s.SearchWhole(); why != "" {
			fmt.Fprintf(env.Stdout, "indexed every note for search: %s\n", why)
		}
	}
	printKept(env.Stdout, "kept", res.Kept)
	if s.Encrypted() {
		fmt.Fprintln(env.Stdout, "the site is encrypted: every page opens with the passphrase, over HTTPS or from localhost")
	}
	return nil
}

// siteKey returns the function build.Run asks for the site's key once
// kith.yaml is read: nil for a plaintext site; for an encrypted one (with
// --encrypt or encrypt: true) the journal's key, unwrapped with the
// passphrase, or a new key made and wrapped the first time.
func siteKey(env Env, source string, encrypt bool) func(content.Config) (*site.Encryption, error) {
	return func(cfg content.Config) (*site.Encryption, error) {
		if !encrypt && !cfg.Encrypt {
			return nil, nil
		}
		keyPath := filepath.Join(source, filepath.FromSlash(publish.KeyFile))
		_, statErr := os.Stat(keyPath)
		first := errors.Is(statErr, os.ErrNotExist)
		prompt := "Passphrase: "
		if first {
			prompt = "Passphrase for the new encrypted site: "
		}
		pass, err := newPrompter(env).secret(passwordVar, prompt, first)
		if err != nil {
			return nil, err
		}
		enc, created, err := publish.Encryption(source, pass, keyOptions(env))
		if err != nil {
			return nil, err
		}
		if created {
			warnWeak(env, pass)
			fmt.Fprintf(env.Stderr, "made a new site key in %s, wrapped by your passphrase; later builds reuse it. Keep the passphrase: without it the site cannot be opened or rebuilt with the same key.\n", keyPath)
		}
		return enc, nil
	}
}

// inputsCache returns the file where the hashes of a journal's files are
// kept between builds (build.Options.Cache), in the user's cache folder
// (userCache). "" (no cache, every build reads every file) when there is
// no such folder.
func inputsCache(env Env, source string) string { return userCache(env, source, "inputs-", ".bin") }

// parsedCache returns the file where a journal's notes are kept parsed
// between builds (build.Options.Parsed), beside inputsCache.
func parsedCache(env Env, source string) string { return userCache(env, source, "notes-", ".bin") }

// userCache returns the file of the user's cache folder ($XDG_CACHE_HOME,
// else ~/.cache; %LocalAppData% on Windows) that kith keeps for the journal
// in source: kith/<prefix><a hash of the journal's real path><ext>. "" when
// there is no such folder. A relative $XDG_CACHE_HOME is ignored, as the XDG
// Base Directory specification asks (it would name a different folder in
// every working directory), not taken to mean no cache.
func userCache(env Env, source, prefix, ext string) string {
	dir := env.Getenv("XDG_CACHE_HOME")
	if !filepath.IsAbs(dir) {
		dir = ""
	}
	if dir == "" && runtime.GOOS == "windows" {
		dir = env.Getenv("LocalAppData")
	}
	if dir == "" {
		if home := env.Getenv("HOME"); home != "" {
			dir = filepath.Join(home, ".cache")
		}
	}
	abs, err := filepath.Abs(source)
	if dir == "" || !filepath.IsAbs(dir) || err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, "kith", prefix+hex.EncodeToString(sum[:12])+ext)
}

// generatorID names this program for the record of a build's inputs and
// the keys of the caches, so that another kith (other code, another theme)
// never takes a site for up to date: the Go build ID the linker writes at
// the start of the executable (a hash of the rest of it: goBuildID) with
// the executable's size, or, where it has none, the SHA-256 of the whole
// executable (reading and hashing its 19 MB cost every build about 20 ms
// of CPU). "" when it cannot be read.
func generatorID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ""
	}
	head := make([]byte, buildIDHead)
	n, _ := io.ReadFull(f, head)
	if id := goBuildID(head[:n]); id != "" {
		return fmt.Sprintf("go-build-id:%s:%d", id, st.Size())
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ""
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// buildIDHead is how much of the executable goBuildID looks at: the Go
// linker puts the note first in the text segment, within its first pages
// (cmd/internal/buildid reads as much).
const buildIDHead = 32 << 10

// goBuildID returns the Go build ID of a little-endian ELF executable from
// its first bytes: the description of the note named "Go" of type 4 (4
// bytes of name size, 4 of description size, 4 of type, the name padded
// to 4, then the description). "" when there is none, or it is empty or
// not printable.
func goBuildID(head []byte) string {
	if !bytes.HasPrefix(head, []byte("\x7fELF")) || len(head) < 6 || head[5] != 1 { // 1: little-endian
		return ""
	}
	tag := []byte("\x04\x00\x00\x00Go\x00\x00") // the type, then the name
	for off := 0; off < len(head); {
		i := bytes.Index(head[off:], tag)
		if i < 0 {
			return ""
		}
		i += off
		off = i + 1
		if i < 8 || binary.LittleEndian.Uint32(head[i-8:]) != 4 {
			continue
		}
		n, at := int(binary.LittleEndian.Uint32(head[i-4:])), i+len(tag)
		if n == 0 || n > 256 || at+n > len(head) {
			continue
		}
		id := head[at : at+n]
		if bytes.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r > '~' }) {
			continue
		}
		return string(id)
	}
	return ""
}

func runCheck(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "check")
	var jf journalFlags
	jf.register(fs, true)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	opt, err := jf.options(env)
	if err != nil {
		return err
	}
	set, err := content.Load(ctx, opt.Journal)
	if err != nil {
		return err
	}
	j := journal.Build(set, journal.Options{Today: opt.Today, Drafts: opt.Drafts})
	ps := append(j.Problems, site.ImageWarnings(opt.Journal, j)...)
	if _, err := site.Theme(opt); err != nil {
		ps = append(ps, content.Errorf("templates", 0, "%v", err))
	}
	printProblems(env.Stdout, ps)
	if line := set.FoldersLine(); line != "" {
		fmt.Fprintln(env.Stdout, line)
	}
	if n := len(set.Private()); n > 0 {
		fmt.Fprintf(env.Stdout, "%s marked private: true, kept out of the site\n", plural(n, "note", "notes"))
	}
	if len(ps) == 0 {
		fmt.Fprintln(env.Stdout, "no problems found")
		return nil
	}
	fmt.Fprintln(env.Stdout, countLine(ps))
	if len(ps.Errors()) > 0 {
		return errReported
	}
	return nil
}

// startProfile writes a CPU profile until the returned stop is called.
func startProfile(path string) (stop func(), err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// tuneGC trades a little memory for speed: a build allocates far more than
// it keeps, so collecting less often saves CPU, while the soft limit keeps
// peak memory within the 300 MiB kith promises. GOGC and GOMEMLIMIT set by
// the user win.
func tuneGC(env Env) {
	if env.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if env.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(240 << 20)
	}
}
