#!/usr/bin/env bash
# indexshare.sh: the search index's share of a full build (issue 11), from
# CPU profiles in which the index's work is labelled, so that one run tells
# its share without a twin binary (whole-process series on a loaded machine
# cannot tell 10% apart).
#
# For each git revision given, it builds a throwaway kith from `git archive`
# (nothing in the work tree changes) with two pprof labels added:
#   index=build   site.buildSearch and the goroutines it starts (collect,
#                 digests, tokenise, merge, encode, the cache's write)
#   file=search   each output.Dir.Write of a search file in build/render.go
# then runs, round by round, alternating the revisions, a build of JOURNAL
# into a fresh folder on /dev/shm with -cpuprofile, and prints per run the
# samples of the whole build, of the index, of its files' writes and of the
# collector (gcBgMarkWorker, assists, sweep, scavenger).
#
# Usage (from the repository): testdata/bench/indexshare.sh REV...
#   e.g. testdata/bench/indexshare.sh main HEAD
# Settings (environment):
#   RUNS=3                rounds
#   MODE=cold             cold: an empty user cache (a journal's first build);
#                         warm: the cache of an earlier build of the same binary
#   JOURNAL=/tmp/synth2k  the journal (read only)
set -euo pipefail
RUNS=${RUNS:-3}; MODE=${MODE:-cold}; JOURNAL=${JOURNAL:-/tmp/synth2k}
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d /dev/shm/indexshare-XXXXXX)
trap 'rm -rf "$work"' EXIT
bins=()
for rev in "$@"; do
	n=$(git -C "$repo" rev-parse --short "$rev")
	src=$work/src-$n
	mkdir -p "$src"
	git -C "$repo" archive "$rev" | tar -x -C "$src"
	python3 - "$src" <<'P'
import sys
src = sys.argv[1]
p = src + '/generator/build/render.go'
s = open(p).read()
old = '''				if err == nil {
					err = d.Write(name, data)
				}'''
assert old in s, 'build/render.go: the write of a rendered file moved; adapt indexshare.sh'
s = s.replace(old, '''				if err == nil && made {
					pprof.Do(context.Background(), pprof.Labels("file", "search"), func(context.Context) { err = d.Write(name, data) })
				} else if err == nil {
					err = d.Write(name, data)
				}''')
s = s.replace('import (', 'import (\n\t"runtime/pprof"', 1)
open(p, 'w').write(s)
p = src + '/generator/site/search.go'
s = open(p).read()
old = 'func (s *Site) buildSearch() {'
assert old in s, 'site/search.go: buildSearch moved; adapt indexshare.sh'
s = s.replace(old, '''func (s *Site) buildSearch() {
	pprof.Do(context.Background(), pprof.Labels("index", "build"), func(context.Context) { s.buildSearchLabelled() })
}

func (s *Site) buildSearchLabelled() {''')
s = s.replace('import (', 'import (\n\t"context"\n\t"runtime/pprof"', 1)
open(p, 'w').write(s)
P
	(cd "$src" && go build -o "$work/kith-$n" .)
	bins+=("$work/kith-$n")
done
samples() { # samples BIN PROFILE [pprof options]: the seconds pprof shows
	go tool pprof -top "${@:3}" "$1" "$2" 2>/dev/null | grep -o 'Showing nodes accounting for [0-9.]*m\?s' | awk '{print $5}'
}
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for b in "${bins[@]}"; do
	mkdir -p "$b.cache"
	if [ "$MODE" = warm ]; then
		XDG_CACHE_HOME=$b.cache "$b" build -s "$JOURNAL" -d "$work/out" --now 2026-11-23 >/dev/null
		rm -rf "$work/out"
	fi
done
for r in $(seq "$RUNS"); do
	for b in "${bins[@]}"; do
		[ "$MODE" = cold ] && { rm -rf "$b.cache"; mkdir -p "$b.cache"; }
		rm -rf "$work/out" "$work/prof"; sync
		XDG_CACHE_HOME=$b.cache "$b" build -s "$JOURNAL" -d "$work/out" --now 2026-11-23 -cpuprofile "$work/prof" >/dev/null
		echo "$MODE $(basename "$b") round $r: all $(go tool pprof -top "$b" "$work/prof" 2>/dev/null | grep -o 'Total samples = [0-9.]*m\?s' | awk '{print $4}')" \
			"index $(samples "$b" "$work/prof" -tagfocus index=build)" \
			"its files' writes $(samples "$b" "$work/prof" -tagfocus file=search)" \
			"collector $(samples "$b" "$work/prof" -focus 'gcBgMarkWorker|gcAssistAlloc|bgsweep|bgscavenge')"
	done
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
