"""Real Celery workers on the machine's Redis and a real PostgreSQL database.

bin/test's "worker" stage runs these with CELERY_BROKER_URL pointing at a TCP proxy to Redis
(GSEF_TEST_BROKER_PROXY_PORT) and a queue of its own; the tests cut the proxy to play a Redis
outage. Elsewhere they are deselected by their ``worker`` marker, never skipped.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from .proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, *, timeout, what, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    lines = log.read_text().splitlines() if log and log.exists() else []
    tail = "\n".join([line for line in lines if "requeue" not in line and "Sending due" not in line][-40:])
    pytest.fail(f"Timed out after {timeout} s waiting for {what}.\n--- worker log ---\n{tail}")


@pytest.fixture(scope="session")
def redis_proxy():
    port = int(os.environ.get("GSEF_TEST_BROKER_PROXY_PORT", "0"))
    if not (port and settings.CELERY_BROKER_URL and connection.vendor == "postgresql"):
        pytest.fail(
            "The worker tests need PostgreSQL (DATABASE_URL), GSEF_TEST_BROKER_PROXY_PORT and "
            "CELERY_BROKER_URL=redis://127.0.0.1:<that port>/0: run them through bin/test."
        )
    proxy = TcpProxy(listen_port=port)
    proxy.start()
    yield proxy
    proxy.stop()


class Workers:
    """Starts `celery worker -B` processes (each in its own process group, so SIGKILL takes all)."""

    def __init__(self, tmp_path):
        self.tmp_path, self.procs, self.log = tmp_path, [], None

    def start(self, **extra_env):
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
            "GSEF_SESSIONS_PDF_ROOT": str(settings.GSEF_SESSIONS_PDF_ROOT),
            **extra_env,
        }
        self.log = self.tmp_path / f"worker-{len(self.procs) + 1}.log"
        with open(self.log, "w") as log:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "project",
                    "worker",
                    "-B",
                    "-s",
                    str(self.tmp_path / f"beat-{len(self.procs) + 1}"),
                    "--pool",
                    "prefork",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "INFO",
                    "-n",
                    f"gsef-test-{uuid.uuid4().hex[:8]}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.procs.append(proc)
        wait_for(lambda: " ready." in self.log.read_text(), timeout=60, what="the worker to start", log=self.log)
        return proc

    def kill(self, proc, sig=signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(timeout=30)

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                self.kill(proc, signal.SIGTERM)


@pytest.fixture
def workers(transactional_db, redis_proxy, tmp_path):
    """Set up after the database and stopped before it is flushed."""
    started = Workers(tmp_path)
    yield started
    started.stop_all()
    if not redis_proxy.running:
        redis_proxy.start()
