#!/usr/bin/env bash
# Checks scripts/test.sh itself: with a stand-in `dotnet` that exits 0 after reporting results for
# fewer test projects than tests/*/*.Tests.csproj holds, test.sh must fail; for all of them it must pass.
# Starts test.sh's Azurite on SELFTEST_BLOB_PORT (default 10110, +1, +2), away from test.sh's own 10100.
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
projects=(tests/*/*.Tests.csproj)
expected=${#projects[@]}
port=${SELFTEST_BLOB_PORT:-10110}
fake=$(mktemp -d -t test-sh-selftest-XXXXXX)
trap 'rm -rf "$fake"' EXIT

# $1 = how many projects the stand-in reports; test.sh's exit code is printed.
run_with() {
  cat >"$fake/dotnet" <<FAKE
#!/usr/bin/env bash
for i in \$(seq 1 $1); do printf 'Total tests: 2\n     Passed: 2\n'; done
exit 0
FAKE
  chmod +x "$fake/dotnet"
  set +e
  PATH="$fake:$PATH" AZURITE_BLOB_PORT="$port" scripts/test.sh >"$fake/out.log" 2>&1
  echo $?
  set -e
}

failed=0
partial=$(run_with $((expected - 1)))
if [ "$partial" -eq 0 ]; then
  echo "FAIL: test.sh passed with results from $((expected - 1)) of $expected test projects:" >&2
  tail -n 5 "$fake/out.log" >&2
  failed=1
fi

complete=$(run_with "$expected")
if [ "$complete" -ne 0 ]; then
  echo "FAIL: test.sh failed (exit $complete) with results from all $expected test projects:" >&2
  tail -n 5 "$fake/out.log" >&2
  failed=1
fi

[ "$failed" -eq 0 ] && echo "test.sh self-test: passed ($expected test projects)"
exit "$failed"
