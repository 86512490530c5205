from __future__ import annotations

import re

import pytest

from registre.frenchtext import french_typography
from registre.markdown import article_anchor, make_markdown, render_markdown

NUMBER = re.compile(r"(?<![\w/])[A-Z]{2,5} ?\d{3}-\d{1,5}/\d{2}/[A-Z]{2,4}(?![\w/])")


def render(text: str, held: tuple[str, ...] = ()) -> str:
    return render_markdown(make_markdown(), text, NUMBER, lambda m: f"../{m.group(0)[:3].lower()}/" if m.group(0) in held else None)


def test_articles_get_anchors_that_link_to_themselves() -> None:
    html = render("## Délibère\n\n### Article 1\n\nA.\n\n### Article 2 :\n\nB.\n\n### Article premier\n")
    assert '<h3 id="article-1"><a href="#article-1" class="anchor">Article 1</a></h3>' in html
    assert '<h3 id="article-2">' in html
    # "Article premier" would repeat article-1: an id is used once.
    assert html.count('id="article-1"') == 1


def test_article_anchor_names() -> None:
    assert [article_anchor(t) for t in ("Article 12 :", "article premier", "Article 1er", "Articles")] == ["article-12", "article-1", "article-1", None]


def test_raw_html_is_escaped_and_unsafe_links_are_dropped() -> None:
    html = render('<script>alert(1)</script> <img src=x onerror="alert(1)">\n\n[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) [ok](https://example.org/)')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html and 'href="data' not in html and 'href="vbscript' not in html
    assert '<a href="https://example.org/">ok</a>' in html


def test_images_are_not_loaded_from_elsewhere() -> None:
    assert "<img" not in render("![tracker](https://tracker.example/pixel.png)")


def test_quoted_numbers_become_links_when_held_only_outside_links() -> None:
    html = render("Vu ECO 012-1558/17/BM et HN009-011/16/CM, et [la ECO 012-1558/17/BM](https://x.org/).", held=("ECO 012-1558/17/BM",))
    assert '<a href="../eco/" class="citation">ECO 012-1558/17/BM</a>' in html
    assert "HN009-011/16/CM" in html and 'class="citation">HN009' not in html
    assert '<a href="https://x.org/">la ECO 012-1558/17/BM</a>' in html


def test_numbers_are_looked_for_only_in_text_holding_one_the_file_was_found_to_quote() -> None:
    # The numbers found when the file was read are those linked: a paragraph holding none of them
    # is not searched (`quoted`), so a number the reading did not find (escaped) stays text.
    text = "Vu ECO 012-1558/17/BM.\n\nVu HN 009-011/16/CM.\n\nVu HN 009\\-011/16/CM."
    held = {"ECO 012-1558/17/BM": "../eco/", "HN 009-011/16/CM": "../hn/"}
    html = render_markdown(make_markdown(), text, NUMBER, lambda m: held.get(m.group(0)), frozenset({"ECO 012-1558/17/BM"}))
    assert html.count('class="citation"') == 1 and 'href="../eco/"' in html
    assert html.count('class="citation"') < render_markdown(make_markdown(), text, NUMBER, lambda m: held.get(m.group(0))).count('class="citation"')


def test_body_headings_never_make_a_second_h1_nor_skip_a_level() -> None:
    html = render("# Titre\n\n#### Vu\n\n## Délibère\n\n###### Article 1\n")
    assert re.findall(r"<(h\d)", html) == ["h2", "h3", "h2", "h3"]
    assert '<h3 id="article-1">' in html


def test_a_list_nested_25_deep_keeps_every_level() -> None:
    text = "".join("  " * level + f"- niveau {level}\n" for level in range(25))
    html = render_markdown(make_markdown(), text)
    assert html.count("<ul>") == 25 and "niveau 24" in html


def test_an_article_number_of_5000_digits_is_text_not_a_crash() -> None:
    html = render_markdown(make_markdown(), "### Article " + "9" * 5000 + "\n\nTexte.\n\n### Article 2\n")
    assert "9" * 5000 in html and 'id="article-2"' in html
    assert article_anchor("Article " + "9" * 5000) is None


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Délibère :</p>", "<p>Délibère\u00a0:</p>"),
        ("Vu : la loi ; Pourquoi ? Oui !\n", "Vu\u00a0: la loi\u202f; Pourquoi\u202f? Oui\u202f!\n"),
        ("50 % et 3 %<", "50\u00a0% et 3\u00a0%<"),
        ("«  Cité  »", "«\u00a0Cité\u00a0»"),
        # Left alone: no word before, a tag's or an attribute's space, nothing after, a sign glued to what follows, code.
        (' : a="b" :x <b> ; title=\' ? cinq % a ?', ' : a="b" :x <b> ; title=\' ? cinq % a ?'),
        ("<code>a : b</code><pre>c ; d</pre>", "<code>a : b</code><pre>c ; d</pre>"),
        ("a\u00a0 : b", "a\u00a0 : b"),
    ],
)
def test_french_typography_spaces_before_signs_and_inside_quotes(html: str, expected: str) -> None:
    assert french_typography(html) == expected


def test_a_table_whose_header_row_is_empty_has_no_header() -> None:
    html = render("|  |  |\n| --- | --- |\n| Coût par enfant | 684,29 € |\n\n| Objet | Montant |\n| --- | --- |\n| Voirie | 10 € |\n")
    first, second = html.split("</table>")[:2]
    assert "<thead>" not in first and "<td>Coût par enfant</td>" in first
    assert "<th>Objet</th>" in second
