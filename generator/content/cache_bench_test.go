package content_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"kith/generator/content"
	"kith/generator/synth"
)

// benchJournal is the journal the cache benchmarks load: KITH_BENCH_JOURNAL
// (a folder, such as the 2,000-person /tmp/synth2k), else a synthetic one
// of 200 people and 2,000 entries in memory.
func benchJournal(b *testing.B) fs.FS {
	b.Helper()
	if dir := os.Getenv("KITH_BENCH_JOURNAL"); dir != "" {
		return os.DirFS(dir)
	}
	return synth.Generate(synth.Options{People: 200, Entries: 2000, Events: 8, Seed: 1, Today: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
}

// fullTree is the tree of fsys with every file's hash, as a build's walk
// gives it when the cache of hashes vouches for every file.
func fullTree(b *testing.B, fsys fs.FS) *content.Tree {
	b.Helper()
	tr := &content.Tree{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		if d.IsDir() {
			tr.Dirs = append(tr.Dirs, p)
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		tr.Files = append(tr.Files, content.File{Path: p, Type: d.Type(), Sum: sha256.Sum256(data), Known: true})
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	slices.Sort(tr.Dirs)
	slices.SortFunc(tr.Files, func(x, y content.File) int { return strings.Compare(x.Path, y.Path) })
	return tr
}

// cpuPerOp reports the process's CPU time per iteration of b.Loop, which
// a busy machine does not inflate as it does wall time; call it with the
// CPU time before the loop.
func cpuPerOp(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(content.CPUNow()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkLoadUncached: every note read and parsed (content.Load).
func BenchmarkLoadUncached(b *testing.B) {
	fsys := benchJournal(b)
	cpu := content.CPUNow()
	defer func() { cpuPerOp(b, cpu) }()
	for b.Loop() {
		if _, err := content.Load(context.Background(), fsys); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadCached: every note taken from the cache (the decoding of
// the cache's file included, not its reading).
func BenchmarkLoadCached(b *testing.B) {
	fsys := benchJournal(b)
	tree := fullTree(b, fsys)
	set, err := content.Load(context.Background(), fsys)
	if err != nil {
		b.Fatal(err)
	}
	data := set.EncodeCache("k")
	b.ReportMetric(float64(len(data)), "cache-bytes")
	cpu := content.CPUNow()
	defer func() { cpuPerOp(b, cpu) }()
	for b.Loop() {
		c, err := content.DecodeCache(data, "k")
		if err != nil {
			b.Fatal(err)
		}
		if _, st, err := content.LoadWith(context.Background(), fsys, content.LoadOptions{Tree: tree, Cache: c}); err != nil || st.Cached != st.Notes {
			b.Fatalf("%v, %d of %d from the cache", err, st.Cached, st.Notes)
		}
	}
}

// BenchmarkCacheWrite: a whole set written as a cache (to io.Discard).
func BenchmarkCacheWrite(b *testing.B) {
	set, err := content.Load(context.Background(), benchJournal(b))
	if err != nil {
		b.Fatal(err)
	}
	cpu := content.CPUNow()
	defer func() { cpuPerOp(b, cpu) }()
	for b.Loop() {
		if err := set.WriteCache(io.Discard, "k"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCacheDecode: the cache checked and its index read.
func BenchmarkCacheDecode(b *testing.B) {
	set, err := content.Load(context.Background(), benchJournal(b))
	if err != nil {
		b.Fatal(err)
	}
	data := set.EncodeCache("k")
	cpu := content.CPUNow()
	defer func() { cpuPerOp(b, cpu) }()
	for b.Loop() {
		if _, err := content.DecodeCache(data, "k"); err != nil {
			b.Fatal(err)
		}
	}
}

// gobCache is the same content as kith's cache, for encoding/gob, which
// the format was measured against. (gob does not keep nil and empty slices
// apart, so it would need more than this to give the same set.)
type gobCache struct {
	Paths    []string
	Docs     []content.Doc
	Problems []content.Problems
}

func gobOf(set *content.Set) gobCache {
	var g gobCache
	for _, p := range set.Paths() {
		g.Paths = append(g.Paths, p)
		g.Docs = append(g.Docs, set.Docs[p])
		g.Problems = append(g.Problems, set.Problems[p])
	}
	return g
}

// BenchmarkGobEncode and BenchmarkGobDecode: encoding/gob on the same notes.
func BenchmarkGobEncode(b *testing.B) {
	set, err := content.Load(context.Background(), benchJournal(b))
	if err != nil {
		b.Fatal(err)
	}
	g := gobOf(set)
	cpu := content.CPUNow()
	defer func() { cpuPerOp(b, cpu) }()
	for b.Loop() {
		if err := gob.NewEncoder(io.Discard).Encode(g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGobDecode(b *testing.B) {
	set, err := content.Load(context.Background(), benchJournal(b))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(gobOf(set)); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ReportMetric(float64(len(data)), "cache-bytes")
	cpu := content.CPUNow()
	defer func() { cpuPerOp(b, cpu) }()
	for b.Loop() {
		var g gobCache
		if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&g); err != nil {
			b.Fatal(err)
		}
	}
}
