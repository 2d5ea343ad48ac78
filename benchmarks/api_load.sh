#!/usr/bin/env bash
# API load benchmark: gunicorn (2 sync workers) on PostgreSQL, driven by wrk, every figure printed
# next to a floor measured in the same run (a plain Django view of the demo project, behind the
# same middleware, returning the seed report's bytes from memory: project/bench.py).
#
#   bash benchmarks/api_load.sh        (from anywhere; uses the repo's .venv; about 4 minutes)
#
# Cases, first with the GSEF 2020 fixtures ("demo"), then with 10,000 more published sessions
# ("10k", benchmarks/api_data.py): the seed report's detail warm (its stored representation) and
# answering 304 (If-None-Match), the sessions list, through wrk (32 connections, 2 threads,
# --latency); with the demo data only, the public report page (warm and 304) and the programme
# page, each against a floor answering that page's HTML; the detail cold (each request preceded
# by a version bump in the database) through a sequential Python loop. Each case alternates
# with its own floor, round by round, so that whatever else runs on the machine weighs on both.
# Then the query count and time of the c3voc schedule.json of a 2,000-session forum.
#
# Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432; a scratch database
# gsef_bench is dropped and created there, and dropped at the end), BENCH_DURATION (wrk seconds
# per case, and as many for its floor, default 10), BENCH_ROUNDS (alternations, default 2),
# BENCH_COLD_N (cold loop requests, and as many for its floor, default 200), BENCH_CACHE_URL (the
# Redis that is the server's cache, as in production, default redis://127.0.0.1:6379/15, flushed
# before the run; "" for each worker's memory cache instead).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
started_at=$(date +%s)

py=$ROOT/.venv/bin/python
gunicorn=$ROOT/.venv/bin/gunicorn
probe=$ROOT/benchmarks/api_probe.py
for tool in "$py" "$gunicorn" wrk psql curl; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (gunicorn: .venv/bin/pip install -r requirements.txt; wrk: apt-get install wrk)" >&2; exit 1; }
done

BENCH_PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB=gsef_bench
DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-2}
SLICE=$(( (DURATION + ROUNDS - 1) / ROUNDS ))
COLD_N=${BENCH_COLD_N:-200}
CONNECTIONS=32
THREADS=2
WORKERS=2
# High enough never to refuse a request here, and per second so that DRF's throttle history (one
# timestamp per request in the window, kept in the cache) stays as small as in production.
THROTTLE_RATES="anon=1000000/second,read=1000000/second,export=1000000/second"

tmp=$(mktemp -d)
gunicorn_pid=""
cleanup() {
  if [ -n "$gunicorn_pid" ]; then
    kill "$gunicorn_pid" 2>/dev/null || true
    wait "$gunicorn_pid" 2>/dev/null || true
  fi
  psql "$BENCH_PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
export DATABASE_URL=$BENCH_PG/$DB BENCH_DSN=$BENCH_PG/$DB
export DJANGO_SETTINGS_MODULE=project.settings PYTHONPATH=$ROOT
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,testserver DJANGO_SECRET_KEY=bench-only-not-secret CELERY_BROKER_URL=
export GSEF_SESSIONS_API_THROTTLE_RATES=$THROTTLE_RATES GSEF_SESSIONS_BASE_URL=$base
export GSEF_SESSIONS_PDF_ROOT=$tmp/pdfs GSEF_BENCH_FLOOR_BODY=$tmp/floor.json
export DJANGO_CACHE_URL=${BENCH_CACHE_URL-redis://127.0.0.1:6379/15}
if [ -n "$DJANGO_CACHE_URL" ]; then
  "$py" -c 'import os, redis; redis.Redis.from_url(os.environ["DJANGO_CACHE_URL"]).flushdb()'
fi

PGOPTIONS=--client-min-messages=warning psql "$BENCH_PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
"$py" manage.py migrate -v0
LC_ALL=C "$py" manage.py loaddata fixtures/*.json -v0

echo "== setup"
echo "python $("$py" -c 'import sys; print(sys.version.split()[0])'), $(nproc) CPUs, $("$py" -c 'import django; print("Django", django.get_version())'), gunicorn $("$gunicorn" --version | awk '{print $NF}' | tr -d ')'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), $(psql "$BENCH_PG/$DB" -Atc 'SHOW server_version' | awk '{print "PostgreSQL", $1}')"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share these CPUs with wrk, gunicorn and PostgreSQL)"
echo "server: gunicorn project.wsgi, $WORKERS sync workers, $base, DEBUG off, database $DB (scratch)"
echo "throttle rates (GSEF_SESSIONS_API_THROTTLE_RATES): $("$py" -c 'from django.conf import settings; import django; django.setup(); print(settings.GSEF_SESSIONS_API_THROTTLE_RATES)')"
echo "cache: $("$py" -c 'from django.conf import settings; import django; django.setup(); print(settings.CACHES["default"]["BACKEND"], settings.CACHES["default"].get("LOCATION", ""))') (Redis: shared by the workers; LocMem: one per worker)"
echo "database: $("$py" -c 'from django.conf import settings; import django; django.setup(); db = settings.DATABASES["default"]; print("CONN_MAX_AGE", db["CONN_MAX_AGE"], "CONN_HEALTH_CHECKS", db["CONN_HEALTH_CHECKS"])') (project/settings.py)"
echo "wrk: $CONNECTIONS connections, $THREADS threads, --latency; per case $ROUNDS rounds of ${SLICE} s on the floor then ${SLICE} s on the case,"
echo "     after 1 s of warm-up each (req/s: mean of the rounds; p50: median; p99: worst)"
echo "cold: a Python loop of $COLD_N rounds, one request at a time: UPDATE … SET version = version + 1, updated_at = now()"
echo "      on the seed session (so no worker has it stored), GET the detail (an answer of another version is an error);"
echo "      the same bump, GET the floor"

"$gunicorn" project.wsgi --workers "$WORKERS" --worker-class sync --bind "127.0.0.1:$port" \
  --log-level warning --error-logfile "$tmp/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 200); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/forums/" || true)" = 200 ] && break
  sleep 0.1
done

detail=/api/sessions/gsef-2020/plenary-3/
floor=/bench/floor/
# The floor's bytes: the seed report's answer as the API gives it.
curl -fsS -o "$GSEF_BENCH_FLOOR_BODY" "$base$detail"
echo "seed report: $base$detail, $(wc -c <"$GSEF_BENCH_FLOOR_BODY") bytes; floor: $base$floor (the same bytes, application/json)"
cmp -s "$GSEF_BENCH_FLOOR_BODY" <(curl -fsS "$base$floor") || { echo "error: the floor does not answer the seed report's bytes" >&2; exit 1; }

results=$tmp/results.jsonl
pair() {  # pair PHASE CASE PATH [wrk args…]: the case and the floor in alternating rounds
  local phase=$1 case=$2 path=$3 round
  shift 3
  local floors=() cases=()
  wrk -t"$THREADS" -c"$CONNECTIONS" -d1s "$base$floor" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d1s "$@" "$base$path" >/dev/null
  for round in $(seq "$ROUNDS"); do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SLICE}s" --latency "$base$floor" >"$tmp/floor.$round.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SLICE}s" --latency "$@" "$base$path" >"$tmp/case.$round.txt"
    floors+=("$tmp/floor.$round.txt")
    cases+=("$tmp/case.$round.txt")
  done
  "$py" "$probe" pair "$phase" "$case" "$results" "$ROUNDS" "${floors[@]}" "${cases[@]}"
}

phase() {  # phase NAME
  local name=$1 etag
  etag=$(curl -fsS -D - -o /dev/null "$base$detail" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base$detail")" = 304 ] \
    || { echo "error: If-None-Match: $etag is not answered 304" >&2; exit 1; }
  pair "$name" "detail warm" "$detail"
  pair "$name" "detail 304" "$detail" -H "If-None-Match: $etag"
  pair "$name" "list" "/api/sessions/"
  pair "$name" "list ?page_size=1" "/api/sessions/?page_size=1"
  pair "$name" "list ?forum=gsef-2020" "/api/sessions/?forum=gsef-2020"
  "$py" "$probe" cold "$name" "$results" "$base" "$detail" "$floor" "$COLD_N"
}

echo
echo "== demo data (GSEF 2020 fixtures: $(psql "$BENCH_PG/$DB" -Atc "SELECT count(*) FROM gsef_sessions_session WHERE status = 'published'") published session(s))"
phase demo

pages() {  # the public pages with the demo data, each against a floor answering its own HTML
  local report=/gsef-2020/plenary-3/ programme=/gsef-2020/ name path etag floor
  for name in report programme; do
    path=$report
    [ "$name" = programme ] && path=$programme
    curl -fsS -o "$GSEF_BENCH_FLOOR_BODY.$name.html" "$base$path"
    cmp -s "$GSEF_BENCH_FLOOR_BODY.$name.html" <(curl -fsS "$base/bench/floor/$name/") \
      || { echo "error: the floor does not answer the bytes of $path" >&2; exit 1; }
    echo "$name page: $base$path, $(wc -c <"$GSEF_BENCH_FLOOR_BODY.$name.html") bytes; floor: $base/bench/floor/$name/ (the same bytes, text/html)"
  done
  etag=$(curl -fsS -D - -o /dev/null "$base$report" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base$report")" = 304 ] \
    || { echo "error: If-None-Match: $etag is not answered 304 by $report" >&2; exit 1; }
  floor=/bench/floor/report/  # pair reads $floor; this local one holds for these calls only
  pair demo "report page warm" "$report"
  pair demo "report page 304" "$report" -H "If-None-Match: $etag"
  floor=/bench/floor/programme/
  pair demo "programme page" "$programme"
}

echo
echo "== public pages, anonymous (demo data; the page cache of domain/page_cache.py, conditional GET)"
pages

echo
echo "== 10,000 more sessions"
"$py" benchmarks/api_data.py --forums 5 --per-forum 2000
psql "$BENCH_PG/$DB" -q -c "VACUUM ANALYZE" >/dev/null
echo "(list: $(psql "$BENCH_PG/$DB" -Atc "SELECT count(*) FROM gsef_sessions_session WHERE status = 'published'") published sessions, pages of 50; ?forum=gsef-2020 lists the same single session as with the demo data)"
phase 10k

echo
echo "== c3voc schedule.json (in-process through the whole stack, queries counted with CaptureQueriesContext)"
"$py" "$probe" schedule gsef-2020 bench-1

echo
echo "== summary (x floor: the case's req/s over its own floor's, measured alternately by the same client)"
"$py" "$probe" table "$results"
if [ -s "$tmp/gunicorn.log" ]; then
  echo
  echo "gunicorn log:"
  cat "$tmp/gunicorn.log"
fi
echo
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "run time: $(($(date +%s) - started_at)) s"
