#!/usr/bin/env python3
"""stages.py: where a full build's time goes, stage by stage, and the search
index's own stage (issue 11), for git revisions side by side.

For each revision given it builds kith from `git archive` (the work tree is
not touched) with a label printed at the end of each stage (KITH_T=1: the
stage, the wall clock and the process's CPU), and its twin: the same with the
search index made of an empty journal, as testdata/bench/twinshare.sh makes
it. The labels are added to the copies only. Then, round by round, every
binary builds JOURNAL into a fresh folder on /dev/shm, alternating, and it
prints the median of each stage's wall and CPU time (ms), and the index's
stage (the index made, from its first line to its files written) with its
quartiles, and the time from the start of the process to the index made:
against the twin's, what the index costs before the pages render,
snippets made while the journal is walked or loaded (search.Bodies)
included. A stage's time within one process varies far less than a whole
build's: this is how docs/performance.md's twelfth session tells a change of
10 ms in the index from noise that moves whole builds by 100.

With DETAIL=1 it also labels the index's own steps (first builds, whose
index is made whole): the snippets waited for, the documents collected,
their keys, their words tokenised, the postings merged, the cache's
postings and the files encoded and written. To measure a variant (a part
left out, a constant changed), commit it on a branch of its own and give
that commit beside main's.

Usage (from the repository): testdata/bench/stages.py REV...
  e.g. testdata/bench/stages.py main HEAD
Environment: RUNS=10, MODE=first (an empty user cache) or warm (each binary's
own cache of an earlier build), JOURNAL=/tmp/synth2k, NOW=2026-11-23,
DETAIL=1.
"""
import os, re, shutil, statistics as st, subprocess, sys, tempfile, time

RUNS = int(os.environ.get('RUNS', '10'))
MODE = os.environ.get('MODE', 'first')
JOURNAL = os.environ.get('JOURNAL', '/tmp/synth2k')
NOW = os.environ.get('NOW', '2026-11-23')
DETAIL = os.environ.get('DETAIL', '') not in ('', '0')
# The index's own steps (DETAIL=1), in order: (file, the start of a line,
# the label, whether the label goes before the line rather than after it).
ENCODE = '\t\tfiles, out, err := ix.encodeTo(names, workers, publish, sink'
STEPS = [
    ('generator/search/update.go', '\tmade.Wait()', 'waited', False),
    ('generator/search/update.go', '\tix := collect(j, address, workers)', 'collected', False),
    ('generator/search/update.go', '\tkeys, lines := docKeys(ix.Docs, workers)', 'keyed', False),
    ('generator/search/index.go', '\tnames := merge(ix, parts, workers)', 'tokenised', True),
    ('generator/search/update.go', '\t\tix, terms := index(ix, workers, true)', 'merged', False),
    ('generator/search/update.go', ENCODE, 'posted', True),
    ('generator/search/update.go', ENCODE, 'encoded', False),
]

LABEL = '''
// {name} prints a stage's label (testdata/bench/stages.py).
func {name}(label string) {{
	if os.Getenv("KITH_T") != "" {{
		fmt.Fprintf(os.Stderr, "T %s %d %d\\n", label, time.Now().UnixMicro(), cpu.Used().Microseconds())
	}}
}}
'''

def label(tree, twin):
    """Adds the labels (and, for the twin, the empty journal) to a copy."""
    def edit(path, old, new):
        p = os.path.join(tree, path)
        s = open(p).read()
        if old not in s:
            sys.exit(f'stages.py: {path} no longer has {old.strip()!r}; adapt the script')
        open(p, 'w').write(s.replace(old, new, 1))
    def imports(path, names):
        p = os.path.join(tree, path)
        s = open(p).read()
        head = s.split(')', 1)[0]
        for n in names:
            if n not in head:
                s = s.replace('import (', 'import (\n\t' + n, 1)
        open(p, 'w').write(s)
    for path, name in [('generator/build/build.go', 'stageT'), ('generator/site/search.go', 'stageT')]:
        open(os.path.join(tree, path), 'a').write(LABEL.format(name=name))
        imports(path, ['"os"', '"fmt"', '"time"', '"kith/generator/cpu"'])
    b = 'generator/build/build.go'
    edit(b, '\t\tw := <-inputs\n', '\t\tw := <-inputs\n\t\tstageT("walked")\n')
    edit(b, '\tld, save, err := load(ctx, opt)\n', '\tld, save, err := load(ctx, opt)\n\tstageT("loaded")\n')
    edit(b, '\ts, err := site.Link(ld.Set, so, theme)\n', '\ts, err := site.Link(ld.Set, so, theme)\n\tstageT("linked")\n')
    edit(b, '\tst, err := renderStage(ctx, opt, s, d)\n', '\tst, err := renderStage(ctx, opt, s, d)\n\tstageT("rendered")\n')
    edit(b, '\terr = d.Commit()\n\t<-saved\n', '\terr = d.Commit()\n\t<-saved\n\tstageT("committed")\n')
    s = 'generator/site/search.go'
    edit(s, 'func (s *Site) buildSearch() {\n', 'func (s *Site) buildSearch() {\n\tstageT("index")\n\tdefer stageT("indexed")\n')
    if DETAIL and not twin:
        open(os.path.join(tree, 'generator/search/update.go'), 'a').write(LABEL.format(name='stageT'))
        imports('generator/search/update.go', ['"os"', '"fmt"', '"time"', '"kith/generator/cpu"'])
        for path, start, name, before in STEPS:
            found = re.search('^' + re.escape(start) + '.*\n', open(os.path.join(tree, path)).read(), re.M)
            line = found.group(0) if found else start
            label = line[:len(line) - len(line.lstrip('\t'))] + f'stageT("{name}")\n'
            edit(path, line, label + line if before else line + label)
    if twin:
        edit(s, 'search.Update(s.J, s.address', 'search.Update(&journal.Journal{Today: s.J.Today}, s.address')
        imports(s, ['"kith/generator/journal"'])
        # No snippets made while the journal loads either (search.Bodies,
        # from the twelfth session on): that is the index's work too.
        p = os.path.join(tree, b)
        code = open(p).read()
        open(p, 'w').write(re.sub(r'(\t+)(opt\.bodies = search\.NewBodies\(.*\)\n)', r'\1\2\1opt.bodies.Wait()\n\1opt.bodies = nil\n', code, count=1))
    subprocess.run(['gofmt', '-w', os.path.join(tree, 'generator')], check=True)

def main():
    revs = sys.argv[1:]
    if not revs:
        sys.exit(__doc__)
    repo = subprocess.run(['git', 'rev-parse', '--show-toplevel'], capture_output=True, text=True, check=True).stdout.strip()
    work = tempfile.mkdtemp(dir='/dev/shm', prefix='stages-')
    try:
        bins = []
        for rev in revs:
            short = subprocess.run(['git', '-C', repo, 'rev-parse', '--short', rev], capture_output=True, text=True, check=True).stdout.strip()
            for twin in (False, True):
                name = f'kith-{short}' + ('-twin' if twin else '')
                src = os.path.join(work, 'src-' + name)
                os.makedirs(src)
                arc = subprocess.Popen(['git', '-C', repo, 'archive', rev], stdout=subprocess.PIPE)
                subprocess.run(['tar', '-x', '-C', src], stdin=arc.stdout, check=True)
                arc.wait()
                label(src, twin)
                subprocess.run(['go', 'build', '-o', os.path.join(work, name), '.'], cwd=src, check=True)
                bins.append((name, os.path.join(work, name)))
        def run(i, path):
            out, cache = os.path.join(work, 'out'), os.path.join(work, f'cache-{i}')
            shutil.rmtree(out, ignore_errors=True)
            if MODE == 'first':
                shutil.rmtree(cache, ignore_errors=True)
            os.makedirs(cache, exist_ok=True)
            os.sync()
            start = time.time()
            r = subprocess.run(['/usr/bin/time', '-f', 'TIME %e %U %S', path, 'build', '-s', JOURNAL, '-d', out, '--now', NOW],
                               env=dict(os.environ, XDG_CACHE_HOME=cache, KITH_T='1'), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, check=True)
            marks = {'start': (0.0, 0.0)}
            for line in r.stderr.splitlines():
                f = line.split()
                if f[:1] == ['T']:
                    marks[f[1]] = (int(f[2]) / 1e3 - start * 1e3, int(f[3]) / 1e3)
                elif f[:1] == ['TIME']:
                    marks['exit'] = (float(f[1]) * 1e3, (float(f[2]) + float(f[3])) * 1e3)
            return marks
        if MODE == 'warm':
            for i, (_, path) in enumerate(bins):
                run(i, path)
        rounds = {i: [] for i in range(len(bins))}
        print(f'# load average at the start: {open("/proc/loadavg").read().split()[:3]}', flush=True)
        for _ in range(RUNS):
            for i, (_, path) in enumerate(bins):
                rounds[i].append(run(i, path))
        print(f'# load average at the end: {open("/proc/loadavg").read().split()[:3]}')
        order = ['start', 'walked', 'loaded', 'linked', 'index'] + [n for _, _, n, _ in STEPS if DETAIL] + ['indexed', 'rendered', 'committed', 'exit']
        print(f'# {MODE} builds of {JOURNAL}, {RUNS} rounds; each stage: median wall / CPU (ms) from the label before')
        for i, (name, _) in enumerate(bins):
            cells = []
            present = [o for o in order if o in rounds[i][0]]  # a twin has no labels of the index's steps
            for a, b in zip(present, present[1:]):
                w = [r[b][0] - r[a][0] for r in rounds[i] if a in r and b in r]
                c = [r[b][1] - r[a][1] for r in rounds[i] if a in r and b in r]
                if w:
                    cells.append(f'{b} {st.median(w):.0f}/{st.median(c):.0f}')
            print(f'{name:22s} ' + '  '.join(cells))
        for i, (name, _) in enumerate(bins):
            w = sorted(r['indexed'][0] - r['index'][0] for r in rounds[i])
            c = [r['indexed'][1] - r['index'][1] for r in rounds[i]]
            q = st.quantiles(w, n=4) if len(w) > 1 else [w[0]] * 3
            total = st.median(r['exit'][0] for r in rounds[i])
            pre = st.median(r['indexed'][0] for r in rounds[i])
            print(f'{name:22s} index stage: wall {st.median(w):.0f} ms (quartiles {q[0]:.0f}-{q[2]:.0f}), CPU {st.median(c):.0f} ms; '
                  f'start to index made {pre:.0f} ms; whole build {total:.0f} ms')
        # Each binary against its twin (the next in bins), round by round:
        # the time to the index made, and the whole build.
        for i in range(0, len(bins), 2):
            for what, key in (('to the index made', 'indexed'), ('whole build', 'exit')):
                d = sorted(a[key][0] - b[key][0] for a, b in zip(rounds[i], rounds[i + 1]))
                q = st.quantiles(d, n=4) if len(d) > 1 else [d[0]] * 3
                print(f'{bins[i][0]:22s} minus its twin, {what}: median {st.median(d):+.0f} ms (quartiles {q[0]:+.0f} to {q[2]:+.0f})')
    finally:
        shutil.rmtree(work, ignore_errors=True)

if __name__ == '__main__':
    main()
