#!/usr/bin/env bash
# rebuild.sh: what a rebuild costs (issue 15), side by side, whole processes.
#
# Round by round, alternating, on the same journal and disk:
#   full       kith build into a folder that does not exist yet
#   base-full  the same with BASE (an older kith binary), if given
#   hugo       hugo building the same Markdown into a fresh folder
#   one-note   kith build into the folder it built before, after one person
#              note was edited (a line appended to its body)
#   unchanged  kith build into that folder again, with nothing edited
# Prints every run and the medians of wall time, and the ratios the issue
# asks for: one-note / hugo (at most 0.1), unchanged (at most 0.5 s), full /
# base-full (at most 1).
#
# Usage: testdata/bench/rebuild.sh        (from the repository)
# Settings (environment):
#   RUNS=5                  rounds
#   JOURNAL=/tmp/synth2k    the journal (copied; never edited in place); make
#                           one with: kith synth DIR --people 2000 --entries 20000 --events 40 --seed 1
#   HUGOSITE=/tmp/hugosite  a Hugo site of the same Markdown (see compare.sh)
#   BASE=/tmp/bin-a001      an older kith to compare the full build with ("" for none)
#   WORK=/dev/shm/kith-rebuild   scratch folder (tmpfs by default); removed at the end
#   NOW=2026-11-23
# Needs: go, hugo, /usr/bin/time.
set -euo pipefail

RUNS=${RUNS:-5}
JOURNAL=${JOURNAL:-/tmp/synth2k}
HUGOSITE=${HUGOSITE:-/tmp/hugosite}
BASE=${BASE-/tmp/bin-a001}
WORK=${WORK:-/dev/shm/kith-rebuild}
NOW=${NOW:-2026-11-23}

repo=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
kith="$WORK/kith"
(cd "$repo" && go build -o "$kith" .)
cp -r "$JOURNAL" "$WORK/journal"
# The inputs cache of this journal goes under WORK, like everything else.
export XDG_CACHE_HOME="$WORK/cache"
note=$(find "$WORK/journal/content/people" -name '*.md' | LC_ALL=C sort | sed -n 1p)

# timed NAME CMD...: runs CMD, appends "NAME wall user sys" to the results.
timed() {
	local name=$1
	shift
	/usr/bin/time -o "$WORK/time" -f "%e %U %S" "$@" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
	echo "$name $(cat "$WORK/time")" | tee -a "$WORK/results"
	if [ "$name" = one-note ]; then # what kith says it rendered
		grep -h "^rendered" "$WORK/out" | sed 's/^/    /' || true
	fi
}

echo "# load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
"$kith" build -s "$WORK/journal" -d "$WORK/out-inc" --now "$NOW" >/dev/null # the folder the rebuilds update
# A build into a new folder keeps no record of its pages' fingerprints
# (working them out would slow it); the first update renders every page and
# keeps one. So the rounds measure the updates after it, as a person who
# edits and builds again and again has them.
printf '\nFirst seen at the start.\n' >>"$note"
"$kith" build -s "$WORK/journal" -d "$WORK/out-inc" --now "$NOW" >/dev/null
for round in $(seq "$RUNS"); do
	rm -rf "$WORK/out-full" "$WORK/out-base" "$WORK/out-hugo"
	sync
	timed full "$kith" build -s "$WORK/journal" -d "$WORK/out-full" --now "$NOW"
	if [ -n "$BASE" ]; then
		sync
		# Its own cache: an older kith's record of pages and search cache
		# would replace this one's, and the next one-note rebuild would
		# render everything.
		XDG_CACHE_HOME="$WORK/cache-base" timed base-full "$BASE" build -s "$WORK/journal" -d "$WORK/out-base" --now "$NOW"
	fi
	sync
	timed hugo hugo --quiet -s "$HUGOSITE" -d "$WORK/out-hugo"
	printf '\nAlso met again in round %s.\n' "$round" >>"$note"
	sync
	timed one-note "$kith" build -s "$WORK/journal" -d "$WORK/out-inc" --now "$NOW"
	sync
	timed unchanged "$kith" build -s "$WORK/journal" -d "$WORK/out-inc" --now "$NOW"
done
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { # median NAME COLUMN: the median of NAME's runs (2: wall, 5: CPU)
	awk -v n="$1" -v c="$2" '$1 == n { $5 = $3 + $4; print $c }' "$WORK/results" | sort -g |
		awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
echo
printf '%-10s %8s %8s\n' run "wall s" "CPU s"
for n in full base-full hugo one-note unchanged; do
	printf '%-10s %8s %8s\n' "$n" "$(median "$n" 2)" "$(median "$n" 5)"
done
echo "(medians; CPU is user + sys, steadier than wall time on a shared machine)"
awk -v one="$(median one-note 2)" -v hugo="$(median hugo 2)" -v un="$(median unchanged 2)" -v full="$(median full 2)" -v base="$(median base-full 2)" \
	-v onec="$(median one-note 5)" -v hugoc="$(median hugo 5)" -v fullc="$(median full 5)" -v basec="$(median base-full 5)" 'BEGIN {
	printf "one-note / hugo: %.3f wall, %.3f CPU (target at most 0.1)\n", one / hugo, onec / hugoc
	printf "unchanged: %.2f s wall (target at most 0.5 s)\n", un
	if (base != "nan") printf "full / base-full: %.2f wall, %.2f CPU (target at most 1)\n", full / base, fullc / basec
}'
