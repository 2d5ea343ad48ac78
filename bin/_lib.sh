# shellcheck shell=bash
# Shared helpers for bin/demo and bin/test (sourced, not executed).
# Callers run from the repo root with `set -euo pipefail`.

# Print the first interpreter given that runs and is at least Python $1 (e.g. 3.12).
# Candidates that don't exist or fail (pyenv shims for a version not selected) are skipped.
find_python() {
  local min=$1 cand; shift
  for cand in "$@"; do
    if "$cand" -c "import sys; sys.exit(sys.version_info < tuple(map(int, '$min'.split('.'))))" 2>/dev/null; then
      command -v "$cand"
      return 0
    fi
  done
  return 1
}

# Python 3.11+ for .venv (the supported baseline), or a one-line error.
python311() {
  find_python 3.11 "${PYTHON:-python3}" ||
    { echo "error: Python >= 3.11 is needed as 'python3' (or set PYTHON=/path/to/python3.11)" >&2; return 1; }
}

# ensure_venv DIR PYTHON REQUIREMENTS: create DIR with PYTHON if missing, then
# `pip install -r REQUIREMENTS` only when the file (or the interpreter) changed since the last
# successful install: a sha256 stamp inside DIR remembers it, so re-runs cost nothing.
# pip's output goes to DIR/pip.log and is shown only on failure (it is noisy here).
ensure_venv() {
  local dir=$1 python=$2 req=$3 stamp want
  [ -x "$dir/bin/python" ] || "$python" -m venv "$dir" || return
  want=$({ cat "$req"; "$dir/bin/python" -VV; } | sha256sum | cut -d' ' -f1)
  stamp="$dir/.requirements.sha256"
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
  echo "installing $req into $dir ..."
  if ! "$dir/bin/python" -m pip install --disable-pip-version-check -q -r "$req" >"$dir/pip.log" 2>&1; then
    grep -v "is ignored: it is neither a file nor a directory" "$dir/pip.log" | tail -n 30 >&2
    echo "error: pip install -r $req failed (full log: $dir/pip.log)" >&2
    return 1
  fi
  echo "$want" >"$stamp"
}

# stage NAME CMD...: run CMD under a banner and print its wall time and result.
stage() {
  local name=$1 start=$SECONDS rc=0; shift
  echo "== stage: $name"
  "$@" || rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "== stage: $name ... $((SECONDS - start))s ok"
  else
    echo "== stage: $name ... $((SECONDS - start))s FAILED (exit $rc)"
  fi
  return "$rc"
}

# PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379: start whichever is down (if it is
# installed), then wait until both accept connections. Fails if either stays unreachable.
reachable() { python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 2)" 2>/dev/null; }
wait_for() { for _ in $(seq 40); do reachable "$1" && return 0; sleep 0.5; done; return 1; }
services() {
  if ! reachable 5432 && command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  fi
  if ! reachable 6379 && command -v redis-server >/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  fi
  wait_for 5432 && wait_for 6379
}
