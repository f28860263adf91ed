package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"kith/generator/content"
	"kith/generator/cpu"
	"kith/generator/site"
	"kith/generator/synth"
	"kith/templates"
)

// benchSize is the synthetic journal of the performance goal.
var benchSize = synth.Options{People: 2000, Entries: 20000, Events: 40, Seed: 1, Today: today.Time()}

// BenchmarkEditToServed measures, on the 2,000-person / 20,000-entry
// synthetic journal, the time from writing an edited note to the moment
// the updated page has been fetched, the way a browser sees it: the
// live-reload event arrives, then the page is fetched. Debounce included.
// It reports the median as ms/edit-p50 (and p90).
//
//	go test -run '^$' -bench EditToServed -benchtime 40x ./generator/serve/
func BenchmarkEditToServed(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, benchSize); err != nil {
		b.Fatal(err)
	}
	note, addr := benchPerson(b, dir)
	orig, err := os.ReadFile(filepath.Join(dir, note))
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t0 := time.Now()
	var applied []time.Duration
	srv, err := New(ctx, Options{Journal: dir, Theme: templates.FS(), Today: today, Report: func(r Report) {
		if r.Paths != nil {
			applied = append(applied, r.Took)
		}
	}})
	if err != nil {
		b.Fatal(err)
	}
	startup := time.Since(t0)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }() // ends when cancel is called
	defer func() { cancel(); <-done }()

	client := &http.Client{Transport: &http.Transport{}}
	resp, err := client.Get(srv.URL() + "_kith/reload")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 16)
	go func() { // ends when the server closes the stream on shutdown
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- name
			}
		}
	}()
	if <-events != "problems" {
		b.Fatal("no first event")
	}
	fetch := func() string {
		r, err := client.Get(srv.URL() + addr)
		if err != nil {
			b.Fatal(err)
		}
		defer r.Body.Close()
		body, _ := io.ReadAll(r.Body)
		return string(body)
	}
	fetch()

	var took []time.Duration
	cpu0 := cpu.Used()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		marker := fmt.Sprintf("Edited %d times.", i)
		data := strings.Replace(string(orig), "\n---\n", "\n---\n"+marker+"\n\n", 1)
		start := time.Now()
		if err := os.WriteFile(filepath.Join(dir, note), []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
		for ev := range events {
			if ev == "reload" {
				break
			}
		}
		if !strings.Contains(fetch(), marker) {
			b.Fatalf("edit %d: the page does not show it after the reload event", i)
		}
		took = append(took, time.Since(start))
		time.Sleep(50 * time.Millisecond) // let the next edit be a new burst
	}
	b.StopTimer()
	// CPU time of the whole process per edit (the server's work, the GC
	// and this client's), for comparing runs on a machine that is busy.
	b.ReportMetric(ms(cpu.Used()-cpu0)/float64(len(took)), "cpu-ms/edit")
	slices.Sort(took)
	b.ReportMetric(ms(took[len(took)/2]), "ms/edit-p50")
	b.ReportMetric(ms(took[len(took)*9/10]), "ms/edit-p90")
	b.ReportMetric(ms(startup), "ms/startup")
	slices.Sort(applied)
	if len(applied) > 0 {
		b.ReportMetric(ms(applied[len(applied)/2]), "ms/applied-p50")
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "MiB-heap-inuse")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// benchPerson picks a person note with a page, and returns its path in the
// journal and its page's address.
func benchPerson(b *testing.B, dir string) (string, string) {
	b.Helper()
	var found string
	_ = filepath.WalkDir(filepath.Join(dir, "content", "people"), func(p string, d os.DirEntry, err error) error {
		if err == nil && found == "" && !d.IsDir() && strings.HasSuffix(p, ".md") {
			found = p
		}
		return nil
	})
	if found == "" {
		b.Fatal("no person in the synthetic journal")
	}
	rel, _ := filepath.Rel(dir, found)
	base := strings.TrimSuffix(filepath.Base(found), ".md")
	return rel, "people/" + content.Slug(base) + "/"
}

// BenchmarkPollScan measures one look of the --poll watcher at the
// synthetic journal: a stat of every note.
//
//	go test -run '^$' -bench PollScan ./generator/serve/
func BenchmarkPollScan(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, benchSize); err != nil {
		b.Fatal(err)
	}
	p := &poller{root: dir}
	p.follow(content.DefaultFolders().Roots())
	for b.Loop() {
		if _, err := p.scan(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRelinkPerson measures what the preview does to link one saved
// person note of the 2,000-person / 20,000-entry synthetic journal (a new
// first paragraph), after the note is read: patching the spare site
// (journal.Patch, site.Patch). BenchmarkRelinkFull links the whole journal
// instead, as for a change Patch does not take. The two sites take turns as
// in the preview, so each patch catches up with two edits.
//
//	go test -run '^$' -bench Relink -benchtime 40x ./generator/serve/
func BenchmarkRelinkPerson(b *testing.B) { benchRelink(b, false) }

// BenchmarkRelinkFull is BenchmarkRelinkPerson linking the whole journal.
func BenchmarkRelinkFull(b *testing.B) { benchRelink(b, true) }

func benchRelink(b *testing.B, full bool) {
	fsys := synth.Generate(benchSize)
	set, err := content.Load(context.Background(), fsys)
	if err != nil {
		b.Fatal(err)
	}
	s := &Server{set: set, sopt: site.Options{Journal: fsys, Theme: templates.FS(), Today: today}}
	if s.theme, err = site.Theme(s.sopt); err != nil {
		b.Fatal(err)
	}
	var note string
	for _, p := range set.Paths() {
		if set.Docs[p].Person != nil && !set.Docs[p].IsDraft() {
			note = p
			break
		}
	}
	orig := string(fsys[note].Data)
	served, spare := s.relink(nil), s.relink(nil).buf
	runtime.GC()
	cpu0 := cpu.Used()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		fsys[note].Data = []byte(strings.Replace(orig, "\n---\n", fmt.Sprintf("\n---\nEdited %d times.\n\n", i), 1))
		if _, err := set.Update(fsys, note); err != nil {
			b.Fatal(err)
		}
		read := map[string]bool{note: true}
		spare.changed(read, "")
		served.buf.changed(read, "")
		if full {
			spare = nil
		}
		res := s.relink(spare)
		if res.err != nil || (res.full == "") == full {
			b.Fatalf("got %v, full %q", res.err, res.full)
		}
		spare, served = served.buf, res
	}
	b.StopTimer()
	b.ReportMetric(ms(cpu.Used()-cpu0)/float64(b.N), "cpu-ms/op")
}
