"""`build.py serve` as staff use it: a real process on 127.0.0.1, files edited while it runs."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from registre.build import Builder
from registre.config import load_config
from registre.serve import CONNECTION_SECONDS, CSP

from .conftest import ROOT, copy_site
from .serving import StaticServer, free_port
from .test_browser import result_count

ACT = "content/2017/eco-012-1558-17-bm.md"
PAGE = "deliberations/eco-012-1558-17-bm/"


class Preview:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.log_path = root / "serve.log"
        self.process = subprocess.Popen(
            # The configuration named as staff do, from the site's folder: a relative path.
            [sys.executable, str(ROOT / "build.py"), "serve", "--config", "site_config.yaml", "--port", str(self.port)],
            stdout=self.log_path.open("wb"),
            stderr=subprocess.STDOUT,
            cwd=root,
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def wait_for(self, path: str, text: str, timeout: float = 15) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if text in self.get(path)[1]:
                    return time.monotonic() - started
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never served at /{path}:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_log(self, text: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log():
            assert time.monotonic() < deadline, f"{text!r} never logged:\n{self.log()}"
            time.sleep(0.05)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    running = Preview(copy_site("minimal", tmp_path / "site"))
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_act_is_served_rebuilt_and_the_page_told_to_reload(preview: Preview) -> None:
    preview.wait_for(PAGE, "convention-cadre de partenariat")

    def versions() -> tuple[str, str, str]:
        """What the preview scripts of the edited page, of the home page and of any page compare."""
        return preview.get(f"__registre__/version?page=/{PAGE}")[1], preview.get("__registre__/version?page=/")[1], preview.get("__registre__/version")[1]

    before = versions()
    assert "/__registre__/reload.js" in preview.get(PAGE)[1]  # the reload script, added when served only
    assert "__registre__" not in (preview.root / "output" / PAGE / "index.html").read_text(encoding="utf-8")
    edit(preview.root / ACT, "Est approuvée la convention-cadre", "Est approuvée sans réserve la convention-cadre")
    preview.wait_for(PAGE, "sans réserve")
    deadline = time.monotonic() + 15
    while (after := versions())[0] == before[0]:  # told just after its file is in place
        assert time.monotonic() < deadline, "the edited page was never told to reload"
        time.sleep(0.05)
    # The edited page reloads; the home page, which does not show the text, stays as the reader left it.
    assert after[1] == before[1] and after[2] != before[2]
    # Only what the act touches is written again: its page (the listings show its title, unchanged).
    preview.wait_log("(1 files written)")


def test_bad_input_prints_errors_and_keeps_the_last_good_site(preview: Preview) -> None:
    preview.wait_for(PAGE, "convention-cadre de partenariat")
    edit(preview.root / ACT, "date: 2017-02-09", "date: 2017-02-30")
    preview.wait_log("still serving the last good site")
    assert 'content/2017/eco-012-1558-17-bm.md:4: date: "2017-02-30" is not a date of the calendar' in preview.log()
    assert preview.get(PAGE)[0] == 200 and "convention-cadre de partenariat" in preview.get(PAGE)[1]
    edit(preview.root / ACT, "date: 2017-02-30", "date: 2017-02-09")
    edit(preview.root / ACT, "Est approuvée la convention-cadre", "Est de nouveau approuvée la convention-cadre")
    preview.wait_for(PAGE, "de nouveau approuvée")


def test_a_new_act_adds_its_page_and_its_listings(preview: Preview) -> None:
    preview.wait_for(PAGE, "convention-cadre")
    text = (preview.root / ACT).read_text(encoding="utf-8").replace("ECO 012-1558/17/BM", "ECO 013-1559/17/BM")
    (preview.root / "content/2017/eco-013-1559-17-bm.md").write_text(text, encoding="utf-8")
    preview.wait_for("deliberations/eco-013-1559-17-bm/", "ECO 013-1559/17/BM")
    preview.wait_for("seances/2017-02-09-bm/", "ECO 013-1559/17/BM")
    (preview.root / "content/2017/eco-013-1559-17-bm.md").unlink()
    preview.wait_for("deliberations/eco-013-1559-17-bm/", "Page introuvable")
    assert preview.get("deliberations/eco-013-1559-17-bm/")[0] == 404
    assert "ECO 013-1559/17/BM" not in preview.get("seances/2017-02-09-bm/")[1]
    # Its search document went with it (before the page did), so its year is indexed without it.
    assert not (preview.root / ".registre-cache-output/search/2017/deliberations/eco-013-1559-17-bm/index.html").exists()
    assert (preview.root / ".registre-cache-output/search/2017/deliberations/eco-012-1558-17-bm/index.html").is_file()


def test_it_listens_on_127_0_0_1_and_serves_nothing_outside_output(preview: Preview) -> None:
    preview.wait_for("", "Registre de test")
    for path in ("../site_config.yaml", "%2e%2e/site_config.yaml", "..%2fsite_config.yaml", "static/../../site_config.yaml"):
        connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=5)
        connection.request("GET", "/" + path)
        response = connection.getresponse()
        assert response.status == 404 and b"20005480700017" not in response.read(), path
    preview.wait_log(f"http://127.0.0.1:{preview.port}/")  # said once the first build has also indexed search, after its pages are served
    # The kernel's table of listening sockets: bound to 127.0.0.1 (0100007F), not to every interface.
    listening = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:] if line.split()[3] == "0A"]
    assert [local for _, local, *rest in listening if int(local.split(":")[1], 16) == preview.port] == [f"0100007F:{preview.port:04X}"]


def test_a_changed_layout_renders_again_only_the_pages_using_it(tmp_path: Path) -> None:
    import shutil

    from .conftest import LAYOUTS

    root = copy_site("minimal", tmp_path / "site")
    shutil.copytree(LAYOUTS, root / "layouts")
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(LAYOUTS), "layouts"), encoding="utf-8")
    running = Preview(root)
    try:
        running.wait_for(PAGE, "convention-cadre")
        session = root / "output/seances/2017-02-09-bm/index.html"
        before = session.stat().st_mtime_ns
        edit(root / "layouts/act.html", '<section class="act-text"', '<p class="marker">Texte officiel</p>\n<section class="act-text"')
        running.wait_for(PAGE, "Texte officiel")
        assert session.stat().st_mtime_ns == before
        running.wait_log("(4 files written)")  # the four act pages
    finally:
        running.process.terminate()
        running.process.wait(timeout=10)


def test_a_burst_of_concurrent_requests_while_rebuilding(preview: Preview) -> None:
    from concurrent.futures import ThreadPoolExecutor

    preview.wait_for(PAGE, "convention-cadre")
    paths = ["", PAGE, "seances/", "themes/eco/", "static/style.css", "pagefind/2017/pagefind.js", "missing/"] * 30

    def fetch(path: str) -> int:
        return preview.get(path)[0]

    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = pool.map(fetch, paths)
        for i in range(5):  # rebuilds while the requests come
            edit(preview.root / ACT, "Est approuvée" if i == 0 else f"Est approuvée {i - 1}", f"Est approuvée {i}")
            time.sleep(0.1)
        results = list(statuses)
    assert sorted(set(results)) == [200, 404]
    assert results.count(404) == 30, [p for p, s in zip(paths, results) if s == 404 and p != "missing/"]
    preview.wait_for(PAGE, "Est approuvée 4")


@pytest.mark.browser
def test_an_edited_act_is_findable_from_a_bundle_of_its_own_before_its_year_is_indexed_again(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    config = load_config(copy_site("minimal", tmp_path / "site") / "site_config.yaml")
    builder = Builder(config)
    builder.rebuild(None)
    act = config.content_dir / "2017" / "eco-012-1558-17-bm.md"
    edit(act, "Est approuvée la convention-cadre", "Est approuvée zygomorphe la convention-cadre")
    seen: list[tuple[str, int, int]] = []
    search_alone = """async ([bundle, word]) => {
        const pagefind = await import(bundle + 'pagefind.js?' + Math.random());
        await pagefind.options({bundlePath: bundle});
        return (await pagefind.search(word)).results.length; }"""
    with StaticServer(config.output_dir, tmp_path) as server:
        tab = browser.new_page()

        def written(changed: set[str] | None) -> None:
            if changed != {"recherche/index.html"}:
                return
            listed = re.search(r'data-edits="([^"]*)"', (config.output_dir / "recherche" / "index.html").read_text(encoding="utf-8"))
            tab.goto(server.url + f"recherche/?q=zygomorphe&visit={len(seen)}")  # never the page cached from the visit before
            found = result_count(tab)
            year = tab.evaluate(search_alone, [server.url + "pagefind/2017/", "zygomorphe"])
            seen.append((listed.group(1) if listed else "?", found, year))

        builder.rebuild({act}, written)
    # First the search page lists the edits bundle, and the word is found though its year does
    # not hold it yet; once the year is indexed again, the edits bundle is dropped.
    assert seen == [("edits", 1, 0), ("", 1, 1)]
    assert not (config.output_dir / "pagefind" / "edits").exists()


def test_serve_keeps_answering_under_many_slow_connections(preview: Preview) -> None:
    preview.wait_for(PAGE, "convention-cadre")
    slow = []
    try:
        for _ in range(2000):  # each sends half a request line and says no more
            connection = socket.create_connection(("127.0.0.1", preview.port), timeout=5)
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127")
            slow.append(connection)
        started = time.monotonic()
        status, page = preview.get(PAGE)
        assert status == 200 and "convention-cadre" in page
        assert time.monotonic() - started < 5
        # And each slow connection is closed by the server after its time limit, not kept forever.
        slow[0].settimeout(CONNECTION_SECONDS + 10)
        assert slow[0].recv(1024) == b""
        assert time.monotonic() - started < CONNECTION_SECONDS + 10
    finally:
        for connection in slow:
            connection.close()


def test_serve_sends_the_strict_policy_and_its_reload_script_runs_under_it(preview: Preview) -> None:
    preview.wait_for(PAGE, "convention-cadre")
    with urllib.request.urlopen(f"http://127.0.0.1:{preview.port}/{PAGE}", timeout=5) as response:
        assert response.headers["Content-Security-Policy"] == CSP
        page = response.read().decode("utf-8")
    assert re.search(r'<script src="/__registre__/reload\.js"></script>\s*</body>', page)
    assert "<script>" not in page  # no inline script: the policy would block it
    assert preview.get("__registre__/reload.js")[0] == 200


def test_serve_never_serves_a_symbolic_link_in_output(preview: Preview, tmp_path: Path) -> None:
    preview.wait_for(PAGE, "convention-cadre")
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe", encoding="utf-8")
    (preview.root / "output" / "secret.txt").symlink_to(secret)
    (preview.root / "output" / "dehors").symlink_to(tmp_path, target_is_directory=True)
    for path in ("secret.txt", "dehors/secret.txt"):
        status, body = preview.get(path)
        assert status == 404 and "mot de passe" not in body


def test_no_request_gets_a_404_while_a_full_rebuild_swaps_the_site(preview: Preview) -> None:
    import threading

    preview.wait_for(PAGE, "convention-cadre")
    statuses: list[int] = []
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set() and len(statuses) < 20_000:
            statuses.append(preview.get(PAGE)[0])

    askers = [threading.Thread(target=keep_asking) for _ in range(4)]
    for asker in askers:
        asker.start()
    try:
        for i in range(3):  # the configuration changed: everything is built aside and swapped in
            builds = preview.log().count(" acts, ")
            edit(preview.root / "site_config.yaml", "title: Registre de test" if i == 0 else f"title: Registre {i - 1}", f"title: Registre {i}")
            deadline = time.monotonic() + 30
            while preview.log().count(" acts, ") == builds:
                assert time.monotonic() < deadline, preview.log()
                time.sleep(0.05)
    finally:
        stop.set()
        for asker in askers:
            asker.join()
    assert len(statuses) > 50 and set(statuses) == {200}, sorted(set(statuses))


def test_serve_on_a_busy_port_says_so_in_one_line_at_once(tmp_path: Path) -> None:
    root = copy_site("minimal", tmp_path / "site")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        finished = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "serve", "--config", "site_config.yaml", "--port", str(port)],
            cwd=root, capture_output=True, text=True, timeout=30,
        )
    assert finished.returncode == 1
    assert finished.stderr == f"error: cannot listen on 127.0.0.1:{port}: Address already in use (another preview? try --port {port + 1})\n"
    assert not (root / "output").exists()  # said before building
