package search

import (
	"encoding/gob"
	"fmt"
	"io"
)

// storeVersion changes whenever the stored form or the rules that made it
// change, so that an old stored index is rebuilt, not misread.
const storeVersion = 1

// stored is the form Write and Read use.
type stored struct {
	Version int
	Stamp   string
	Docs    []Doc
	Start   map[string]int
	States  map[string][]int32
	Terms   map[string][]Posting
	Keys    []string
}

// Write stores the index with a stamp that says what it was built from
// (kith find keeps one to answer without reading the journal).
func (ix *Index) Write(w io.Writer, stamp string) error {
	return gob.NewEncoder(w).Encode(stored{storeVersion, stamp, ix.Docs, ix.Start, ix.States, ix.Terms, ix.Keys})
}

// Read loads an index stored by Write; it fails if it was stored with
// another stamp or by another version of kith.
func Read(r io.Reader, stamp string) (*Index, error) {
	var s stored
	if err := gob.NewDecoder(r).Decode(&s); err != nil {
		return nil, err
	}
	if s.Version != storeVersion || s.Stamp != stamp {
		return nil, fmt.Errorf("stored index is out of date")
	}
	ix := &Index{Docs: s.Docs, Start: s.Start, States: s.States, Terms: s.Terms, Keys: s.Keys}
	ix.group()
	return ix, nil
}
