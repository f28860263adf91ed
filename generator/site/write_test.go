package site

import (
	"bytes"
	"context"
	"errors"

	"kith/generator/output"
)

// built is what Build made, for the tests of this package.
type built struct {
	Site  *Site
	Files int
}

// Build reads the journal, renders every file and swaps the site in at
// dest, for the tests of this package, which cannot import generator/build
// (it imports this package): that is the pipeline's one entry point
// (build.Run), and its tests check that it writes what this writes.
func Build(ctx context.Context, opt Options, dest string, protect ...string) (built, error) {
	s, _, err := Load(ctx, opt)
	if err != nil {
		return built{}, err
	}
	d, err := output.Open(dest, output.Options{Protect: protect})
	if err != nil {
		return built{}, err
	}
	var buf bytes.Buffer
	var errs []error
	for _, name := range s.Files() {
		buf.Reset()
		err := s.Render(&buf, name)
		if err == nil {
			err = d.Write(name, buf.Bytes())
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		d.Abort()
		return built{}, err
	}
	if err := d.Commit(); err != nil {
		d.Abort()
		return built{}, err
	}
	return built{Site: s, Files: len(s.Files())}, nil
}
