#!/usr/bin/env bash
# twinshare.sh: what the search index adds to a full build (issue 11), whole
# processes, against a twin with the index off: the method of every series in
# docs/performance.md from the ninth session on.
#
# For each git revision given, it builds kith from `git archive` (nothing in
# the work tree changes) and its twin, the same code whose search index is
# made of an empty journal (site/search.go hands search.Update a journal with
# nothing in it; the search page, manifest and cache are still written). Then,
# round by round, each binary and its twin alternate, building JOURNAL into a
# fresh folder on /dev/shm, and it prints the medians of wall time, CPU (user
# + sys) and peak memory, and the share: the median of the rounds' ratios of
# a binary to its twin, wall and CPU.
#
# Usage (from the repository): testdata/bench/twinshare.sh REV...
#   e.g. testdata/bench/twinshare.sh main HEAD
# Settings (environment):
#   RUNS=12               rounds (a series moves by a point or two: run long ones)
#   MODE=first            first: an empty user cache (a journal's first build);
#                         warm: each binary's own cache of an earlier build
#   JOURNAL=/tmp/synth2k  the journal (read only)
#   NOW=2026-11-23
set -euo pipefail
RUNS=${RUNS:-12}; MODE=${MODE:-first}; JOURNAL=${JOURNAL:-/tmp/synth2k}; NOW=${NOW:-2026-11-23}
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d /dev/shm/twinshare-XXXXXX)
trap 'rm -rf "$work"' EXIT
bins=()
for rev in "$@"; do
	n=$(git -C "$repo" rev-parse --short "$rev")
	for twin in "" -twin; do
		src=$work/src-$n$twin
		mkdir -p "$src"
		git -C "$repo" archive "$rev" | tar -x -C "$src"
		if [ -n "$twin" ]; then
			python3 - "$src/generator/site/search.go" <<'P'
import sys
p = sys.argv[1]
s = open(p).read()
old = 'search.Update(s.J, s.address'
assert old in s, 'site/search.go: the call of search.Update moved; adapt twinshare.sh'
s = s.replace(old, 'search.Update(&journal.Journal{Today: s.J.Today}, s.address', 1)
if '"kith/generator/journal"' not in s:
    s = s.replace('import (', 'import (\n\t"kith/generator/journal"', 1)
open(p, 'w').write(s)
# No snippets made while the journal loads either (search.Bodies, from the
# twelfth session on): that is the index's work too.
import os, re
b = os.path.join(os.path.dirname(p), '..', 'build', 'build.go')
code = open(b).read()
open(b, 'w').write(re.sub(r'(\t+)(opt\.bodies = search\.NewBodies\(.*\)\n)', r'\1\2\1opt.bodies.Wait()\n\1opt.bodies = nil\n', code, count=1))
P
			gofmt -w "$src/generator/site/search.go" "$src/generator/build/build.go"
		fi
		(cd "$src" && go build -o "$work/kith-$n$twin" .)
		bins+=("$work/kith-$n$twin")
	done
done
build() { # build BIN CACHE OUT
	XDG_CACHE_HOME=$2 "$1" build -s "$JOURNAL" -d "$3" --now "$NOW" >/dev/null
}
if [ "$MODE" = warm ]; then
	for i in "${!bins[@]}"; do
		build "${bins[$i]}" "$work/cache-$i" "$work/out"
		rm -rf "$work/out"
	done
fi
echo "# load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/times"
for round in $(seq "$RUNS"); do
	for i in "${!bins[@]}"; do
		rm -rf "$work/out"
		[ "$MODE" = warm ] || { rm -rf "$work/cache-$i"; mkdir -p "$work/cache-$i"; }
		sync
		/usr/bin/time -a -o "$work/times" -f "$i %e %U %S %M" env XDG_CACHE_HOME="$work/cache-$i" "${bins[$i]}" build -s "$JOURNAL" -d "$work/out" --now "$NOW" >/dev/null
	done
done
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/times" "${bins[@]}" <<'P'
import statistics as st, sys, os, random
names = [os.path.basename(b) for b in sys.argv[2:]]
runs = {}
for line in open(sys.argv[1]):
    i, wall, user, sys_, peak = line.split()
    runs.setdefault(int(i), []).append((float(wall), float(user) + float(sys_), int(peak) / 1024))
# How far the medians could be from those of many more rounds: the middle
# 95% of the medians of 2,000 resamplings of the rounds (a bootstrap; the
# same seed every time, so a series prints the same).
rng = random.Random(1)
def interval(ratios):
    meds = sorted(st.median(rng.choices(ratios, k=len(ratios))) for _ in range(2000))
    return '%+.1f%% to %+.1f%%' % (100 * (meds[49] - 1), 100 * (meds[1949] - 1))
for i, r in sorted(runs.items()):
    print('%-22s wall %.3f s  cpu %.3f s  peak %d MiB' % (names[i], st.median(x[0] for x in r), st.median(x[1] for x in r), max(x[2] for x in r)))
for i in range(0, len(names), 2):
    a, b = runs[i], runs[i + 1]
    wall = [x[0] / y[0] for x, y in zip(a, b)]
    cpu = [x[1] / y[1] for x, y in zip(a, b)]
    print('%-22s index share: wall %+.1f%%, cpu %+.1f%% (pairs %s)' % (names[i], 100 * (st.median(wall) - 1), 100 * (st.median(cpu) - 1), ' '.join('%.3f' % w for w in wall)))
    print('%-22s 95%% bootstrap interval of the share: wall %s, cpu %s' % ('', interval(wall), interval(cpu)))
P
