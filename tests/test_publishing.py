"""The forge workflows staff rely on: they check, then build what `make build` builds."""

from __future__ import annotations

import yaml

from .conftest import ROOT


def test_the_github_workflow_checks_builds_and_publishes_output() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    commands = [s.get("run", "") for s in steps]
    assert commands.index("python build.py check") < next(i for i, c in enumerate(commands) if c.startswith("python build.py build"))
    assert any("requirements.txt" in c for c in commands)
    assert {"path": "output"} in [s.get("with") for s in steps]
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    # The last build is kept before the build that starts from it.
    kept = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@"))
    assert kept < next(i for i, c in enumerate(commands) if c.startswith("python build.py build"))
    assert steps[kept]["with"]["path"].split() == ["output", ".registre-cache-output"]


def test_the_gitlab_pipeline_checks_and_publishes() -> None:
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "python build.py check" in pipeline["check"]["script"]
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    assert "python build.py build --output public" in " ".join(pipeline["pages"]["script"])
    assert pipeline["pages"]["cache"]["paths"] == ["public/", ".registre-cache-public/"]
