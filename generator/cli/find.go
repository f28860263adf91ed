package cli

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"kith/generator/mapfile"
	"kith/generator/search"
	"kith/generator/site"
)

// found is the JSON shape of `kith find --json`.
type found struct {
	Query   string        `json:"query"`
	Results []foundResult `json:"results"`
}

type foundResult struct {
	Kind    string `json:"kind"`
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Field   string `json:"field"`
	Snippet string `json:"snippet"`
}

// kindHeadings are the headings of the groups of results, by kind.
var kindHeadings = map[string]string{"person": "People", "entry": "Entries", "event": "Events", "org": "Organisations", "tag": "Tags"}

func runFind(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "find")
	var jf journalFlags
	jf.register(fs, true)
	var asJSON, noCache bool
	fs.BoolVar(&asJSON, "json", false, "print JSON instead of text")
	fs.BoolVar(&noCache, "no-cache", false, "read the journal even if a stored index is up to date, and store none")
	limit := -1
	fs.IntVar(&limit, "limit", -1, "show at most `N` results of each kind, 0 for all (default 20, all with --json)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fmt.Fprintln(env.Stderr, "kith find: give a query, such as: kith find oolong, kith find org:lumen tag:mentor")
		return errUsage
	}
	query := strings.Join(pos, " ")
	opt, err := jf.options(env)
	if err != nil {
		return err
	}
	ix, err := findIndex(ctx, env, opt, jf.source, noCache)
	if err != nil {
		return err
	}
	if limit < 0 {
		limit = 20
		if asJSON {
			limit = 0
		}
	}
	q := search.Parse(query)
	all := ix.Find(q)
	// Snippets cost most: make them for the results shown only.
	var rs []search.Result
	more := map[string]int{}
	perKind := map[string]int{}
	for _, r := range all {
		k := ix.Kind(r.Doc)
		if perKind[k]++; limit > 0 && perKind[k] > limit {
			more[k]++
			continue
		}
		rs = append(rs, r)
	}
	ix.Snippets(q, rs)
	out := found{Query: query, Results: []foundResult{}}
	for _, r := range rs {
		d := ix.Doc(r.Doc)
		out.Results = append(out.Results, foundResult{Kind: d.Kind, Slug: d.Slug, Title: d.Title, URL: d.URL, Field: r.Field, Snippet: search.Text(r.Snippet)})
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	w := bufio.NewWriter(env.Stdout)
	kind := ""
	for i, r := range out.Results {
		if r.Kind != kind {
			if kind != "" {
				fmt.Fprintln(w)
			}
			kind = r.Kind
			fmt.Fprintf(w, "%s (%d)\n", kindHeadings[kind], perKind[kind])
		}
		fmt.Fprintf(w, "  %s  (%s)\n    %s: %s\n", r.Title, r.URL, r.Field, r.Snippet)
		if n := more[kind]; n > 0 && (i+1 == len(out.Results) || out.Results[i+1].Kind != kind) {
			fmt.Fprintf(w, "  and %d more (--limit 0 shows all)\n", n)
		}
	}
	if len(out.Results) == 0 {
		fmt.Fprintf(w, "nothing found for %q\n", query)
	}
	return w.Flush()
}

// findIndex returns the search index of the journal: the one stored by
// the last kith find if no file has changed since, else a new one, which
// it stores (in the user's cache folder, readable by the user only) for
// next time. Reading 20,000 notes takes seconds; a stored index, a tenth.
func findIndex(ctx context.Context, env Env, opt site.Options, source string, noCache bool) (*search.Index, error) {
	stamp, err := journalStamp(opt, source)
	if err != nil {
		return nil, err
	}
	cache := ""
	if !noCache {
		cache = cachePath(env, source)
	}
	if cache != "" {
		// The file stays open until kith exits: the index reads from it.
		if f, err := os.Open(cache); err == nil {
			if st, err := f.Stat(); err == nil {
				if ix, err := search.Read(f, st.Size(), stamp); err == nil {
					return ix, nil
				}
			}
			f.Close()
		}
	}
	j, err := loadValidJournal(ctx, env, opt)
	if err != nil {
		return nil, err
	}
	ix := search.Build(j, nil)
	if cache != "" {
		// A cache that cannot be written only makes the next find slower.
		_ = writeCache(cache, ix, stamp)
	}
	return ix, nil
}

// journalStamp names everything an index depends on: each file's path,
// size and modification time, the day and the drafts flag. (Reading the
// files' details on several goroutines was tried: on two busy CPUs it
// cost more than it saved.)
func journalStamp(opt site.Options, source string) (string, error) {
	h := sha256.New()
	b := fmt.Appendf(nil, "%s\x00%v\x00", opt.Today, opt.Drafts)
	for _, root := range []string{"kith.yaml", "content"} {
		err := fs.WalkDir(opt.Journal, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root && errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			b = stampLine(b, p, info.Size(), info.ModTime().UnixNano())
			if len(b) > 32<<10 {
				h.Write(b)
				b = b[:0]
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// stampLine appends a file's part of the journal's stamp.
func stampLine(b []byte, p string, size, mtime int64) []byte {
	b = append(b, p...)
	b = append(b, 0)
	b = strconv.AppendInt(b, size, 10)
	b = append(b, 0)
	b = strconv.AppendInt(b, mtime, 10)
	return append(b, 0)
}

// cachePath returns where the index of the journal in source is stored:
// in the user's cache folder (userCache), one file per journal folder.
func cachePath(env Env, source string) string { return userCache(env, source, "find-", ".idx") }

// writeCache stores the index beside its final name and renames it over
// the older one, so that a reader sees one whole index or the other.
func writeCache(path string, ix *search.Index, stamp string) error {
	return mapfile.Write(path, func(f io.Writer) error {
		w := bufio.NewWriter(f)
		if err := ix.Write(w, stamp); err != nil {
			return err
		}
		return w.Flush()
	})
}
