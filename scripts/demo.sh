#!/usr/bin/env bash
# `make demo`: migrate, seed the network and demo content, start the task worker, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-cong.settings.dev}
export CONG_BASE_URL=${CONG_BASE_URL:-http://$HOST:$PORT}

# The demo articles: $SHARED_DATA, else the shared data folder beside (or above) the checkout.
if [ -z "${SHARED_DATA:-}" ]; then
  for candidate in ../shared/data ../../shared/data /work/shared/data; do
    if [ -d "$candidate" ]; then SHARED_DATA=$candidate; break; fi
  done
fi
if [ -z "${SHARED_DATA:-}" ] || [ ! -d "$SHARED_DATA" ]; then
  echo "Demo data not found: set SHARED_DATA=/path/to/shared/data (the folder holding" >&2
  echo "vietnews-20k.jsonl.gz and seed-article-chinhphu-2015-07-21.txt)." >&2
  exit 2
fi

$PY manage.py migrate --noinput
$PY manage.py seed_demo --articles "${DEMO_ARTICLES:-3000}" --data "$SHARED_DATA"

mkdir -p var
echo "Starting the background task worker (log: var/worker.log)…"
$PY manage.py start_scheduler
$PY manage.py db_worker >var/worker.log 2>&1 &
WORKER_PID=$!
NGINX_PID=""
trap 'kill $WORKER_PID $NGINX_PID 2>/dev/null || true' EXIT INT TERM

# The front tier (docs/caching.md): nginx on $PORT serves cached pages from var/frontcache,
# Django (gunicorn) behind it on $DJANGO_PORT. Without nginx, runserver serves $PORT directly.
NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
# Seeding wrote pages without signals: start the front tier's files afresh.
VAR=$(realpath -m "${CONG_VAR_DIR:-var}")
rm -rf "${CONG_FRONTCACHE_DIR:-$VAR/frontcache}"
if [ -n "$NGINX" ] && [ "${DEMO_NGINX:-1}" != 0 ]; then
  DJANGO_PORT=${DJANGO_PORT:-$((PORT + 1))}
  mkdir -p "$VAR/nginx"
  $PY manage.py frontcache_nginx_conf --standalone --listen "$HOST:$PORT" \
    --upstream "127.0.0.1:$DJANGO_PORT" --output "$VAR/nginx/nginx.conf" >/dev/null
  "$NGINX" -p "$VAR/nginx" -c "$VAR/nginx/nginx.conf" -g 'daemon off;' \
    2>>"$VAR/nginx/error.log" &
  NGINX_PID=$!
  SERVED_BY="nginx (cached pages from var/frontcache) → gunicorn on 127.0.0.1:$DJANGO_PORT"
else
  SERVED_BY="Django's runserver (install nginx for the cached front tier)"
fi

cat <<MSG

  ───────────────────────────────────────────────────────────────
   Cổng is running:   http://$HOST:$PORT/
   Hà Nội portal:     http://$HOST:$PORT/ha-noi/
   A commune:         http://$HOST:$PORT/ha-noi/phuong-ba-dinh/
   Admin:             http://$HOST:$PORT/admin/   (credentials above)
   Served by:         $SERVED_BY
   Stop with Ctrl+C.
  ───────────────────────────────────────────────────────────────

MSG
if [ -n "$NGINX_PID" ]; then
  .venv/bin/gunicorn cong.wsgi:application --bind "127.0.0.1:$DJANGO_PORT" --workers 2 \
    --threads 4 --access-logfile - --error-logfile -
else
  $PY manage.py runserver "$HOST:$PORT" --noreload
fi
