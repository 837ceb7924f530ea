#!/usr/bin/env bash
# Engine benchmark: assess 10,000 and 100,000 generated agents against the
# builtin catalogue, and load the same agents' YAML; prints medians and the
# two ratios the compliance-brain issue sets targets for.
#
# Equal work per sample: 10 assessments of 10,000 agents against one of
# 100,000, each benchmark warmed by one untimed assessment (see
# benchAssess). COUNT samples each (default 5); medians, because a shared
# machine's noise is one-sided.
set -euo pipefail
cd "$(dirname "$0")/../../.."
COUNT=${COUNT:-5}
out=$(mktemp)
trap 'rm -f "$out" "$out.test"' EXIT
go test -c -o "$out.test" ./pkg/engine
(
  cd pkg/engine
  "$out.test" -test.run '^$' -test.bench '^BenchmarkAssess10k$' -test.benchtime 10x -test.count "$COUNT"
  "$out.test" -test.run '^$' -test.bench '^BenchmarkAssess100k$' -test.benchtime 1x -test.count "$COUNT"
  # Cold: one assessment in a fresh process, no warm-up (memory faulted in
  # fresh, caches empty), COUNT processes each.
  for _ in $(seq "$COUNT"); do
    AIMS_BENCH_COLD=1 "$out.test" -test.run '^$' -test.bench '^BenchmarkAssess10k$' -test.benchtime 1x | sed 's/^BenchmarkAssess10k/BenchmarkCold10k/'
    AIMS_BENCH_COLD=1 "$out.test" -test.run '^$' -test.bench '^BenchmarkAssess100k$' -test.benchtime 1x | sed 's/^BenchmarkAssess100k/BenchmarkCold100k/'
  done
  "$out.test" -test.run '^$' -test.bench '^BenchmarkLoad10k$' -test.benchtime 3x -test.count "$COUNT"
  "$out.test" -test.run '^$' -test.bench '^BenchmarkLoad100k$' -test.benchtime 1x -test.count "$COUNT"
) | tee "$out"
awk '
  /^Benchmark/ {
    name = $1; sub(/-[0-9]+$/, "", name)
    wall[name] = wall[name] " " $3 / 1e6
    for (i = 4; i <= NF; i++) if ($(i+1) == "cpu-ms/op") cpu[name] = cpu[name] " " $i
  }
  function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    a10 = median(wall["BenchmarkAssess10k"]); a100 = median(wall["BenchmarkAssess100k"])
    c10 = median(cpu["BenchmarkAssess10k"]); c100 = median(cpu["BenchmarkAssess100k"])
    k10 = median(wall["BenchmarkCold10k"]); k100 = median(wall["BenchmarkCold100k"])
    l10 = median(wall["BenchmarkLoad10k"]); l100 = median(wall["BenchmarkLoad100k"])
    printf "\nmedians (ms): assess 10k %.0f, 100k %.0f; load 10k %.0f, 100k %.0f\n", a10, a100, l10, l100
    printf "100k / 10k assess: %.1fx wall, %.1fx CPU (target <= 10.5x)\n", a100 / a10, c100 / c10
    printf "100k / 10k assess, cold (one assessment per fresh process): %.1fx wall (%.0f / %.0f ms, target <= 10.5x)\n", k100 / k10, k100, k10
    printf "assess / load: %.2fx at 10k, %.2fx at 100k (target <= 2x)\n", a10 / l10, a100 / l100
  }' "$out"
