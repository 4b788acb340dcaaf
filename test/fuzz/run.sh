#!/usr/bin/env bash
# Runs every libFuzzer target of test/fuzz for a bounded time and fails on any crash, leak,
# timeout or out-of-memory; prints the executions per target.
#
#   test/fuzz/run.sh <builddir> <seconds> [target...]
#
# Without targets, every test/fuzz/<target>.cpp runs. FLUXER_FUZZ_JOBS targets (default 1)
# run at the same time, each on one core; the results are printed in target order.
#
# <builddir> is configured with clang and -Dfuzzing=true, e.g.
#   CXX=clang++ meson setup build-fuzz -Dfuzzing=true -Db_lundef=false -Dsamples=false
# The targets are built first (ninja target `fuzz`). Each run starts from the checked-in
# seed corpus test/fuzz/corpus/<target>/; inputs it discovers go to a scratch directory
# (the checked-in corpus stays small). Crash inputs are kept in
# <builddir>/test/fuzz/artifacts/<target>/ and printed as a path.
set -u

if [ $# -lt 2 ]; then
  echo "usage: $0 <builddir> <seconds> [target...]" >&2
  exit 2
fi
builddir=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in "$here"/*.cpp; do targets+=("$(basename "$source" .cpp)"); done
fi

if ! ninja -C "$builddir" fuzz >/dev/null; then
  echo "fuzz: cannot build the targets in $builddir (configured with CXX=clang++ -Dfuzzing=true?)" >&2
  ninja -C "$builddir" fuzz 2>&1 | tail -30 >&2
  exit 1
fi

# One target: runs it and writes its result line (and, on failure, the findings) to $2.
run_one() {
  local name=$1 out=$2
  local exe="$builddir/test/fuzz/$name"
  if [ ! -x "$exe" ]; then
    echo "$name: not built ($exe missing)" >"$out"
    return
  fi
  local scratch artifacts seeds log rc execs rate peak units
  scratch=$(mktemp -d)
  artifacts="$builddir/test/fuzz/artifacts/$name"
  mkdir -p "$scratch/corpus" "$artifacts"
  seeds="$here/corpus/$name"
  [ -d "$seeds" ] || seeds=""
  log="$builddir/test/fuzz/$name.log"
  # -timeout: one input may take at most 10 s; -rss_limit_mb: a run may not exceed 2 GiB;
  # leaks are reported by LeakSanitizer at exit (-detect_leaks is on with ASan).
  # UBSan: suppressions for third-party code only (ubsan.supp), halt on anything else.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-suppressions=$here/ubsan.supp:halt_on_error=1:print_stacktrace=1} \
    "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$scratch/corpus" $seeds >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  peak=$(sed -n 's/^stat::peak_rss_mb: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  units=$(ls "$scratch/corpus" | wc -l)
  rm -rf "$scratch"
  {
    printf '%s: %s executions (%s/s; run for at most %ss), %s new corpus units, peak RSS %s MB, exit %s\n' \
      "$name" "${execs:-?}" "${rate:-?}" "$seconds" "$units" "${peak:-?}" "$rc"
    if [ $rc -ne 0 ]; then
      echo "---- $name failed (log: $log) ----"
      grep -E 'ERROR|SUMMARY|runtime error|Test unit written|timeout|leak' "$log" | head -20
    fi
  } >"$out"
}

jobs_max=${FLUXER_FUZZ_JOBS:-1}
results=$(mktemp -d)
for name in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
  run_one "$name" "$results/$name" &
done
wait

status=0
total=0
for name in "${targets[@]}"; do
  cat "$results/$name"
  line=$(head -1 "$results/$name")
  case "$line" in
    *" exit 0") ;;
    *) status=1 ;;
  esac
  execs=$(echo "$line" | sed -n 's/^[^:]*: \([0-9][0-9]*\) executions.*/\1/p')
  total=$(( total + ${execs:-0} ))
done
rm -rf "$results"
echo "total: $total executions"
exit $status
