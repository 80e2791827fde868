#!/usr/bin/env bash
# Client-compatibility harness: installs the pinned clients (npm ci), builds
# the server, starts it on an empty SQLite database (it loads the demo
# data) on a free port, and runs clients/test.mjs against it: the
# graphql-http audit, Apollo Client, urql, graphql-ws, graphql-sse, Relay
# and apollo-upload-client. Exits non-zero when any check fails; the
# server's log is clients/artifacts/server.log.
#
#   bash clients/run.sh
#
# WUTONG_BIN picks a server binary to test instead of building one.
set -euo pipefail

clients="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$clients")" # the module
artifacts="$clients/artifacts"
started=$SECONDS
rm -rf "$artifacts"

echo "== npm ci (clients/)"
(cd "$clients" && npm ci --no-audit --no-fund --loglevel=error)

tmp="$(mktemp -d)"
server_pid=""
stop() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  mkdir -p "$artifacts"
  cp "$tmp/server.log" "$artifacts/server.log" 2>/dev/null || true
  rm -rf "$tmp"
}
trap stop EXIT

bin="${WUTONG_BIN:-}"
if [ -z "$bin" ]; then
  echo "== go build"
  bin="$tmp/wutong-clients"
  (cd "$root" && go build -o "$bin" .)
fi

# A free port on the loopback interface.
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
echo "== starting the server on port $port"
DATABASE_URL="$tmp/wutong.db" DATA_DIR="$tmp/data" PORT="$port" DEMO=true \
  "$bin" >"$tmp/server.log" 2>&1 &
server_pid=$!

url="http://127.0.0.1:$port"
# Connections wait in the listen backlog while the demo data loads.
deadline=$((SECONDS + 300))
until curl -fsS --max-time 30 -o /dev/null "$url/readyz" 2>/dev/null; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server stopped:" >&2
    cat "$tmp/server.log" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "the server was not ready after 300 s" >&2
    tail -n 20 "$tmp/server.log" >&2
    exit 1
  fi
  sleep 1
done
echo "ready"

echo "== client checks"
status=0
WUTONG_URL="$url" node "$clients/test.mjs" || status=$?
echo "== done in $((SECONDS - started)) s; the server's log is clients/artifacts/server.log"
if [ "$status" -ne 0 ]; then
  echo "== FAILED (exit $status)" >&2
fi
exit "$status"
