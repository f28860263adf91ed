package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"kith/generator/contacts"
	"kith/generator/content"
)

// importFormats are the exports kith import reads, by the word that names
// them on the command line.
func importFormats() map[string]func(io.Reader, string) ([]contacts.Contact, []contacts.RowError, error) {
	return map[string]func(io.Reader, string) ([]contacts.Contact, []contacts.RowError, error){
		"linkedin": contacts.ParseLinkedIn,
		"vcard":    contacts.ParseVCard,
	}
}

func runImport(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "import")
	var source string
	var update, dryRun bool
	fs.StringVar(&source, "s", ".", "the journal `folder` (with kith.yaml and content/)")
	fs.StringVar(&source, "source", ".", "same as -s")
	fs.BoolVar(&update, "update", false, "fill fields that are empty on people who already have a note (nothing else changes)")
	fs.BoolVar(&dryRun, "dry-run", false, "print what would happen and write nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	formats := importFormats()
	if len(pos) != 2 || formats[pos[0]] == nil {
		fmt.Fprintln(env.Stderr, "kith import takes a format and a file: kith import linkedin Connections.csv, or kith import vcard contacts.vcf")
		return errUsage
	}
	parseExport, file := formats[pos[0]], pos[1]
	if err := requireJournal(source); err != nil {
		return err
	}

	f, err := os.Open(file)
	if err != nil {
		return err
	}
	found, invalid, err := parseExport(bufio.NewReaderSize(f, 64<<10), filepath.Base(file))
	f.Close()
	if err != nil {
		return fmt.Errorf("%w; nothing was imported", err)
	}
	set, err := content.Load(ctx, os.DirFS(source))
	if err != nil {
		return err
	}
	plan := contacts.NewPlan(found, invalid, knownPeople(set), contacts.PlanOptions{Update: update, Folders: set.Config.Folders})
	found, invalid, set = nil, nil, nil // the plan has what it needs; a large import frees them
	sum, applyErr := contacts.Apply(ctx, source, plan, contacts.ApplyOptions{DryRun: dryRun})

	w := bufio.NewWriter(env.Stdout)
	for _, st := range sum.Steps {
		fmt.Fprintln(w, content.Printable(st.String()))
	}
	fmt.Fprintln(w, sum)
	if err := w.Flush(); err != nil {
		return err
	}
	return applyErr
}

// knownPeople lists every person note of the journal, drafts included, as
// the importer matches them: by name, alias, slug and file name, email and
// LinkedIn URL.
func knownPeople(set *content.Set) []contacts.Known {
	var out []contacts.Known
	for p, doc := range set.Docs {
		x := doc.Person
		if x == nil {
			if set.Config.Folders.KindOf(p) == content.PersonFile {
				// A note too broken to read still holds its file name.
				out = append(out, contacts.Known{Path: p, Names: []string{content.BaseName(p), content.Slug(content.BaseName(p))}})
			}
			continue
		}
		k := contacts.Known{Path: p, Email: x.Contact.Email, LinkedIn: x.Contact.LinkedIn}
		if x.Name != "" {
			k.Names = append(k.Names, x.Name)
		}
		for _, a := range x.Aliases {
			k.Names = append(k.Names, a.Text)
		}
		k.Names = append(k.Names, x.Slug, x.Base)
		out = append(out, k)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Path < out[b].Path })
	return out
}
