"""Preview: build, serve output/ on 127.0.0.1, rebuild on change, reload the open page."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any, Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .config import SiteConfig
from .errors import ServeFailed
from .write import RETIRED_PREFIX, STAGING_PREFIX, SWAP_LOCK

RELOAD_PATH = "/__registre__/version"
RELOAD_SCRIPT_PATH = "/__registre__/reload.js"
RELOAD_SCRIPT = (
    "(function(){var v=null,u='%s?page='+encodeURIComponent(location.pathname);setInterval(function(){"
    "fetch(u).then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v)location.reload();v=t})"
    ".catch(function(){})},700)})();\n" % RELOAD_PATH
).encode()
RELOAD_TAG = f'<script src="{RELOAD_SCRIPT_PATH}"></script>'.encode()
"""A script file, not inline: the preview runs under the policy the README asks hosts to send."""
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The Content-Security-Policy of README.md ("Hosting"), sent with every file."""
DEBOUNCE_SECONDS = 0.08
CONNECTION_SECONDS = 10
"""A connection that sends nothing for this long is closed: slow clients do not pile up."""


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files of output/ (never through a link), the 404 page, and a version number the preview page polls."""

    server: "PreviewServer"
    timeout = CONNECTION_SECONDS

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if path == RELOAD_PATH:
            page = urllib.parse.parse_qs(query).get("page")
            version = self.server.version_of(page[0]) if page else self.server.version
            self._send(200, str(version).encode(), "text/plain")
            return
        if path == RELOAD_SCRIPT_PATH:
            self._send(200, RELOAD_SCRIPT, "text/javascript; charset=utf-8")
            return
        super().do_GET()

    def send_head(self) -> Any:
        with SWAP_LOCK:  # not while a rebuild swaps the site: output/ is briefly absent then
            return self._send_head()

    def _send_head(self) -> Any:
        root = Path(self.directory)
        path = Path(self.translate_path(self.path))
        if not path.exists() or _through_link(path, root):
            not_found = root / "404.html"
            body = not_found.read_bytes() if not_found.is_file() and not not_found.is_symlink() else b"Not found"
            self._send(404, body, "text/html; charset=utf-8")
            return None
        if path.is_dir() and (path / "index.html").is_file() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            body = path.read_bytes().replace(b"</body>", RELOAD_TAG + b"</body>", 1)
            self._send(200, body, "text/html; charset=utf-8")
            return None
        return super().send_head()

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        self.server.log(f"{self.address_string()} {format % args}")


def _through_link(path: Path, root: Path) -> bool:
    """Whether a path under the site goes through a symbolic link (a build writes none)."""
    return os.path.realpath(path) != os.path.normpath(os.path.join(os.path.realpath(root), os.path.relpath(path, root)))


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a page and its assets, a few tabs, a reload: bursts, not a queue of 5
    version = 0
    """Changes at each rebuild."""

    def __init__(self, address: tuple[str, int], directory: Path, log: Callable[[str], None]) -> None:
        self.log = log
        self.everything = 0
        """Version of the last change that may show on any page (a build, a style sheet)."""
        self.page_versions: dict[str, int] = {}
        """Version of each page's last change, by its path in output/."""
        super().__init__(address, functools.partial(Handler, directory=str(directory)))

    def reload(self, changed: set[str] | None) -> None:
        """Output files changed (None: any): the open pages showing them reload, the others stay."""
        self.version += 1
        if changed is None or any(path.startswith("static/") for path in changed):
            self.everything = self.version
            return
        for path in changed:
            self.page_versions[path] = self.version

    def version_of(self, url_path: str) -> int:
        """What the preview script of the page at this address compares: `/x/` is x/index.html."""
        relative = urllib.parse.unquote(url_path).lstrip("/")
        if not relative or relative.endswith("/"):
            relative += "index.html"
        return max(self.everything, self.page_versions.get(relative, 0))


class ChangeWatcher(FileSystemEventHandler):
    """Collect changed paths under content/ and layouts/, and the config file; ignore the rest."""

    def __init__(self, folders: list[Path], files: list[Path], ignored: list[Path]) -> None:
        self.folders = [p.resolve() for p in folders]
        self.files = {p.resolve() for p in files}
        self.ignored = [p.resolve() for p in ignored]
        self.changed: set[Path] = set()
        self.lock = threading.Lock()
        self.event = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Reading a file (the build does) raises "opened" and "closed_no_write": not changes.
        if event.event_type not in ("created", "modified", "deleted", "moved", "closed"):
            return
        if event.is_directory and event.event_type == "modified":
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(str(raw)).resolve()
            wanted = path in self.files or any(path.is_relative_to(f) for f in self.folders)
            if not wanted or any(path.is_relative_to(i) for i in self.ignored) or any(
                part.startswith((STAGING_PREFIX, RETIRED_PREFIX, ".#")) or part.endswith("~") for part in path.parts
            ):
                continue
            with self.lock:
                self.changed.add(path)
            self.event.set()

    def take(self) -> set[Path]:
        """Wait for a change, let the burst settle (no event for a moment), return every path changed."""
        self.event.wait()
        while True:
            self.event.clear()
            time.sleep(DEBOUNCE_SECONDS)
            with self.lock:
                if not self.event.is_set():
                    changed, self.changed = self.changed, set()
                    return changed


def watch(config: SiteConfig) -> tuple[Any, ChangeWatcher]:
    # The config's folder is watched for the config file alone: logs and editors write there too.
    watcher = ChangeWatcher([config.content_dir, config.layouts_dir], [config.source_path], [config.output_dir])
    observer = Observer()
    observer.schedule(watcher, str(config.content_dir), recursive=True)
    observer.schedule(watcher, str(config.layouts_dir), recursive=True)
    observer.schedule(watcher, str(config.source_path.resolve().parent), recursive=False)
    observer.daemon = True
    observer.start()
    return observer, watcher


def start_server(config: SiteConfig, host: str, port: int, log: Callable[[str], None]) -> PreviewServer:
    try:
        server = PreviewServer((host, port), config.output_dir, log)
    except OSError as exc:
        hint = f" (another preview? try --port {port + 1})" if port else ""
        raise ServeFailed(f"cannot listen on {host}:{port}: {exc.strerror}{hint}") from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve(
    config: SiteConfig,
    rebuild: Callable[[set[Path] | None, Callable[[set[str] | None], None]], None],
    host: str,
    port: int,
    log: Callable[[str], None],
) -> None:
    """Build, serve and rebuild on every change until interrupted.

    `rebuild` is given the paths that changed (None: build everything) and a function
    to call with the output files it changed once they are in place (the open pages
    showing them then reload); it reports its own errors, so that a failed build
    leaves the last good site served.
    """
    # Listen first (a busy port is said at once), and watch: a file saved during the first build is built too.
    server = start_server(config, host, port, log)
    observer, watcher = watch(config)
    rebuild(None, lambda changed: None)
    log(f"serving {config.output_dir} on http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        while True:
            rebuild(watcher.take(), server.reload)
    finally:
        observer.stop()
        server.shutdown()
