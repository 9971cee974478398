#!/usr/bin/env bash
# One Azure Storage bench run on a fresh Azurite (so no earlier run's queues weigh on it):
#   bench/azure-run.sh <label> [bench args...]    e.g.  Engine__PartitionCount=1 bench/azure-run.sh p1 --scenarios fan_out
# Prints the load average before and after, the bench's JSON lines, the control queues Azurite holds
# (so an Engine__* override is seen to take effect) and Azurite's CPU: its average over the run and
# its busiest 5 s. Azurite runs on AZURITE_BLOB_PORT (default 10600) and the two ports above it.
# Build first: dotnet build -c Release bench/BackgroundJobs.Bench
set -uo pipefail
cd "$(dirname "$0")/.."
label=$1; shift
BLOB_PORT=${AZURITE_BLOB_PORT:-10600}
WORK=$(mktemp -d -t azure-run-XXXXXX)
node_modules/.bin/azurite --silent --skipApiVersionCheck --location "$WORK/azurite" \
  --blobHost 127.0.0.1 --blobPort "$BLOB_PORT" --queueHost 127.0.0.1 --queuePort $((BLOB_PORT + 1)) \
  --tableHost 127.0.0.1 --tablePort $((BLOB_PORT + 2)) ${AZURITE_DEBUG:+--debug "$AZURITE_DEBUG"} >"$WORK/azurite.log" 2>&1 &
AZ=$!
trap 'kill "$SAMPLER" 2>/dev/null; kill "$AZ" 2>/dev/null; wait "$AZ" 2>/dev/null; rm -rf "$WORK"' EXIT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 60); do port_open $((BLOB_PORT + 2)) && break; sleep 0.5; done
ticks() { awk '{ print $14 + $15 }' "/proc/$AZ/stat"; }
hz=$(getconf CLK_TCK)
( prev=$(ticks); while sleep 5; do now=$(ticks) || exit; echo $(( (now - prev) * 100 / (5 * hz) )); prev=$now; done ) >"$WORK/samples" &
SAMPLER=$!
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((BLOB_PORT + 1))/devstoreaccount1;TableEndpoint=http://127.0.0.1:$((BLOB_PORT + 2))/devstoreaccount1;"
echo "== $label $(date -u +%H:%M:%S) before: $(uptime | sed 's/.*load/load/') env: $(env | grep '^Engine__' | tr '\n' ' ')"
start_ticks=$(ticks); t0=$(date +%s.%N)
timeout ${BENCH_TIMEOUT:-900} dotnet bench/BackgroundJobs.Bench/bin/Release/net10.0/BackgroundJobs.Bench.dll --engine AzureStorage "$@" 2>&1 | tee "${BENCH_LOG:-$WORK/bench.log}" | grep -v '^\s*$' | grep -E '^\{|rror|xception|warn|PopReceipt' | head -200
rc=${PIPESTATUS[0]}
t1=$(date +%s.%N); end_ticks=$(ticks)
echo "== $label rc=$rc wall=$(echo "$t1 - $t0" | bc)s after: $(uptime | sed 's/.*load/load/')"
echo "== $label azurite cpu avg=$(echo "scale=0; ($end_ticks - $start_ticks) * 100 / $hz / ($t1 - $t0)" | bc)% peak5s=$(sort -n "$WORK/samples" | tail -1)%  control queues: $(grep -aoE 'bench[0-9a-f]{8}-control-[0-9]+' -r "$WORK/azurite" 2>/dev/null | sed 's/.*-control-/c/' | sort -u | tr '\n' ' ')"
grep -c PopReceiptMismatch "${BENCH_LOG:-$WORK/bench.log}" | sed "s/^/== $label PopReceiptMismatch lines: /"
