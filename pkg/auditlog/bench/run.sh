#!/usr/bin/env bash
# The log benchmark behind `make bench`: generates a deterministic native JSONL
# file of BENCH_GIB GiB (aims-loggen, seed 42) with a matching aims project,
# then measures, from one run each on the same warm file, `aims logs analyze`
# (every finding on: the project's agents have grants, resources, allowed
# models, data categories, logging and human-review rules),
# `jq -c 'select(.outcome=="error")'` and `wc -l`, and prints throughputs,
# ratios and aims' peak RSS. Targets on 2 cores: >= 15x jq, >= 0.1x wc -l,
# peak RSS <= 100 MB.
set -euo pipefail

GIB="${1:-1}"
GO="${GO:-go}"
OUT="${BENCH_OUT:-bench/out}"
AIMS="${AIMS:-bin/aims}"
PROJ="$OUT/project"
LOG="$PROJ/bench.jsonl"
SIZE=$(awk -v g="$GIB" 'BEGIN { printf "%d", g * 1073741824 }')

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)" # absolute: aims runs from inside the project
PROJ="$OUT/project"
LOG="$PROJ/bench.jsonl"
$GO build -trimpath -o "$OUT/aims-loggen" ./cmd/aims-loggen
if [ ! -f "$LOG" ] || [ "$(cat "$OUT/size" 2>/dev/null)" != "$SIZE" ]; then
	echo "generating $LOG ($GIB GiB, seed 42) ..."
	rm -rf "$PROJ"
	mkdir -p "$PROJ"
	"$OUT/aims-loggen" -size "$SIZE" -seed 42 -out "$LOG" -project "$PROJ"
	echo "$SIZE" > "$OUT/size"
fi
BYTES=$(stat -c %s "$LOG")
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
cat "$LOG" > /dev/null # warm the page cache so that every tool reads from memory

TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
	echo "GNU time not found (/usr/bin/time): apt-get install -y time" >&2
	exit 1
fi

# measure NAME CMD...: runs CMD once, records wall seconds and peak RSS (KiB).
measure() {
	local name="$1"; shift
	"$TIME" -f "%e %M %U %S" -o "$OUT/$name.time" "$@" > "$OUT/$name.out"
	read -r wall rss user sys < "$OUT/$name.time"
	eval "${name}_wall=$wall ${name}_rss=$rss ${name}_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
}

# CPU pressure (share of time runnable tasks waited for a core) tells whether
# other work on the machine took cores from the measured tools.
pressure() { awk '/^some/ { sub("avg10=", "", $2); print $2 "%" }' /proc/pressure/cpu 2>/dev/null || echo "n/a"; }
PRESSURE_BEFORE=$(pressure)

ABS_AIMS="$(cd "$(dirname "$AIMS")" && pwd)/$(basename "$AIMS")"
pushd "$PROJ" > /dev/null
measure aims "$ABS_AIMS" logs analyze bench.jsonl --format json --output "../aims.json"
popd > /dev/null
measure wc wc -l "$LOG"
HAVE_JQ=1
if command -v jq > /dev/null; then
	measure jq jq -c 'select(.outcome=="error")' "$LOG"
else
	HAVE_JQ=0
	echo "jq not found: install it (apt-get update && apt-get install -y jq) to measure the jq ratio" >&2
fi

rate() { awk -v mb="$MB" -v s="$1" 'BEGIN { if (s <= 0) s = 0.01; printf "%.0f", mb / s }'; }
echo
echo "file: $LOG ($MB MB, $(cat "$OUT/wc.out" | awk '{print $1}') lines); cores: $(nproc)"
printf '%-22s %8s %10s %10s\n' tool "wall s" "MB/s" "cpu s"
printf '%-22s %8s %10s %10s\n' "aims logs analyze" "$aims_wall" "$(rate "$aims_wall")" "$aims_cpu"
if [ "$HAVE_JQ" = 1 ]; then
	printf '%-22s %8s %10s %10s\n' "jq select(error)" "$jq_wall" "$(rate "$jq_wall")" "$jq_cpu"
fi
printf '%-22s %8s %10s %10s\n' "wc -l" "$wc_wall" "$(rate "$wc_wall")" "$wc_cpu"
echo
if [ "$HAVE_JQ" = 1 ]; then
	awk -v a="$aims_wall" -v j="$jq_wall" 'BEGIN { printf "aims/jq   %6.1fx  (target >= 15x)\n", j / a }'
fi
awk -v a="$aims_wall" -v w="$wc_wall" 'BEGIN { printf "aims/wc   %6.2fx  (target >= 0.1x)\n", w / a }'
awk -v r="$aims_rss" 'BEGIN { printf "aims peak RSS %.1f MB (target <= 100 MB)\n", r / 1024 }'
awk -v c="$aims_cpu" -v w="$aims_wall" -v n="$(nproc)" 'BEGIN { if (w <= 0) w = 0.01; printf "aims used %.0f%% of %d cores (cpu s / wall s); below ~%d%% the machine was busy\n", 100 * c / w, n, 90 * n }'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); CPU pressure (avg10) before $PRESSURE_BEFORE, after $(pressure) (other work on the machine slows every tool)"
