#!/usr/bin/env python3
"""Registre against what people would otherwise use, on the same corpus, in one run.

    .venv/bin/python bench/run.py [N ...]        (default: 1000 10000; `make bench`)

For each size: the corpus of bench/corpus.py; Registre's clean build with and
without search and a warm rebuild with nothing changed; Hugo (Debian's) and
Pelican 4 (in a venv of its own), each followed by the Pagefind CLI; the Python
floor (bench/floor.py); peak memory of each, children included; in `serve`,
the time from editing one act to the new page being served and to search
finding the new word; the bytes Chromium fetches for a first one-word search.
Everything but Registre is installed by bench/setup.sh, outside the product.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import NamedTuple

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
PYTHON = sys.executable
PELICAN = WORK / "pelican-venv" / "bin" / "pelican"
TRASH = WORK / "trash"
SAMPLING_SHARE = 40
"""Memory is sampled after a pause 40 times as long as the last sample took (at least 0.2 s)."""
COMPARED_UP_TO = 20_000
"""Sizes up to which Hugo and Pelican (each followed by the Pagefind CLI) run too."""
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402


def session_memory(pgid: int) -> int:
    """Memory of every process of a session (the command and its children), in bytes.

    Proportional set sizes: pages a forked worker shares with its parent count
    once, not once per process as resident sizes would.
    """
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.getpgid(int(pid)) != pgid:
                continue
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) * 1024
        except (OSError, ProcessLookupError, ValueError, StopIteration):
            continue
    return total


class Run(NamedTuple):
    seconds: float
    peak_mb: float
    """Peak memory of the session, children included."""
    cpu: float
    """CPU seconds (user and system) of the command and every process it waited for: on 2 cores,
    what a generator can still gain by running more at once, or only by doing less."""


def one_after_other(first: Run, then: Run) -> Run:
    """Two commands run one after the other (a generator, then the Pagefind CLI)."""
    return Run(first.seconds + then.seconds, max(first.peak_mb, then.peak_mb), first.cpu + then.cpu)


def measure(command: list[str], cwd: Path) -> tuple[Run, str]:
    """Run a command in a session of its own: its figures, its output."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True)
    peak = 0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read() if process.stdout else ""))
    reader.start()
    while process.poll() is None:
        sampled = time.perf_counter()
        peak = max(peak, session_memory(process.pid))
        # Reading a process's memory map walks its pages in the kernel (23 ms for 2 GB): sampled
        # every 0.2 s, a 100,000-act build lost a second in thirteen to its own measure. The
        # pause grows with the cost, so that measuring takes at most 1/SAMPLING_SHARE of a core;
        # it ends when the command does (a sleep made a build of 2 GB seem to last a second more).
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(max(0.2, (time.perf_counter() - sampled) * SAMPLING_SHARE))
    reader.join()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{''.join(output)[-3000:]}")
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = done.ru_utime + done.ru_stime - used.ru_utime - used.ru_stime
    return Run(seconds, peak / 2**20, cpu), "".join(output)


def fresh(*paths: Path) -> None:
    """Clear the way for a clean build: move old trees aside, deleted once the run is over.

    Creating tens of thousands of files just after deleting as many costs ext4 much more
    (its `recently_deleted` inode checks, seen with perf): deleting between builds made
    every generator's figures swing by 30 % and grow from run to run.
    """
    for path in paths:
        if path.exists():
            TRASH.mkdir(parents=True, exist_ok=True)
            path.rename(TRASH / f"{path.name}-{time.monotonic_ns()}")


def pagefind_cli(site: Path) -> Run:
    return measure([PYTHON, "-m", "pagefind", "--site", str(site)], site)[0]


def registre(site: Path) -> dict[str, Run]:
    build = [PYTHON, str(ROOT / "build.py"), "--config", str(site / "site_config.yaml")]
    fresh(site / "output", *site.glob(".registre-*"))
    no_search = measure(build + ["--no-search"], site)[0]
    fresh(site / "output", *site.glob(".registre-*"))
    clean = measure(build, site)[0]
    warm = measure(build, site)[0]
    return {"Registre, with search": clean, "Registre, no search": no_search, "Registre, warm, nothing changed": warm,
            "Registre, one act added, cache kept": one_act_added(site, build)}


ADDED_RUNS = 3
"""Acts added one after another, each removed again: the row is the median run (single runs of
the same code swung from 12.4 to 14.2 s at 100,000 acts)."""
SETTLE_SECONDS = 35
"""Between a build that deleted files and one that makes others (`fresh`: ext4 checks files made
within 30 s of others deleted)."""


def one_act_added(site: Path, build: list[str]) -> Run:
    """A new act built into the site with the last build's output and cache, then removed and built
    again, ADDED_RUNS times: the median run."""
    runs = []
    for turn in range(ADDED_RUNS):
        if turn:
            time.sleep(SETTLE_SECONDS)
        added = new_act(site)
        runs.append(measure(build, site)[0])
        added.unlink()  # the corpus as it was, and its site
        measure(build, site)
    return sorted(runs)[len(runs) // 2]


def new_act(site: Path) -> Path:
    """A new act in the newest session, as a commit adds one: the newest act's file, numbered anew."""
    newest = sorted((site / "content").rglob("*.md"))[-1]
    text = newest.read_text(encoding="utf-8")
    number = re.search(r'^number: "([^"]+)"', text, re.M).group(1)  # type: ignore[union-attr]
    new = re.sub(r"-(\d+)/", lambda m: f"-{int(m.group(1)) + 1}/", re.sub(r" (\d{3})-", " 999-", number, count=1), count=1)
    path = newest.with_name(re.sub(r"[^a-z0-9]+", "-", new.lower()).strip("-") + ".md")
    # One « Acte ajouté » however many acts were added one after another (each copies the newest).
    path.write_text(re.sub(r'title: "(Acte ajouté : )*', 'title: "Acte ajouté : ', text.replace(number, new), count=1), encoding="utf-8")
    return path


def hugo(site: Path) -> dict[str, Run]:
    hugo_site = site / "hugo"
    fresh(hugo_site)
    shutil.copytree(BENCH / "hugo", hugo_site)
    (hugo_site / "content").symlink_to(site / "content")
    build = measure(["hugo", "--quiet", "-s", str(hugo_site), "-d", str(hugo_site / "public")], site)[0]
    return {"Hugo": build, "Hugo + Pagefind CLI": one_after_other(build, pagefind_cli(hugo_site / "public"))}


def pelican(site: Path) -> dict[str, Run]:
    content = site / "pelican-content"
    if not content.exists():
        for act in sorted((site / "content").rglob("*.md")):
            front, body = act.read_text(encoding="utf-8").split("---\n", 2)[1:]
            meta = dict(re.findall(r"^(number|title|date|body|theme|rapporteur): (.+)$", front, re.M))
            lines = [f"Title: {meta['title'].strip(chr(34))}", f"Date: {meta['date']}", f"Category: {meta['theme']}", f"Tags: {meta['body']}",
                     f"Authors: {meta['rapporteur']}", f"Slug: {act.stem}", f"Number: {meta['number'].strip(chr(34))}"]
            target = content / act.parent.name / act.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
    out = site / "pelican-output"
    fresh(out)
    build = measure([str(PELICAN), str(content), "-o", str(out), "-s", str(BENCH / "pelican" / "pelicanconf.py"), "-q"], site)[0]
    return {"Pelican": build, "Pelican + Pagefind CLI": one_after_other(build, pagefind_cli(out))}


def floor(site: Path) -> dict[str, Run]:
    fresh(site / "floor-output")
    return {"Python floor (2 processes)": measure([PYTHON, str(BENCH / "floor.py"), str(site / "content"), str(site / "floor-output")], site)[0]}


def serve_edit(site: Path) -> tuple[float, float]:
    """Edit one act while `serve` runs: seconds until its page shows the new text, until search finds it."""
    from playwright.sync_api import sync_playwright

    from tests.serving import free_port

    port = free_port()
    log = (site / "serve.log").open("wb")
    process = subprocess.Popen([PYTHON, str(ROOT / "build.py"), "serve", "--config", str(site / "site_config.yaml"), "--port", str(port)],
                               cwd=site, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        while "serving" not in (site / "serve.log").read_text(errors="replace"):
            assert process.poll() is None, (site / "serve.log").read_text()
            time.sleep(0.2)
        act = sorted((site / "content").rglob("*.md"))[-1]  # in the newest year: the bundle searched first
        page = f"{base}deliberations/{act.stem}/"
        word = f"zygomorphe{int(time.time())}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"])
            text = act.read_text(encoding="utf-8")
            started = time.perf_counter()
            act.write_text(text.replace("Est approuvé", f"Est approuvé ({word})", 1), encoding="utf-8")
            while word not in urllib.request.urlopen(page).read().decode("utf-8"):
                time.sleep(0.01)
            served = time.perf_counter() - started
            # As a reader would: load the search page (it lists the bundles to merge, `serve`'s
            # bundle of edited acts first when there is one) and search with Pagefind.
            script = """async (word) => {
                const root = document.getElementById('search');
                const bundles = [...root.dataset.shards.split(' '), ...root.dataset.edits.split(' ')].filter(Boolean);
                const pf = await import('/pagefind/' + bundles[0] + '/pagefind.js?t=' + Date.now());
                await pf.options({});
                for (const bundle of bundles.slice(1)) await pf.mergeIndex('/pagefind/' + bundle + '/');
                return (await pf.search(word)).results.length; }"""
            while True:
                probe = browser.new_page()
                probe.goto(base + "recherche/")
                found = probe.evaluate(script, word)
                probe.close()
                if found:
                    break
                time.sleep(0.05)
            findable = time.perf_counter() - started
            browser.close()
        act.write_text(text, encoding="utf-8")
        # Stopped once the act put back is indexed (the preview ends each rebuild with its summary
        # line: the first build, the edit, the act put back), so output/ is left as a build makes it.
        deadline = time.monotonic() + 300
        while len(re.findall(r"^\d+ acts, ", (site / "serve.log").read_text(errors="replace"), re.M)) < 3:
            assert time.monotonic() < deadline and process.poll() is None, "the preview never indexed the act put back"
            time.sleep(0.1)
        return served, findable
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def first_search_bytes(site: Path, query: str) -> tuple[int, int]:
    """Bytes Chromium fetches for a first search: without and with gzip from the server."""
    from playwright.sync_api import sync_playwright

    from gzip_server import GzipServer

    results = []
    for compress in (False, True):
        with GzipServer(site / "output", compress) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"])
            tab = browser.new_page()
            requests: list = []
            tab.on("requestfinished", lambda r: requests.append(r))
            tab.goto(f"{url}recherche/?q={urllib.parse.quote(query)}")
            tab.locator(".search-result-link").first.wait_for(timeout=30_000)
            tab.wait_for_load_state("networkidle")
            results.append(sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in requests))
            browser.close()
    return results[0], results[1]


def oldest_number(site: Path) -> str:
    """The number of the oldest act: a search for it fetches its year (the oldest) and the newest."""
    front = sorted((site / "content").rglob("*.md"))[0].read_text(encoding="utf-8")
    return re.search(r"^number: \"?([^\"\n]+)", front, re.M).group(1)  # type: ignore[union-attr]


def run(size: int) -> None:
    site = WORK / str(size)
    if not (site / "site_config.yaml").exists():
        corpus.generate(size, site, ROOT / "layouts")
    acts = len(list((site / "content").rglob("*.md")))
    content_mb = sum(p.stat().st_size for p in (site / "content").rglob("*.md")) / 2**20
    print(f"\n## {acts} acts ({content_mb:.0f} MB of Markdown), {os.cpu_count()} cores\n")
    rows = {}
    rows.update(registre(site))
    raw, gzipped = first_search_bytes(site, "convention")
    number = oldest_number(site)
    number_raw, number_gzipped = first_search_bytes(site, number)
    served, findable = serve_edit(site)
    rows.update(floor(site))
    if size <= COMPARED_UP_TO:
        rows.update(hugo(site))
        if PELICAN.exists():
            rows.update(pelican(site))
    else:
        print(f"(Hugo and Pelican skipped above {COMPARED_UP_TO} acts: the Pagefind CLI after them builds one index over every page, ~50 GB at 100,000)\n")
    print(f"| {'what':<34} | {'seconds':>8} | {'CPU s':>8} | {'peak MB':>8} |")
    print(f"| {'-' * 34} | {'-' * 8}: | {'-' * 8}: | {'-' * 8}: |")
    for name, run in rows.items():
        print(f"| {name:<34} | {run.seconds:>8.1f} | {run.cpu:>8.1f} | {run.peak_mb:>8.0f} |")
    clean = rows["Registre, with search"].seconds
    print()
    print(f"- serve, one act edited: page served after {served:.2f} s, found by search after {findable:.2f} s")
    print(f"- first one-word search (`convention`): {raw / 1024:.0f} KB fetched, {gzipped / 1024:.0f} KB with gzip from the server")
    print(f"- first search for the oldest act's number (`{number}`: its year and the newest searched): {number_raw / 1024:.0f} KB, {number_gzipped / 1024:.0f} KB with gzip")
    if "Hugo + Pagefind CLI" in rows:
        print(f"- with search vs Hugo + Pagefind: {rows['Hugo + Pagefind CLI'].seconds / clean:.2f}x faster")
    if "Pelican + Pagefind CLI" in rows:
        print(f"- with search vs Pelican + Pagefind: {rows['Pelican + Pagefind CLI'].seconds / clean:.2f}x faster")
    print(f"- no search vs the Python floor: {rows['Registre, no search'].seconds / rows['Python floor (2 processes)'].seconds:.2f}x the floor")
    print(f"- warm rebuild: {100 * rows['Registre, warm, nothing changed'].seconds / clean:.1f} % of a clean build")
    print(f"- one act added, cache kept: {100 * rows['Registre, one act added, cache kept'].seconds / clean:.1f} % of a clean build")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    WORK.mkdir(exist_ok=True)
    try:
        for size in sizes:
            run(size)
    finally:
        shutil.rmtree(TRASH, ignore_errors=True)
