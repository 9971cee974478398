#!/usr/bin/env bash
# Measures log noise (docs/telemetry.md#logs): starts the built server (Development, in-memory engine)
# on $PORT, runs 40 bulk e-mail jobs (3 inline recipients each)
# and 8 bad requests, polls each job to its end, stops, and counts the log entries by level.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-5871}
DLL=src/BackgroundJobs.Server/bin/Debug/net10.0/BackgroundJobs.Server.dll
LOG=$(mktemp)
DATA=$(mktemp -d)
(cd src/BackgroundJobs.Server && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:$PORT Storage__LocalPath=$DATA/blobs Email__OutboxPath=$DATA/outbox Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__SingleLine=true exec dotnet ../../$DLL >"$LOG" 2>&1) &
PID=$!
KEY='x-functions-key: local-dev-key'
for _ in $(seq 60); do curl -sf http://127.0.0.1:$PORT/healthz >/dev/null && break; sleep 0.5; done
ids=()
for i in $(seq 40); do
  id=$(curl -s -H "$KEY" -H 'Content-Type: application/json' -d "{\"subject\":\"Hi $i\",\"text\":\"Hello {{name}}\",\"recipients\":[{\"email\":\"a$i@example.com\",\"name\":\"A\"},{\"email\":\"b$i@example.com\",\"name\":\"B\"},{\"email\":\"c$i@example.com\",\"name\":\"C\"}]}" http://127.0.0.1:$PORT/api/jobs/bulk-email | sed -E 's/.*"id":"([^"]+)".*/\1/')
  ids+=("$id")
done
for i in $(seq 5); do curl -s -o /dev/null -H "$KEY" -H 'Content-Type: application/json' -d '{"subject":"","recipients":[]}' http://127.0.0.1:$PORT/api/jobs/bulk-email; done
for i in $(seq 3); do curl -s -o /dev/null -H "$KEY" -H 'Content-Type: application/json' -d '{"subject":' http://127.0.0.1:$PORT/api/jobs/bulk-email; done
for id in "${ids[@]}"; do
  for _ in $(seq 120); do curl -s -H "$KEY" http://127.0.0.1:$PORT/api/jobs/$id | grep -q '"status":"completed"' && break; sleep 0.25; done
done
kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true
echo "log lines: $(wc -l <"$LOG")"
for l in trce dbug info warn fail crit; do echo "$l: $(grep -c "^$l:" "$LOG" || true)"; done
echo "stack-trace lines: $(grep -cE '^\s+at ' "$LOG" || true)"
echo "info by category:"; grep '^info:' "$LOG" | sed -E 's/^info: ([^[]+)\[([0-9]+)\].*/\1[\2]/' | sort | uniq -c | sort -rn | head -20
echo "warn/fail:"; grep -E '^(warn|fail):' "$LOG" | cut -c1-220 | sort | uniq -c | head
cp "$LOG" "${KEEP_LOG:-/dev/null}"; rm -rf "$LOG" "$DATA"
