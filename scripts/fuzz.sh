#!/usr/bin/env bash
# Builds the fuzz targets of Fuzz/ with libFuzzer and AddressSanitizer and
# runs each for a bounded time, starting from the committed seeds.
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
#
# SECONDS is per target (default 15: one minute for the four); TARGETs are
# decoder, jsonl, rulepack and pattern (default all). Inputs that reach new
# code are kept in Fuzz/.build/corpus/TARGET (not committed) and used by
# the next run. Exits 1 on a finding and prints the input's path; rerun it
# with `Fuzz/.build/debug/fuzz-TARGET PATH`. A finding worth keeping goes
# into Fuzz/corpus/TARGET/ and, once fixed, into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-15}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decoder jsonl rulepack pattern)

# -sanitize=fuzzer,address in one flag: with two -sanitize flags swiftc
# keeps only the last, and SwiftPM's --sanitize writes one per sanitizer.
build=(swift build --package-path Fuzz --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address)
started=$(date +%s)
"${build[@]}" 2>&1 | grep -v "Cannot export local symbol" || { echo "fuzz: build failed" >&2; exit 2; }
bin=$("${build[@]}" --show-bin-path)
echo "fuzz: built in $(( $(date +%s) - started )) s"

# The Swift runtime's backtracer would wait on a crashed fuzzer for its
# report; libFuzzer prints its own and saves the input.
export SWIFT_BACKTRACE=enable=no
# Caches that live as long as the process (ICU, the normaliser's table)
# are not leaks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

max_len() {
    case $1 in
        pattern) echo 512 ;;
        *) echo 4096 ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    seeds=Fuzz/corpus/$target
    [ -d "$seeds" ] || { echo "fuzz: no target '$target' (no $seeds)" >&2; exit 2; }
    corpus=Fuzz/.build/corpus/$target
    findings=Fuzz/.build/findings/$target
    mkdir -p "$corpus" "$findings"
    log=Fuzz/.build/findings/$target.log
    echo "fuzz: $target for $seconds s"
    if "$bin/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
        -artifact_prefix="$findings/" -print_final_stats=1 "$corpus" "$seeds" >"$log" 2>&1; then
        grep -E "^stat::number_of_executed_units|^Done" "$log" | tr '\n' ' '
        echo
    else
        status=1
        grep -E "property failed|ERROR:|SUMMARY" "$log" | head -n 5 >&2 || true
        input=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | tail -n 1)
        echo "fuzz: $target found a problem; input: ${input:-see $log}; log: $log" >&2
    fi
done
exit $status
