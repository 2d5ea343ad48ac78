"""A real HTTP server on 127.0.0.1 for webhook tests: it records each request and answers as told."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

DROP = "drop"  # close the connection without answering


@dataclass
class Received:
    path: str
    headers: object  # case-insensitive, like any HTTP server's
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list = field(default_factory=list)
    # Given in order, one per request, then 200 for ever: a status, DROP, (status, {headers}) or
    # ("sleep", seconds) to answer 200 late.
    answers: list = field(default_factory=list)

    def fail(self, times, answer=500):
        self.answers.extend([answer] * times)

    def drop(self):
        """Hang up on the next request without answering."""
        self.answers.append(DROP)

    def stall(self, seconds):
        """Answer the next request 200, but only after ``seconds``."""
        self.answers.append(("sleep", seconds))


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        receiver.requests.append(Received(path=self.path, headers=self.headers, body=body))
        answer = receiver.answers.pop(0) if receiver.answers else 200
        if answer == DROP:
            self.close_connection = True
            return
        headers = {}
        if isinstance(answer, tuple) and answer[0] == "sleep":
            time.sleep(answer[1])
            answer = 200
        elif isinstance(answer, tuple):
            answer, headers = answer
        text = b"ok" if answer < 300 else b"nope"
        self.send_response(answer)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    settings.GSEF_SESSIONS_WEBHOOK_ALLOW_PRIVATE = True  # it listens on 127.0.0.1
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.receiver = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hooks/gsef")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.receiver
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def webhook(session, receiver):
    """A webhook of ``session``'s forum, pointed at the test receiver."""
    from gsef_sessions.models import Webhook

    return Webhook.objects.create(forum=session.forum, url=receiver.url)


@pytest.fixture
def deliver_all(settings):
    """``deliver_webhooks --watch`` without the waits: passes over the due deliveries, each retry due
    at once, until none is due (without a broker, requests send nothing)."""
    from gsef_sessions.domain import webhooks

    settings.GSEF_SESSIONS_WEBHOOK_RETRY_DELAY = 0

    def run():
        while webhooks.deliver_due().attempted:
            pass

    return run
