"""bin/demo: the port option, and the links that follow it."""

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_demo_refuses_a_port_that_is_no_number():
    result = subprocess.run([ROOT / "bin" / "demo", "--port", "80a"], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (2, "error: the port must be a number from 1 to 65535, not '80a'\n")


def test_demo_serves_on_the_port_given_and_its_links_name_it(tmp_path):
    port = free_port()
    env = {**os.environ, "GSEF_DEMO_DB": str(tmp_path / "demo.sqlite3"), "PORT": "1"}  # --port wins over PORT
    env.pop("DATABASE_URL", None)
    demo = subprocess.Popen(
        [ROOT / "bin" / "demo", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline, answer = time.monotonic() + 300, None
        while answer is None and time.monotonic() < deadline and demo.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=5) as response:
                    answer = json.load(response)
            except OSError:
                time.sleep(1)
        assert answer is not None, demo.stdout.read1().decode() if demo.poll() is not None else "no answer"
        assert answer["forums"] == f"http://127.0.0.1:{port}/api/forums/"
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/sessions/gsef-2020/plenary-3/", timeout=30
        ) as response:
            report = json.load(response)
        assert report["forum"]["url"] == f"http://127.0.0.1:{port}/api/forums/gsef-2020/"
    finally:
        demo.terminate()
        demo.wait(timeout=30)
