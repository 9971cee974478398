#!/usr/bin/env bash
# Ours beside the peers (BullMQ; Hangfire with --peer-systems), in one invocation, interleaved in
# rounds: one JSON line per figure with ours, the peer's and the ratio (docs/speed.md).
#
#   bench/compare.sh                                   # the full run: 3 rounds, published sizes (~10 min)
#   bench/compare.sh --rounds 1 --reps 1 --warm-up-seconds 0 --recipients 2000 --jobs 200 \
#       --fan-out 50 --latency-starts 50               # a smoke run (< 1 min)
#   bench/compare.sh --peers none ...                  # ours alone (no Redis needed): what CI runs
#
# The peers' harness (../shared/peers, or PEERS_SOURCE) is used as it is, from a writable copy in
# PEERS_WORK (run.sh writes out/, npm ci node_modules/); it needs node and redis-server (its run.sh
# apt-get installs redis-server when missing). BENCH_DLL runs an already built bench instead of
# `dotnet run -c Release` (the CI smoke test uses the Debug build).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS_SOURCE="${PEERS_SOURCE:-$REPO/../shared/peers}"
PEERS_WORK="${PEERS_WORK:-${TMPDIR:-/tmp}/backgroundjobs-peers}"

args=("$@")
peers=""
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--peers" ]; then peers="${args[$((i + 1))]:-}"; fi
done

if [ -z "$peers" ]; then
  if [ ! -x "$PEERS_SOURCE/run.sh" ]; then
    echo "No peers' harness at $PEERS_SOURCE (set PEERS_SOURCE, or --peers none for ours alone)." >&2
    exit 2
  fi
  # A fresh copy when the source changed; node_modules and the Hangfire build are kept between runs.
  mkdir -p "$PEERS_WORK"
  cp -r --preserve=timestamps -u "$PEERS_SOURCE/." "$PEERS_WORK/"
  chmod -R u+w "$PEERS_WORK"
  if [ ! -d "$PEERS_WORK/bullmq/node_modules" ]; then
    (cd "$PEERS_WORK/bullmq" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  args+=(--peers "$PEERS_WORK")
fi

if [ -n "${BENCH_DLL:-}" ]; then
  exec dotnet "$BENCH_DLL" --compare "${args[@]}"
fi
exec dotnet run -c Release --project "$REPO/bench/BackgroundJobs.Bench" -- --compare "${args[@]}"
