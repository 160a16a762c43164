"""Templates: autoescaped, strict about undefined values, and their errors located by template and line."""
from __future__ import annotations

from .sitekit import SiteKit, problems


def test_an_undefined_value_names_the_template_and_line(kit: SiteKit) -> None:
    page = (kit.root / "templates/page.html").read_text().replace("{{ page.title }}</h1>", "{{ page.titel }}</h1>")
    kit.write({"templates/page.html": page})
    run = kit.run()
    assert run.code == 1
    assert problems(run) == [
        "templates/page.html:4: template error: 'prospectus.pages.PlannedPage object' has no attribute 'titel'; fix "
        "the template; the comment on its first line lists the values it can use"]
    assert not (kit.root / "output").exists()


def test_a_syntax_error_names_the_template_and_line(kit: SiteKit) -> None:
    kit.write({"templates/partials/tag.html": "{# tag #}\n<strong>{% if status %}{{ status.label }}</strong>\n"})
    run = kit.run()
    assert problems(run) == [
        "templates/partials/tag.html:2: template error: Unexpected end of template. Jinja was looking for the "
        "following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.; fix the "
        "template; the comment on its first line lists the values it can use"]


def test_a_missing_template(kit: SiteKit) -> None:
    kit.write({"templates/people.html": None})
    assert problems(kit.run()) == [
        "templates/people.html:1: template error: the template 'people.html' does not exist; create "
        "templates/people.html, or correct the name that refers to it"]


def test_values_are_escaped(kit: SiteKit) -> None:
    kit.write({"content/pages/about.md": '---\ntitle: "<script>alert(1)</script> & co"\n---\nText\n'})
    assert kit.run().code == 0
    page = kit.page("about/")
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>" in page
    assert "<script>alert" not in page
