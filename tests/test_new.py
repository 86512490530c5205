from __future__ import annotations

from .conftest import run_cli


def test_new_writes_an_act_at_its_place_that_check_accepts_once_its_text_is_written(site) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    config = root / "site_config.yaml"
    result = run_cli("new", "--config", config, "--number", "ECO 013-1559/17/BM", "--title", "Soutien à l'export", "--date", "2017-02-09", "--rapporteur", "Martine VASSAL")
    assert result.status == 0, result.err
    path = root / "content/2017/eco-013-1559-17-bm.md"
    assert result.out.startswith("created minimal/content/2017/eco-013-1559-17-bm.md")
    text = path.read_text(encoding="utf-8")
    assert "theme: ECO\n" in text and "body: BM\n" in text and "### Article 1" in text and "Bureau de la Métropole" in text
    # The placeholders `new` writes are refused, each on its line, until staff replace them.
    held = run_cli("check", "--config", config)
    lines = text.splitlines()
    placeholders = [f"minimal/content/2017/eco-013-1559-17-bm.md:{lines.index(mark) + 1}:" for mark in ("(Le rapport.)", "- (Les motifs) ;", "(Le dispositif.)")]
    assert held.status == 1 and [line.split(" ")[0] for line in held.out.splitlines() if "placeholder" in line] == placeholders, held.out
    for mark, words in (("(Le rapport.)", "Le rapport."), ("(Les motifs)", "Les motifs"), ("(Le dispositif.)", "Le dispositif.")):
        text = text.replace(mark, words)
    path.write_text(text, encoding="utf-8")
    assert run_cli("check", "--config", config).status == 0


def test_new_refuses_a_number_that_exists_and_an_invalid_act(site) -> None:  # type: ignore[no-untyped-def]
    root = site("minimal")
    config = root / "site_config.yaml"
    (root / "content/2017/eco-012-1558-17-bm.md").rename(root / "content/2017/renamed.md")
    result = run_cli("new", "--config", config, "--number", "ECO 012-1558/17/BM", "--title", "x", "--date", "2017-02-09", "--rapporteur", "M")
    assert (result.status, result.err) == (1, 'minimal/content/2017/eco-012-1558-17-bm.md:2: number: "ECO 012-1558/17/BM" is already the number of minimal/content/2017/renamed.md\n')
    result = run_cli("new", "--config", config, "--number", "ECO 014-1560/17/BM", "--title", "x", "--date", "2017-02-09", "--rapporteur", "M", "--theme", "HN")
    assert (result.status, result.err) == (1, 'minimal/content/2017/eco-014-1560-17-bm.md:6: theme: "HN" differs from the theme in the number (ECO)\n')
    assert not (root / "content/2017/eco-014-1560-17-bm.md").exists()
