"""A plain static server for the tests, run as its own process: `python static_server.py DIR PORT [HEADER: VALUE ...]`.

Like `python -m http.server`, plus response headers (a Content-Security-Policy) and the 404 page.
"""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path


class Handler(http.server.SimpleHTTPRequestHandler):
    extra_headers: list[tuple[str, str]] = []

    def end_headers(self) -> None:
        for name, value in self.extra_headers:
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


if __name__ == "__main__":
    directory, port, *headers = sys.argv[1:]
    Handler.extra_headers = [tuple(h.split(": ", 1)) for h in headers]  # type: ignore[misc]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), functools.partial(Handler, directory=directory))
    print(f"serving {directory} on 127.0.0.1:{port}", flush=True)
    server.serve_forever()
