package search

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vectorQueries are run by Go and, in TestBrowserVectors, by search.js on
// the sample journal's index: both must give the same results.
var vectorQueries = []string{
	"jose", "JOSÉ", "malmo", "#mentor", "oolong", "oolo", "fhir", "fhir jose", "clinicl", "pipelinnes",
	"org:lumen", "org:lumen in:entries", "is:owed", "is:owed org:lumen", "is:overdue", "expertise:fhir",
	"likes:pens", "met:2026", "in:tags mentor", "in:events", "Torvehallerne", "pepe", "d", "da", "dan",
	"health-tech", "tag:health-tech", "coffee dana", "zzqqxx", "foo:bar", "role:engineer", "location:barcelona",
	"thank", "ingrid weighting", "porfolio", "kovarova", "hana kovářová", "ü", "coffee with dana", "the", "with in:people",
}

// vectorFolds are folded by Go and by search.js.
var vectorFolds = []string{"José Núñez", "Malmö", "Straße", "Søren Ærø", "Łódź", "ÇAĞLAR", "İstanbul", "ﬁne", "Ǆ", "Jose\u0301", "naïve café", "Þór"}

// vector is one query's expected results.
type vector struct {
	Query   string         `json:"query"`
	Results []vectorResult `json:"results"`
}

type vectorResult struct {
	Kind    string `json:"kind"`
	Slug    string `json:"slug"`
	Field   string `json:"field"`
	Snippet string `json:"snippet"`
}

// vectors is testdata/vectors.json.
type vectors struct {
	Folds   [][2]string `json:"folds"`
	Tokens  [][]string  `json:"tokens"` // text, then its tokens
	Names   [][3]string `json:"names"`  // secret, plain path, opaque path
	Queries []vector    `json:"queries"`
}

func makeVectors(t *testing.T, ix *Index) []byte {
	t.Helper()
	var v vectors
	for _, s := range vectorFolds {
		v.Folds = append(v.Folds, [2]string{s, Fold(s)})
		v.Tokens = append(v.Tokens, append([]string{s + " #x-y, it's 2024-05-03"}, Tokens(s+" #x-y, it's 2024-05-03")...))
	}
	for _, p := range []string{ShardPath("oo"), ChunkPath(3), ShardPath("jö")} {
		v.Names = append(v.Names, [3]string{"k3v9secret", p, OpaquePath("k3v9secret", p)})
	}
	// search.js computes the names itself (SHA-256 in JavaScript): a key
	// of one block exactly and one longer than a block (hashed first), a
	// path that needs a second block of its own.
	long := strings.Repeat("kith-secret-", 7)
	for _, n := range [][2]string{{long[:64], ShardPath("ab")}, {long, ChunkPath(12345)}, {"k3v9secret", "search/" + strings.Repeat("ü", 30) + ".json"}} {
		v.Names = append(v.Names, [3]string{n[0], n[1], OpaquePath(n[0], n[1])})
	}
	for _, q := range vectorQueries {
		vq := vector{Query: q, Results: []vectorResult{}}
		pq := Parse(q)
		rs := ix.Find(pq)
		ix.Snippets(pq, rs)
		for _, r := range rs {
			d := ix.Doc(r.Doc)
			vq.Results = append(vq.Results, vectorResult{d.Kind, d.Slug, r.Field, Text(r.Snippet)})
		}
		v.Queries = append(v.Queries, vq)
	}
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return append(data, '\n')
}

// TestVectors keeps testdata/vectors.json, the test vectors search.js is
// checked against, up to date with the Go engine (-update rewrites it).
func TestVectors(t *testing.T) {
	got := makeVectors(t, sample(t))
	path := filepath.Join("testdata", "vectors.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the Go engine's results differ from %s; run go test -update, review the diff, and run TestBrowserVectors", path)
	}
}

// TestStored: an index written by Write and read by Read (the site's own
// files, parsed as queries need them) finds what the built one finds.
func TestStored(t *testing.T) {
	ix := sample(t)
	var b bytes.Buffer
	if err := ix.Write(&b, "stamp"); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(bytes.NewReader(b.Bytes()), int64(b.Len()), "other"); err == nil {
		t.Errorf("Read with another stamp: got no error, want one")
	}
	read, err := Read(bytes.NewReader(b.Bytes()), int64(b.Len()), "stamp")
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < b.Len(); n += 997 {
		if _, err := Read(bytes.NewReader(b.Bytes()[:n]), int64(n), "stamp"); err == nil {
			t.Fatalf("Read of the first %d bytes: got no error, want one", n)
		}
	}
	if got, want := makeVectors(t, read), makeVectors(t, ix); !bytes.Equal(got, want) {
		t.Errorf("the stored index finds other results than the built one")
	}
}
