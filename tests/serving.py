"""A real HTTP server on 127.0.0.1 serving a built site, at the root or under a sub-path."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StaticServer:
    """A static server (tests/static_server.py) over a folder in which the site sits at `prefix`; its log is kept."""

    def __init__(self, site: Path, workdir: Path, prefix: str = "", headers: dict[str, str] | None = None) -> None:
        self.headers = headers or {}
        self.root = workdir / "www"
        mount = self.root / prefix.strip("/") if prefix.strip("/") else self.root
        mount.parent.mkdir(parents=True, exist_ok=True)
        if mount == self.root:
            self.root = site
        else:
            mount.symlink_to(site.resolve(), target_is_directory=True)
        self.port = free_port()
        self.log_path = workdir / f"server-{self.port}.log"
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def __enter__(self) -> "StaticServer":
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).parent / "static_server.py"), str(self.root), str(self.port), *(f"{k}: {v}" for k, v in self.headers.items())],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1)
                return self
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"the server did not start:\n{self.log()}") from None
                time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=5)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
