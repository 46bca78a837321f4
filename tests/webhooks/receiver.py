"""A local HTTP server that receives webhook deliveries, for the tests (and the benchmark):
it keeps each request's headers and body and answers with the status it is told."""

from __future__ import annotations

import hashlib
import hmac
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, keep: bool = True):
        self.received: list[dict] = []
        self.status = 200
        self.count = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - the name http.server calls
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.count += 1
                if keep:
                    receiver.received.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body}
                    )
                answer = b'{"ok": true}' if receiver.status < 300 else b"receiver is down"
                self.send_response(receiver.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/summitry"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def verified(request: dict, secret: str) -> bool:
    """What an integrator does: recompute the signature of "<timestamp>.<body>"."""
    timestamp = request["headers"]["X-Summitry-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + request["body"], hashlib.sha256)
    return hmac.compare_digest(
        request["headers"]["X-Summitry-Signature"], "sha256=" + expected.hexdigest()
    )
