#!/usr/bin/env bash
# Peak resident memory of `pacta check` (load + evaluate + report) on
# generated scenarios, against the size of the YAML file; see
# docs/performance.md. Needs GNU time (`apt-get install time`).
#
#   bash benches/peak_rss.sh            # 10k, 100k and 1M facts, 3 runs each
#   FACTS="100000" RUNS=1 bash benches/peak_rss.sh
#   SKIP_BUILD=1 ...                     # use the binaries already built
set -euo pipefail

cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
facts=${FACTS:-10000 100000 1000000}
runs=${RUNS:-3}
seed=${SEED:-7}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

if [ -z "${SKIP_BUILD:-}" ]; then
    cargo build --release --quiet --bin pacta --example pacta-gen
fi
pacta="$target/release/pacta"

# Runs pacta under GNU time; prints "peak_kib user_s wall_s".
measure() {
    local code=0
    /usr/bin/time -f "%M %U %e" -o "$dir/time" "$pacta" check rules "$@" --format json \
        >/dev/null 2>"$dir/err" || code=$?
    # 0: compliant, 1: violations found; anything else is a failure.
    if [ "$code" -gt 1 ]; then
        echo "pacta check failed (exit $code):" >&2
        cat "$dir/err" >&2
        exit 1
    fi
    tail -n 1 "$dir/time"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

read -r rules_kib _ < <(measure)
echo "pacta check rules (no scenario): peak RSS $((rules_kib / 1024)) MiB"
echo
echo "| facts | YAML file | peak RSS | peak RSS / file | user CPU |"
echo "|---:|---:|---:|---:|---:|"
for n in $facts; do
    "$target/release/examples/pacta-gen" --facts "$n" --seed "$seed" -o "$dir/s.yaml" 2>/dev/null
    bytes=$(stat -c %s "$dir/s.yaml")
    : >"$dir/peaks"
    : >"$dir/users"
    for _ in $(seq "$runs"); do
        read -r kib user _ < <(measure "$dir/s.yaml")
        echo "$kib" >>"$dir/peaks"
        echo "$user" >>"$dir/users"
    done
    kib=$(median <"$dir/peaks")
    user=$(median <"$dir/users")
    awk -v n="$n" -v b="$bytes" -v k="$kib" -v u="$user" 'BEGIN {
        printf "| %d | %.1f MB | %.1f MB | %.2f× | %.1f s |\n", n, b / 1e6, k * 1024 / 1e6, k * 1024 / b, u
    }'
done
