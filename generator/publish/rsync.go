package publish

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"kith/generator/build"
	"kith/generator/output"
	"kith/generator/site"
)

// ErrNoRsync is returned when publishing to an rsync target and rsync is
// not installed.
var ErrNoRsync = errors.New("rsync is not installed: publishing to host:path needs it on this computer and on the host " +
	"(Debian or Ubuntu: apt install rsync; macOS: brew install rsync), or publish to a local folder")

// rsyncProgram finds rsync.
func rsyncProgram(opt Options) (string, error) {
	prog := opt.Rsync
	if prog == "" {
		prog = "rsync"
	}
	prog, err := exec.LookPath(prog)
	if err != nil {
		return "", ErrNoRsync
	}
	return prog, nil
}

// publishRsync builds the site into a temporary folder and syncs it to the
// target with rsync. Files at the target that kith did not write are kept:
// rsync may delete only the files and folders that the target's manifest
// (output.Manifest) says kith wrote, by filter rules that risk those and
// protect everything else.
func publishRsync(ctx context.Context, s *site.Site, opt Options) (Summary, error) {
	prog, err := rsyncProgram(opt)
	if err != nil {
		return Summary{}, err
	}
	tmp, err := os.MkdirTemp(opt.TempDir, "kith-publish-*")
	if err != nil {
		return Summary{}, err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "site")
	res, err := build.Run(ctx, build.Options{Linked: s, Site: site.Options{Workers: opt.Workers}, Dest: src})
	if err != nil {
		return Summary{}, err
	}
	if err := os.Chmod(src, 0o755); err != nil { // rsync -a copies the folder's mode too
		return Summary{}, err
	}
	target, err := listTarget(ctx, prog, opt.Dest)
	if err != nil {
		return Summary{}, err
	}
	var manifest []string
	hasManifest := target.paths[output.Manifest]
	if hasManifest {
		if manifest, err = fetchManifest(ctx, prog, opt.Dest, tmp); err != nil {
			return Summary{}, err
		}
	}
	plan, err := output.PlanKeep(target.list, manifest, hasManifest, append(slices.Clone(s.Files()), output.Manifest, output.Sums))
	var ce *output.ConflictError
	if errors.As(err, &ce) {
		ce.Dest = opt.Dest
	}
	if err != nil {
		return Summary{}, err
	}
	rules := filepath.Join(tmp, "filter")
	if err := os.WriteFile(rules, filterRules(plan.Own), 0o600); err != nil {
		return Summary{}, err
	}
	sum, err := runRsync(ctx, prog, src, opt.Dest, rules, opt.DryRun)
	if err != nil {
		return Summary{}, err
	}
	sum.Dest, sum.Remote, sum.DryRun, sum.Files, sum.Kept = opt.Dest, true, opt.DryRun, res.Files+2, plan.Keep // +2: the manifest and the record
	return sum, nil
}

// filterRules returns an rsync merge file that lets --delete remove only
// own (slash paths of the target, a folder ending in "/"), the files and
// folders kith wrote there, and protects everything else. A name rsync
// could not match exactly (a newline in it) gets no rule, so it is kept.
func filterRules(own []string) []byte {
	var b bytes.Buffer
	for _, p := range own {
		if strings.ContainsAny(p, "\n\r") {
			continue
		}
		if strings.ContainsAny(p, "*?[") {
			// rsync reads a backslash as an escape only in a pattern with a wildcard.
			p = strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(p)
		}
		b.WriteString("R /" + p + "\n")
	}
	b.WriteString("P *\n")
	return b.Bytes()
}

// fetchManifest copies the target's manifest into dir and reads it.
func fetchManifest(ctx context.Context, prog, dest, dir string) ([]string, error) {
	local := filepath.Join(dir, "old-manifest")
	if _, err := run(ctx, prog, "--no-links", "--", remoteJoin(dest, output.Manifest), local); err != nil {
		return nil, err
	}
	f, err := os.Open(local)
	if errors.Is(err, fs.ErrNotExist) { // rsync skipped it: a link or a folder
		return nil, fmt.Errorf("%s: not a plain file; kith cannot tell which files it wrote there. Move it away and publish again", remoteJoin(dest, output.Manifest))
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return output.ParseManifest(f)
}

// remoteJoin appends a slash path to an rsync target.
func remoteJoin(dest, p string) string {
	if strings.HasSuffix(dest, "/") || strings.HasSuffix(dest, ":") {
		return dest + p
	}
	return dest + "/" + p
}

// runRsync makes dest a copy of the folder src with rsync: files are
// compared by checksum, only changed ones are sent, and files src does not
// have are deleted, except those the merge file rules ("" for none)
// protects. The summary comes from rsync's itemized changes, with the
// sizes of the files in src.
func runRsync(ctx context.Context, prog, src, dest, rules string, dryRun bool) (Summary, error) {
	args := []string{"-a", "--delete", "--checksum", "--itemize-changes"}
	if rules != "" {
		args = append(args, "--filter=. "+rules)
	}
	if dryRun {
		args = append(args, "--dry-run")
	}
	args = append(args, "--", strings.TrimSuffix(src, string(filepath.Separator))+string(filepath.Separator), dest)
	out, err := run(ctx, prog, args...)
	if err != nil {
		return Summary{}, err
	}
	sum := parseItemized(out)
	for _, p := range slices.Concat(sum.Added, sum.Changed) {
		st, err := os.Stat(filepath.Join(src, filepath.FromSlash(p)))
		if err != nil {
			return Summary{}, fmt.Errorf("rsync reported %s: %w", p, err)
		}
		sum.Bytes += st.Size()
	}
	return sum, nil
}

// run runs rsync and returns its standard output; a failure carries the
// end of its standard error.
func run(ctx context.Context, prog string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = withoutPassphrases(os.Environ())
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = "…" + msg[len(msg)-2000:]
		}
		return stdout.Bytes(), &RsyncError{Args: args, Err: err, Stderr: msg}
	}
	return stdout.Bytes(), nil
}

// RsyncError is a failed run of rsync.
type RsyncError struct {
	Args   []string
	Err    error  // usually an *exec.ExitError
	Stderr string // the end of what rsync printed on standard error
}

func (e *RsyncError) Error() string {
	msg := fmt.Sprintf("rsync %s: %v", strings.Join(e.Args, " "), e.Err)
	if e.Stderr != "" {
		msg += ": " + e.Stderr
	}
	return msg
}

func (e *RsyncError) Unwrap() error { return e.Err }

// parseItemized reads the output of rsync --itemize-changes: a line is
// "YXcstpoguax path" (Y: < or > for a file sent, c for a local change, .
// for attributes only; X: f for a file, d for a folder) or
// "*deleting   path". Folders are left out of the summary.
func parseItemized(out []byte) Summary {
	var s Summary
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "*deleting "); ok {
			if p = strings.TrimLeft(p, " "); p != "" && !strings.HasSuffix(p, "/") {
				s.Removed = append(s.Removed, p)
			}
			continue
		}
		if len(line) < 13 || line[11] != ' ' || line[1] != 'f' {
			continue
		}
		code, p := line[:11], line[12:]
		switch {
		case code[0] != '<' && code[0] != '>':
			// attributes only, or a hard link: nothing sent
		case strings.Trim(code[2:], "+") == "":
			s.Added = append(s.Added, p)
		default:
			s.Changed = append(s.Changed, p)
		}
	}
	sort.Strings(s.Added)
	sort.Strings(s.Changed)
	sort.Strings(s.Removed)
	return s
}

// listRe matches a line of rsync --list-only: mode, size, date, time, name.
var listRe = regexp.MustCompile(`^(\S)\S{9}\s+[\d,.]+\s+\d{4}/\d\d/\d\d\s+\d\d:\d\d:\d\d\s+(.+)$`)

// target is what an rsync target holds, as listed by listTarget.
type target struct {
	paths    map[string]bool           // every file and folder, by slash path
	children map[string][]output.Entry // the entries of each folder, "." for the top
}

// list returns the entries of a folder, for output.PlanKeep.
func (t target) list(dir string) ([]output.Entry, error) { return t.children[dir], nil }

// listTarget lists an rsync target, folders inside folders whose names
// start with a dot (such as .git) left out, since kith writes no such
// name. It refuses a target that holds something other than a kith site,
// as output.Begin refuses such a local folder. A target that does not exist
// yet is empty.
func listTarget(ctx context.Context, prog, dest string) (target, error) {
	t := target{paths: map[string]bool{}, children: map[string][]output.Entry{}}
	dir := dest
	if !strings.HasSuffix(dir, "/") && !strings.HasSuffix(dir, ":") {
		dir += "/" // list the folder's contents, not the folder
	}
	out, err := run(ctx, prog, "--list-only", "--recursive", "--filter=- .*/*", "--", dir)
	var re *RsyncError
	if errors.As(err, &re) && strings.Contains(re.Stderr, "No such file or directory") {
		return t, nil
	}
	if err != nil {
		return target{}, err
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		m := listRe.FindStringSubmatch(line)
		if m == nil || m[2] == "." {
			continue
		}
		name := m[2]
		if m[1] == "l" {
			name, _, _ = strings.Cut(name, " -> ")
		}
		t.paths[name] = true
		parent := path.Dir(name)
		t.children[parent] = append(t.children[parent], output.Entry{Name: path.Base(name), Dir: m[1] == "d"})
	}
	if len(t.children["."]) == 0 || slices.Contains(t.children["."], output.Entry{Name: output.Marker, Dir: true}) {
		return t, nil
	}
	return target{}, fmt.Errorf("%s: %w (no %s folder), so kith will not replace it; choose another path or empty it", dest, output.ErrNotKithSite, output.Marker)
}

// withoutPassphrases drops KITH_PASSWORD and KITH_NEW_PASSWORD from an
// environment, so that neither rsync nor the ssh it starts ever holds them.
func withoutPassphrases(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if !strings.HasPrefix(kv, "KITH_PASSWORD=") && !strings.HasPrefix(kv, "KITH_NEW_PASSWORD=") {
			out = append(out, kv)
		}
	}
	return out
}
