package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"kith/generator/content"
	"kith/generator/serve"
)

// runServe previews the journal: it serves the site from memory, applies
// every saved change and reloads the open pages, until Ctrl-C.
func runServe(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "serve")
	var jf journalFlags
	jf.register(fs, true)
	var bind string
	var port int
	var open, poll bool
	var allow hostList
	fs.StringVar(&bind, "bind", serve.DefaultBind, "listen on this `address`; anything but loopback shares your journal with the network")
	fs.Var(&allow, "allow-host", "also answer requests that name this `host` (repeatable), as when a proxy or a name in /etc/hosts leads to the preview")
	fs.IntVar(&port, "port", 1313, "listen on this `port`; 0 picks a free one")
	fs.BoolVar(&open, "open", false, "open the site in the default browser")
	fs.BoolVar(&poll, "poll", false, "look for changes by reading file times every 250ms, for file systems where change events do not arrive")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(bind) == "" {
		return errors.New("--bind needs an address: 127.0.0.1 (the default) lets only this computer connect, 0.0.0.0 every network it is on")
	}
	opt, err := jf.options(env)
	if err != nil {
		return err
	}
	sopt := serve.Options{
		Journal: jf.source, Theme: opt.Theme, Today: opt.Today, Drafts: opt.Drafts,
		Bind: bind, AllowHosts: allow, Port: port, Poll: poll,
		Report: func(r serve.Report) { printReport(env, r) },
	}
	if jf.now == "" && env.Getenv("KITH_NOW") == "" {
		sopt.Day = func() content.Date { return content.DateOf(env.Now()) }
	}
	if !loopback(bind) {
		fmt.Fprintf(env.Stderr, "warning: --bind %s is not a loopback address: anyone who can reach this computer can read your journal\n", bind)
	}
	srv, err := serve.New(ctx, sopt)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Serving %s at %s (Ctrl-C stops)\n", jf.source, srv.URL())
	if open {
		openBrowser(ctx, env, srv.URL())
	}
	err = srv.Serve(ctx)
	fmt.Fprintln(env.Stdout, "stopped")
	return err
}

// hostList collects the names given with --allow-host.
type hostList []string

func (l *hostList) String() string { return strings.Join(*l, ",") }

// Set adds one name; a port, a scheme or a path is refused, since the
// preview compares the Host name alone.
func (l *hostList) Set(v string) error {
	v = strings.TrimSpace(v)
	if v == "" || strings.ContainsAny(v, ":/@*[] ") {
		return fmt.Errorf("want a host name alone, like notes.lan (no port, scheme, path or wildcard)")
	}
	*l = append(*l, v)
	return nil
}

// loopback reports whether an address is reachable only from this computer.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// openBrowser asks the desktop to open url; failure only means the user
// opens it by hand. It does not wait for the launcher.
func openBrowser(ctx context.Context, env Env, url string) {
	name, args := "xdg-open", []string{url}
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler", url}
	}
	if env.Exec != nil {
		go func() { _ = env.Exec(ctx, name, args...) }() // ends when the launcher returns
		return
	}
	cmd := exec.Command(name, args...)
	if cmd.Start() == nil {
		go func() { _ = cmd.Wait() }() // ends when the launcher exits
	}
}

// printReport prints what the preview server did, one line per change, and
// the journal's problems under it.
func printReport(env Env, r serve.Report) {
	at := env.Now().Format("15:04:05")
	took := r.Took.Round(time.Millisecond)
	switch {
	case r.Err != nil:
		fmt.Fprintf(env.Stderr, "%s %v\n", at, r.Err)
		return
	case r.Paths == nil && len(r.Problems) == 0:
		fmt.Fprintf(env.Stdout, "%s loaded %s in %s\n", at, plural(r.Pages, "page", "pages"), took)
	case r.Paths == nil:
		fmt.Fprintf(env.Stdout, "%s loaded the journal in %s\n", at, took)
	case len(r.Problems) > 0:
		fmt.Fprintf(env.Stdout, "%s %s changed\n", at, changed(r.Paths))
	case r.CSS:
		fmt.Fprintf(env.Stdout, "%s %s changed: style sheets swapped in %s\n", at, changed(r.Paths), took)
	case r.Fixed:
		fmt.Fprintf(env.Stdout, "%s %s changed: fixed, %s updated in %s%s\n", at, changed(r.Paths), plural(r.Pages, "page", "pages"), took, linkedAll(r))
	default:
		fmt.Fprintf(env.Stdout, "%s %s changed: %s updated in %s%s\n", at, changed(r.Paths), plural(r.Pages, "page", "pages"), took, linkedAll(r))
	}
	printProblems(env.Stderr, r.Warnings)
	if len(r.Problems) > 0 {
		printProblems(env.Stderr, r.Problems)
		if r.Pages > 0 {
			fmt.Fprintf(env.Stderr, "%s; still serving the last good version, with the errors over every page\n", countLine(r.Problems))
		} else {
			fmt.Fprintf(env.Stderr, "%s; the pages list them until they are fixed\n", countLine(r.Problems))
		}
	}
}

// linkedAll says when a change was linked with the whole journal instead
// of only what it touched, and why.
func linkedAll(r serve.Report) string {
	if r.Full == "" {
		return ""
	}
	return " (whole journal linked: " + r.Full + ")"
}

// changed names the changed files: a few, then how many more.
func changed(paths []string) string {
	const show = 3
	switch {
	case len(paths) == 0:
		return "the day" // a new day: follow-ups and upcoming dates move
	case paths[0] == ".":
		return "the journal" // read again in full after the watcher lost events
	}
	if len(paths) <= show {
		return strings.Join(paths, ", ")
	}
	return strings.Join(paths[:show], ", ") + fmt.Sprintf(" and %d more", len(paths)-show)
}
