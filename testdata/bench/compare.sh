#!/usr/bin/env bash
# compare.sh: kith and Hugo side by side on the same synthetic journal.
#
# Builds kith, writes the 2,000-person / 20,000-entry synthetic journal, copies
# its content/ into a Hugo site made from testdata/bench/hugo, then builds each
# site RUNS times into a fresh output folder, measuring wall time and peak RSS
# with /usr/bin/time. Prints every run, the medians and the kith/hugo ratios.
#
# Usage: testdata/bench/compare.sh            (from anywhere)
# Settings (environment):
#   RUNS=5            timed runs per tool (after one untimed check run each)
#   WORK=/tmp/kith-bench   scratch folder; everything is written under it
#   ONLY=kith|hugo    time one tool only (the other is still not needed)
#   MODE=auto|loop|hyperfine   auto: hyperfine when installed, else a loop
#                     that alternates kith and hugo run by run
#   FLOOR=1           also time cat and cp -r of the content (the I/O floor)
#   PEOPLE=2000 ENTRIES=20000 EVENTS=40 SEED=1 NOW=2026-11-23   the corpus
#   JOURNAL=DIR       use an existing journal instead of writing one
# Needs: go, hugo, /usr/bin/time (Debian: apt-get install -y hugo time;
# hyperfine is optional).
set -euo pipefail

# Internal: "compare.sh --fresh OUT GRAVE" is hyperfine's --prepare step.
if [ "${1:-}" = --fresh ]; then
	if [ -e "$2" ]; then mv "$2" "$(mktemp -d -p "$3")/"; fi
	sync
	exit 0
fi

RUNS=${RUNS:-5}
WORK=${WORK:-/tmp/kith-bench}
ONLY=${ONLY:-}
MODE=${MODE:-auto}
FLOOR=${FLOOR:-1}
PEOPLE=${PEOPLE:-2000}
ENTRIES=${ENTRIES:-20000}
EVENTS=${EVENTS:-40}
SEED=${SEED:-1}
NOW=${NOW:-2026-11-23}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

die() { echo "compare.sh: $*" >&2; exit 1; }
say() { echo "$*"; }

[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install -y time)"
[ "$ONLY" = kith ] || command -v hugo >/dev/null || die "hugo is missing (apt-get install -y hugo)"
command -v go >/dev/null || die "go is missing"
case "$MODE" in
auto) if command -v hyperfine >/dev/null; then MODE=hyperfine; else MODE=loop; fi ;;
loop) ;;
hyperfine) command -v hyperfine >/dev/null || die "hyperfine is missing" ;;
*) die "MODE must be auto, loop or hyperfine" ;;
esac

# Other work on the machine skews wall times: note how busy it was at the start.
ncpu=$(nproc)
load0=$(cut -d' ' -f1 /proc/loadavg)

mkdir -p "$WORK"
KITH=$WORK/kith
JDIR=${JOURNAL:-$WORK/journal}
SITE=$WORK/hugo-site
GRAVE=$WORK/old   # earlier outputs are renamed here and deleted at the end
LOG=$WORK/log
rm -rf "$LOG" "$GRAVE"
mkdir -p "$LOG" "$GRAVE"

# (a) kith (not needed to time Hugo alone on an existing journal)
if [ "$ONLY" != hugo ] || [ -z "${JOURNAL:-}" ]; then
	say "building kith ($root)"
	(cd "$root" && go build -o "$KITH" .) || die "go build failed"
fi

# (b) the journal
if [ -z "${JOURNAL:-}" ]; then
	rm -rf "$JDIR"
	say "writing the synthetic journal: $PEOPLE people, $ENTRIES entries, $EVENTS events, seed $SEED"
	"$KITH" synth "$JDIR" --people "$PEOPLE" --entries "$ENTRIES" --events "$EVENTS" --seed "$SEED" \
		>"$LOG/synth.out" 2>&1 || { cat "$LOG/synth.out" >&2; die "kith synth failed"; }
fi
[ -d "$JDIR/content" ] || die "$JDIR has no content/ folder"
files=$(find "$JDIR/content" -type f -name '*.md' | wc -l)
bytes=$(du -sb "$JDIR/content" | cut -f1)
say "journal: $JDIR ($files Markdown files, $((bytes / 1024 / 1024)) MiB)"

# (c) the Hugo site: the harness plus the very same Markdown files
rm -rf "$SITE"
cp -r "$here/hugo" "$SITE"
cp -r "$JDIR/content" "$SITE/content"

KITH_OUT=$WORK/out-kith
HUGO_OUT=$WORK/out-hugo
kith_cmd=("$KITH" build -s "$JDIR" -d "$KITH_OUT" --now "$NOW")
hugo_cmd=(hugo --quiet -s "$SITE" -d "$HUGO_OUT")

# fresh OUT: move the last output aside (a rename) so that each run writes
# into a folder that does not exist yet, and flush dirty pages so that one
# run's writes are not paid for by the next.
fresh() {
	if [ -e "$1" ]; then mv "$1" "$(mktemp -d -p "$GRAVE")/"; fi
	sync
}

# One untimed run each: checks that both build cleanly, counts pages, warms caches.
check_kith() {
	fresh "$KITH_OUT"
	"${kith_cmd[@]}" >"$LOG/kith.check" 2>&1 || { cat "$LOG/kith.check" >&2; die "kith build failed"; }
	say "kith: $(tail -n 1 "$LOG/kith.check")"
	say "kith: $(find "$KITH_OUT" -name '*.html' | wc -l) HTML files"
}
check_hugo() {
	fresh "$HUGO_OUT"
	hugo -s "$SITE" -d "$HUGO_OUT" >"$LOG/hugo.check" 2>&1 || { cat "$LOG/hugo.check" >&2; die "hugo failed"; }
	if grep -qE 'WARN|ERROR' "$LOG/hugo.check"; then grep -E 'WARN|ERROR' "$LOG/hugo.check" | head -5 >&2; fi
	say "hugo: $(hugo version | cut -d' ' -f1-2), $(awk -F'|' '/^ *Pages /{gsub(/ /,"",$2); print $2}' "$LOG/hugo.check") pages"
	say "hugo: $(find "$HUGO_OUT" -name '*.html' | wc -l) HTML files"
}

tools=()
[ "$ONLY" = hugo ] || tools+=(kith)
[ "$ONLY" = kith ] || tools+=(hugo)
for t in "${tools[@]}"; do "check_$t"; done

# timed NAME: one run under /usr/bin/time, appending "wall_s peak_KiB user_s sys_s" to $LOG/NAME.
timed() {
	local name=$1
	shift
	/usr/bin/time -f "%e %M %U %S" -a -o "$LOG/$name" "$@" >/dev/null 2>"$LOG/$name.err" ||
		{ cat "$LOG/$name.err" >&2; die "$name failed"; }
}
run_kith() { fresh "$KITH_OUT"; timed kith "${kith_cmd[@]}"; }
run_hugo() { fresh "$HUGO_OUT"; timed hugo "${hugo_cmd[@]}"; }

say "machine: $ncpu CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load average $load0 before we started"
say "timing $RUNS runs each ($MODE)"
if [ "$MODE" = loop ]; then
	for i in $(seq 1 "$RUNS"); do
		# Alternate which tool goes first, so drift in the machine hits both.
		order=("${tools[@]}")
		if [ $((i % 2)) -eq 0 ]; then
			order=()
			for t in "${tools[@]}"; do order=("$t" "${order[@]}"); done
		fi
		for t in "${order[@]}"; do "run_$t"; done
	done
else
	hf=()
	for t in "${tools[@]}"; do
		out=$KITH_OUT
		[ "$t" = hugo ] && out=$HUGO_OUT
		cmd=("${kith_cmd[@]}")
		[ "$t" = hugo ] && cmd=("${hugo_cmd[@]}")
		hf+=(--prepare "$0 --fresh $out $GRAVE" -n "$t" "/usr/bin/time -f '%e %M %U %S' -a -o $LOG/$t ${cmd[*]}")
	done
	hyperfine -N --runs "$RUNS" --style basic --export-csv "$LOG/hyperfine.csv" "${hf[@]}" >"$LOG/hyperfine.out" 2>&1 ||
		{ cat "$LOG/hyperfine.out" >&2; die "hyperfine failed"; }
fi

# minimum of column $1 of the last $RUNS lines of file $2
minimum() { tail -n "$RUNS" "$2" | awk -v c="$1" '{print $c}' | sort -g | head -n 1; }

# median of column $1 of the last $RUNS lines of file $2 (column 5: user+sys)
median() {
	tail -n "$RUNS" "$2" | awk -v c="$1" '{$5 = $3 + $4; print $c}' | sort -g |
		awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'
}

say ""
for t in "${tools[@]}"; do
	tail -n "$RUNS" "$LOG/$t" | awk -v t="$t" '{printf "%-5s run %d: %7.2f s  %7.1f MiB  cpu %6.2f s\n", t, NR, $1, $2/1024, $3+$4}'
done
say ""
declare -A wall rss cpu
for t in "${tools[@]}"; do
	wall[$t]=$(median 1 "$LOG/$t")
	rss[$t]=$(median 2 "$LOG/$t")
	cpu[$t]=$(median 5 "$LOG/$t")
	printf '%-5s median: %7.2f s  %7.1f MiB peak RSS  cpu %.2f s  (fastest run %.2f s)\n' "$t" "${wall[$t]}" \
		"$(echo "${rss[$t]}" | awk '{print $1/1024}')" "${cpu[$t]}" "$(minimum 1 "$LOG/$t")"
done
if [ "${#tools[@]}" -eq 2 ]; then
	awk -v kw="${wall[kith]}" -v hw="${wall[hugo]}" -v km="${rss[kith]}" -v hm="${rss[hugo]}" \
		-v kc="${cpu[kith]}" -v hc="${cpu[hugo]}" \
		'BEGIN {printf "kith/hugo: %.2fx wall time, %.2fx peak memory, %.2fx CPU time\n", kw/hw, km/hm, kc/hc}'
fi
if [ "$MODE" = hyperfine ]; then
	say "hyperfine (median ± stddev): $(awk -F, 'NR>1 {printf "%s %.2f s ± %.2f  ", $1, $4, $3}' "$LOG/hyperfine.csv")"
fi

# The floor: reading the Markdown files alone, and copying them (read + write
# as many files as a build writes pages), both from a warm cache.
if [ "$FLOOR" = 1 ]; then
	for i in $(seq 1 "$RUNS"); do
		sync
		/usr/bin/time -f "%e %M" -a -o "$LOG/cat" sh -c 'find "$1" -type f -exec cat {} + >/dev/null' sh "$JDIR/content"
		fresh "$WORK/out-cp"
		/usr/bin/time -f "%e %M" -a -o "$LOG/cp" cp -r "$JDIR/content" "$WORK/out-cp"
	done
	printf 'floor median: cat %.2f s, cp -r %.2f s (%s files)\n' "$(median 1 "$LOG/cat")" "$(median 1 "$LOG/cp")" "$files"
fi

if awk -v l="$load0" -v n="$ncpu" 'BEGIN {exit !(l > n / 2)}'; then
	say "warning: load average was $load0 on $ncpu CPUs: other work competed with the runs; rerun on a quiet machine"
fi
say "logs: $LOG"
rm -rf "$GRAVE"
