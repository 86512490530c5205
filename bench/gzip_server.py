"""A static server for the benchmark that compresses text like any production host (or not, to compare)."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path
from types import TracebackType

TEXT = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".csv")


class Handler(http.server.SimpleHTTPRequestHandler):
    compress = False

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (self.compress and path.suffix in TEXT and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


class GzipServer:
    def __init__(self, root: Path, compress: bool) -> None:
        handler = type("H", (Handler,), {"compress": compress})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.server.shutdown()
