#!/usr/bin/env bash
# Runs the coverage-guided fuzz targets of fuzz/ (cargo-fuzz, libFuzzer) on stable Rust
# (RUSTC_BOOTSTRAP=1 lets cargo-fuzz use the sanitizer flags it needs).
#
#   bash scripts/fuzz.sh                 # every target for 600 s (the record in docs/reliability.md)
#   FUZZ_SECONDS=60 bash scripts/fuzz.sh otpauth_uri jwt_decode
#   FUZZ_RUNS=2000 bash scripts/fuzz.sh  # a fixed number of runs per target (what CI does)
#
# Each target starts from fuzz/seeds/<target> (committed, from the tests' values) plus the
# working corpus fuzz/corpus/<target> (kept between runs, not committed). A crash stops the
# script with the target's artefact in fuzz/artifacts/<target>/: add it as a regression test.
# The last lines per target (executions, coverage) are printed for the record.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install --locked cargo-fuzz@0.13.2
fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    mapfile -t targets < <(cd fuzz && cargo fuzz list)
fi
if [[ -n "${FUZZ_RUNS:-}" ]]; then
    limit=(-runs="$FUZZ_RUNS")
else
    limit=(-max_total_time="${FUZZ_SECONDS:-600}")
fi
cd fuzz
cargo fuzz build -O
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    log="$(mktemp)"
    if ! cargo fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
        "${limit[@]}" -print_final_stats=1 -max_len=8192 >"$log" 2>&1; then
        tail -40 "$log"
        echo "fuzz: $target FAILED (artefact in fuzz/artifacts/$target/)" >&2
        exit 1
    fi
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    coverage=$(grep -oE '(#[0-9]+\s+)?(DONE|INITED).*cov: [0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+' || echo 'cov: ?')
    features=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 || echo 'ft: ?')
    corpus=$(find "corpus/$target" -type f | wc -l)
    echo "fuzz: $target: ${executed} executions, ${coverage}, ${features}, corpus ${corpus} inputs"
    rm -f "$log"
done
