from __future__ import annotations

import json
from pathlib import Path

from .conftest import act_text, good_act, run_cli, tree_state


def test_check_reports_every_problem_of_every_file_sorted_and_exits_1(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site(
        {
            "2017/b.md": act_text(good_act(number="ECO 004-2439/17/BM", date="19/10/2017")),
            "2017/a.md": act_text(good_act(theme="XYZ", number="XYZ 003-2438/17/BM")),
            "2017/c.md": "---\ntitle: [unclosed\n---\n",
            "2017/ok.md": act_text(good_act(number="ECO 005-2440/17/BM")),
        }
    )
    result = run_cli("check", "--config", root / "site_config.yaml")
    assert result.status == 1
    assert result.out.splitlines() == [
        'site/content/2017/a.md:6: theme: unknown theme "XYZ" (known: ECO, HN)',
        'site/content/2017/b.md:4: date: expected YYYY-MM-DD, got "19/10/2017"',
        "site/content/2017/c.md:2: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence started here)",
    ]
    assert result.err == "3 errors, 0 warnings\n"


def test_check_in_json_with_warnings_only_exits_0(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": act_text(good_act(), "Vu URB 015-0877/15/CM.\n")})
    result = run_cli("check", "--config", root / "site_config.yaml", "--format", "json")
    assert result.status == 0
    assert json.loads(result.out) == [
        {"path": "site/content/a.md", "line": 17, "field": "body", "message": 'quotes "URB 015-0877/15/CM", which the archive does not hold', "severity": "warning"}
    ]


def test_a_failed_build_leaves_the_output_exactly_as_it_was(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": act_text(good_act())})
    assert run_cli("build", "--config", root / "site_config.yaml", "--no-search").status == 0
    before = tree_state(root / "output")
    (root / "content" / "b.md").write_text(act_text(good_act(number="ECO 004-2439/17/BM", vote={"result": "maybe"})), encoding="utf-8")
    result = run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    assert result.status == 1
    assert result.err == 'site/content/b.md:15: vote.result: expected one of adopted, rejected, got "maybe"\n'
    assert tree_state(root / "output") == before
    assert sorted(p.name for p in root.iterdir() if not p.name.startswith(".registre-cache-")) == ["content", "output", "site_config.yaml"]


def test_a_layout_error_names_the_layout_and_line(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from .conftest import LAYOUTS
    import shutil

    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, layouts)
    text = (layouts / "session.html").read_text(encoding="utf-8").splitlines()
    text[3] = "{{ session.no_such_field }}"
    (layouts / "session.html").write_text("\n".join(text), encoding="utf-8")
    (layouts / "terms.html").write_text('{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n', encoding="utf-8")
    root = make_site({"a.md": act_text(good_act())}, config={"paths": {"layouts": str(layouts)}})
    result = run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    assert result.status == 1
    assert result.err.splitlines() == [
        "layouts/session.html:4: UndefinedError: 'registre.models.Session object' has no attribute 'no_such_field'",
        "layouts/terms.html:3: Expected an expression, got 'end of statement block'",
    ]


def test_a_layout_reads_a_mapping_as_jinja_does(tmp_path: Path) -> None:
    """`t.home` is the word (read by its key at once, render.Layouts); a name of the mapping's own,
    `t.items`, is still its method, even beside a word named so; a word missing is an error."""
    import jinja2
    import pytest

    from registre.render import new_environment

    env = new_environment(tmp_path)
    words = {"home": "Accueil", "items": "Éléments"}
    assert env.from_string("{{ t.home }}|{{ t.items() | list | length }}|{{ t['items'] }}").render(t=words) == "Accueil|2|Éléments"
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'missing'"):
        env.from_string("{{ t.missing }}").render(t=words)


def test_usage_errors_and_help(capsys) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("frobnicate").status == 2
    assert run_cli("--help").status == 0
    printed = capsys.readouterr()
    assert "invalid choice: 'frobnicate'" in printed.err
    assert all(command in printed.out for command in ("build", "check", "serve"))


def test_a_missing_config_is_a_clear_error(chdir_tmp: Path) -> None:
    result = run_cli("check")
    assert (result.status, result.err) == (1, "site_config.yaml: cannot read: No such file or directory\n")


def test_a_missing_layouts_folder_is_named_in_one_line(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": act_text(good_act())}, config={"paths": {"layouts": "gabarits"}})
    result = run_cli("build", "--config", root / "site_config.yaml", "--no-search")
    assert (result.status, result.err) == (1, "site/gabarits: layouts folder not found (paths.layouts in the configuration)\n")
