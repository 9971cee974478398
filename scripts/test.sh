#!/usr/bin/env bash
# Runs every test: installs Azurite from package-lock.json if needed, starts it on its own ports
# (so it never clashes with an Azurite you run yourself), runs `dotnet test`, and stops it again.
# Prints one closing line "Tests: N passed, N failed, N skipped" and exits non-zero on any failure,
# or when not every test project (tests/*/*.Tests.csproj) reported its results.
set -euo pipefail
cd "$(dirname "$0")/.."

BLOB_PORT=${AZURITE_BLOB_PORT:-10100}
QUEUE_PORT=$((BLOB_PORT + 1))
TABLE_PORT=$((BLOB_PORT + 2))
WORK=$(mktemp -d -t backgroundjobs-test-XXXXXX)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ ! -x node_modules/.bin/azurite ]; then
  echo "== npm ci (Azurite)"
  npm ci --no-audit --no-fund
fi

if port_open "$BLOB_PORT"; then
  echo "Port $BLOB_PORT is taken: stop what runs there or set AZURITE_BLOB_PORT." >&2
  exit 1
fi

echo "== Azurite on 127.0.0.1:$BLOB_PORT-$TABLE_PORT"
node_modules/.bin/azurite --silent --skipApiVersionCheck --location "$WORK/azurite" \
  --blobHost 127.0.0.1 --blobPort "$BLOB_PORT" \
  --queueHost 127.0.0.1 --queuePort "$QUEUE_PORT" \
  --tableHost 127.0.0.1 --tablePort "$TABLE_PORT" >"$WORK/azurite.log" 2>&1 &
AZURITE_PID=$!
trap 'kill "$AZURITE_PID" 2>/dev/null || true; wait "$AZURITE_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

for _ in $(seq 1 60); do
  if port_open "$BLOB_PORT" && port_open "$QUEUE_PORT" && port_open "$TABLE_PORT"; then break; fi
  if ! kill -0 "$AZURITE_PID" 2>/dev/null; then cat "$WORK/azurite.log" >&2; echo "Azurite exited." >&2; exit 1; fi
  sleep 0.5
done
port_open "$TABLE_PORT" || { cat "$WORK/azurite.log" >&2; echo "Azurite did not start." >&2; exit 1; }

# The well-known Azurite development account; a public constant, not a secret.
AZURITE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_KEY;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;"

echo "== dotnet test"
set +e
dotnet test Functions.sln --logger "console;verbosity=normal" "$@" 2>&1 | tee "$WORK/test.log"
status=${PIPESTATUS[0]}
set -e

# Each test project ends with a block: "Total tests: N", "Passed: N", "Failed: N", "Skipped: N".
# A project that did not build, crashed or was left out reports no block, and dotnet test can
# still exit 0; so every test project in the tree must have reported one.
sum() { grep -E "^ +$1: +[0-9]+\s*$" "$WORK/test.log" | awk '{ n += $2 } END { print n + 0 }'; }
shopt -s nullglob
test_projects=(tests/*/*.Tests.csproj)
expected=${#test_projects[@]}
projects=$(grep -cE '^Total tests: ' "$WORK/test.log" || true)
# The end of the log is what a CI page shows (often only its last few KB), so each failed test
# is repeated here with its message and the first lines of its stack trace, but not its output
# (a crash test's output is hundreds of server log lines), each line cut short; then their names.
failures=$(grep -cE '^\s+Failed [A-Za-z_]' "$WORK/test.log" || true)
if [ "$failures" -gt 0 ]; then
  echo
  echo "== failed tests"
  awk '/^ +Failed [A-Za-z_]/ { show = 1; lines = 0 }
       /^ +Standard (Output|Error) Messages:/ { show = 0 }
       show && lines < 16 { print substr($0, 1, 400); lines++ }' "$WORK/test.log"
  echo
  echo "== failed: $failures"
  grep -E '^\s+Failed [A-Za-z_]' "$WORK/test.log" | cut -c1-300
fi
echo
echo "Test projects run: $projects of $expected"
echo "Tests: $(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped"
if [ "$projects" -ne "$expected" ]; then
  echo "Expected results from $expected test projects (tests/*/*.Tests.csproj), got $projects." >&2
  if [ "$status" -eq 0 ]; then status=1; fi
fi
exit "$status"
