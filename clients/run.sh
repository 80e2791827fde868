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
# shellcheck source=../scripts/demo-server.sh
source "$root/scripts/demo-server.sh"

bin="${WUTONG_BIN:-}"
if [ -z "$bin" ]; then
  echo "== go build"
  bin="$tmp/wutong-clients"
  (cd "$root" && go build -o "$bin" .)
fi

start_demo_server "$bin"

echo "== client checks"
status=0
WUTONG_URL="$url" node "$clients/test.mjs" || status=$?
echo "== done in $((SECONDS - started)) s; the server's log is clients/artifacts/server.log"
if [ "$status" -ne 0 ]; then
  echo "== FAILED (exit $status)" >&2
fi
exit "$status"
