# Sourced by graphiql/browser/run.sh and clients/run.sh: starts a server
# binary on an empty SQLite database in demo mode and waits until it is
# ready. Before sourcing, set tmp (a scratch folder) and artifacts (where
# the server's log is kept); call start_demo_server BIN, which sets url and
# server_pid. The EXIT trap it installs stops the server, keeps its log as
# $artifacts/server.log and removes $tmp.

server_pid=""
stop_demo_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  mkdir -p "$artifacts"
  cp "$tmp/server.log" "$artifacts/server.log" 2>/dev/null || true
  rm -rf "$tmp"
}
trap stop_demo_server EXIT

start_demo_server() {
  local bin="$1" port deadline
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
}
