#!/usr/bin/env bash
# The log benchmark behind `make bench`. For every workload:format set of
# BENCH_SETS it generates a deterministic log of about BENCH_GIB GiB
# (aims-loggen, seed 42) with a matching aims project, then measures, from one
# run each on the same warm file, `aims logs analyze` (every finding on: the
# project's agents have grants, resource globs, allowed models, data
# categories, logging and human-review rules), a jq filter over the same
# records (for the gzip CloudTrail folder: `zcat | jq`) and `wc -l` (`zcat |
# wc -l`), and prints throughputs, ratios, aims' peak RSS and CPU use, and the
# CPU pressure of the machine (other work slows every tool).
#
# Targets on 2 cores: native JSONL >= 15x jq and >= 0.1x wc -l; OTLP, OCSF,
# CSV >= 10x jq; CloudTrail .json.gz >= 10x zcat | jq; peak RSS <= 100 MB.
set -euo pipefail

GIB="${1:-1}"
GO="${GO:-go}"
OUT="${BENCH_OUT:-bench/out}"
AIMS="${AIMS:-bin/aims}"
SETS="${BENCH_SETS:-basic:jsonl platform:jsonl platform:otlp platform:ocsf platform:csv platform:cloudtrail}"
SIZE=$(awk -v g="$GIB" 'BEGIN { printf "%d", g * 1073741824 }')

TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
	echo "GNU time not found (/usr/bin/time): apt-get install -y time" >&2
	exit 1
fi
HAVE_JQ=1
command -v jq > /dev/null || { HAVE_JQ=0; echo "jq not found: install it (apt-get install -y jq) to measure the jq ratios" >&2; }

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)" # absolute: aims runs from inside each project
ABS_AIMS="$(cd "$(dirname "$AIMS")" && pwd)/$(basename "$AIMS")"
$GO build -trimpath -o "$OUT/aims-loggen" ./cmd/aims-loggen

# measure NAME CMD...: runs CMD once; sets NAME_wall, NAME_rss (KiB), NAME_cpu.
measure() {
	local name="$1"; shift
	"$TIME" -f "%e %M %U %S" -o "$OUT/$name.time" "$@" > "$OUT/$name.out"
	read -r wall rss user sys < "$OUT/$name.time"
	eval "${name}_wall=$wall ${name}_rss=$rss ${name}_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
}

pressure() { awk '/^some/ { sub("avg10=", "", $2); print $2 "%" }' /proc/pressure/cpu 2>/dev/null || echo "n/a"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a <= 0) a = 0.01; printf "%.2f", b / a }'; }
rate() { awk -v mb="$1" -v s="$2" 'BEGIN { if (s <= 0) s = 0.01; printf "%.0f", mb / s }'; }

# busy NOW: the CPU pressure (avg10, %) as a number, for the busy mark.
busy() { awk '/^some/ { sub("avg10=", "", $2); print $2 + 0 }' /proc/pressure/cpu 2>/dev/null || echo 0; }
START_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
START_TIME="$(date -u +%Y-%m-%dT%H:%MZ)"
BUSY=0

ROWS=()
for set in $SETS; do
	workload="${set%%:*}"
	format="${set##*:}"
	proj="$OUT/$workload-$format"
	case "$format" in
	cloudtrail) log="$proj/trail" ;;
	*) log="$proj/bench.$format" ;;
	esac
	if [ ! -e "$log" ] || [ "$(cat "$proj/size" 2>/dev/null)" != "$SIZE" ]; then
		echo "generating $log ($workload workload, $format, $GIB GiB, seed 42) ..." >&2
		rm -rf "$proj"
		mkdir -p "$proj"
		"$OUT/aims-loggen" -workload "$workload" -format "$format" -size "$SIZE" -seed 42 -out "$log" -project "$proj"
		echo "$SIZE" > "$proj/size"
	fi
	if [ "$format" = cloudtrail ]; then
		bytes=$(cat "$log"/*.json.gz | gzip -dc | wc -c)
		cat "$log"/*.json.gz > /dev/null
		measure wc sh -c "gzip -dc '$log'/*.json.gz | wc -l"
		[ "$HAVE_JQ" = 1 ] && measure jq sh -c "gzip -dc '$log'/*.json.gz | jq -c '.Records[] | select(.errorCode != null)'"
	else
		bytes=$(stat -c %s "$log")
		cat "$log" > /dev/null # warm the page cache so that every tool reads from memory
		measure wc wc -l "$log"
		if [ "$HAVE_JQ" = 1 ]; then
			case "$format" in
			jsonl) measure jq jq -c 'select(.outcome=="error")' "$log" ;;
			ocsf) measure jq jq -c 'select(.status_id==2)' "$log" ;;
			otlp) measure jq jq -c '.resourceSpans[].scopeSpans[].spans[] | select(.status.code==2)' "$log" ;;
			csv) measure jq jq -R -c 'select(contains(",error,"))' "$log" ;;
			esac
		fi
	fi
	mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
	before=$(pressure)
	pushd "$proj" > /dev/null
	measure aims "$ABS_AIMS" logs analyze --format json --output "$OUT/aims-$workload-$format.json"
	popd > /dev/null
	mark=""
	if awk -v a="$(busy)" -v b="${before%\%}" 'BEGIN { exit !(a > 5 || b > 5) }'; then mark=" BUSY"; BUSY=1; fi
	cores=$(awk -v c="$aims_cpu" -v w="$aims_wall" 'BEGIN { if (w <= 0) w = 0.01; printf "%.0f%%", 100 * c / w }')
	jqr="n/a"; [ "$HAVE_JQ" = 1 ] && jqr="$(ratio "$aims_wall" "$jq_wall")x"
	ROWS+=("$(printf '%-20s %9s %7s %8s %8s %9s %8s %9s %7s %s->%s' "$workload:$format" "$mb" "$aims_wall" "$(rate "$mb" "$aims_wall")" "$jqr" "$(ratio "$aims_wall" "$wc_wall")x" \
		"$(awk -v r="$aims_rss" 'BEGIN { printf "%.1f", r / 1024 }')" "$aims_cpu" "$cores" "$before" "$(pressure)")$mark")
done

echo
echo "started $START_TIME, load average then: $START_LOAD; $(nproc) cores; files of $GIB GiB"
echo "cores: $(nproc); one run each on the same warm file; ratios are aims' speed over the other tool's (aims/jq = jq wall / aims wall)"
printf '%-20s %9s %7s %8s %8s %9s %8s %9s %7s %s\n' set "MB" "aims s" "MB/s" "aims/jq" "aims/wc" "RSS MB" "cpu s" "cores" "CPU pressure before->after"
for r in "${ROWS[@]}"; do echo "$r"; done
echo
echo "targets: jsonl >= 15x jq and >= 0.1x wc -l; otlp, ocsf, csv >= 10x jq; cloudtrail >= 10x zcat|jq; RSS <= 100 MB"
if [ "$BUSY" = 1 ]; then
	echo "the machine was BUSY during the rows marked BUSY (CPU pressure above 5%): other work took cores, so their ratios are depressed"
else
	echo "the machine was quiet (CPU pressure at most 5% around every aims run)"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (a CPU pressure above a few % means other work took cores from the measured tools)"
