#!/usr/bin/env bash
# Browser test of GraphiQL: checks that the committed offline bundle is what
# the pinned lockfile builds, builds the server from a clean clone, starts
# the server on an empty SQLite database (it loads the demo data), and runs
# browser/test.mjs in headless Chromium, which may reach only that server.
# Exits non-zero on failure; the screenshot is browser/artifacts/graphiql.png
# and the server's log browser/artifacts/server.log.
#
#   bash graphiql/browser/run.sh
#
# CHROMIUM picks the browser (default /usr/bin/chromium, installed from
# Debian's packages when missing, with a Chinese font); WUTONG_BIN a server
# binary to test instead of building one.
set -euo pipefail

browser_dir="$(cd "$(dirname "$0")" && pwd)"
pkg="$(dirname "$browser_dir")" # graphiql/
root="$(dirname "$pkg")"        # the module
artifacts="$browser_dir/artifacts"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
rm -rf "$artifacts"

# Chromium, and a Chinese font for the demo data's names in the screenshot.
packages=()
if [ ! -x "$CHROMIUM" ]; then
  packages+=(chromium fonts-wqy-microhei)
elif ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh)" ]; then
  packages+=(fonts-wqy-microhei)
fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "== installing ${packages[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi
"$CHROMIUM" --version 2>/dev/null

echo "== npm ci && npm run build (graphiql/): the committed bundle is what the lockfile builds"
(cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error && npm run build)
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  changed="$(git -C "$root" status --porcelain -- graphiql/dist)"
  if [ -n "$changed" ]; then
    echo "graphiql/dist differs from what graphiql/package-lock.json builds: commit the rebuilt bundle" >&2
    echo "$changed" >&2
    exit 1
  fi
fi

tmp="$(mktemp -d)"
# shellcheck source=../../scripts/demo-server.sh
source "$root/scripts/demo-server.sh"

bin="${WUTONG_BIN:-}"
if [ -z "$bin" ]; then
  # A fresh clone of the commit, built with no npm step: the bundle it
  # embeds is the committed one. (Uncommitted changes are not in it.)
  echo "== go build in a clean clone of HEAD (no npm step)"
  git clone --quiet --no-hardlinks "$root" "$tmp/clone"
  bin="$tmp/wutong-browser"
  (cd "$tmp/clone" && go build -o "$bin" .)
fi

start_demo_server "$bin"
if grep -q "GraphiQL's bundle is missing" "$tmp/server.log"; then
  echo "the server did not embed the offline bundle:" >&2
  grep 'GraphiQL' "$tmp/server.log" >&2
  exit 1
fi
page="$(curl -fsS "$url/")"
if ! grep -q 'id="wutong-graphiql"' <<<"$page"; then
  echo "$url/ is not the page of wutong/graphiql: is graphiql.Handler mounted in server.go?" >&2
  exit 1
fi

echo "== browser test"
WUTONG_URL="$url" node "$browser_dir/test.mjs"
