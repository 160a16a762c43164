"""Templates: autoescaped, strict about undefined values, and their errors located by template and line."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from prospectus.cache import value_hash
from prospectus.render import _escaped, make_environment, references, template_closures

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


@pytest.mark.parametrize("tag", [
    '{% include "partials/n.html" %}', '{%+ include "partials/n.html" %}', '{% include "./partials/n.html" %}',
    '{%include"partials/n.html"%}', '{%- include \'partials/n.html\' -%}', '{% include "partials/" ~ "n.html" %}',
    '{% include "partials/other.html" if x else "partials/n.html" %}', '{% from "partials/n.html" import m %}',
    '{% import "partials/n.html" as n %}', '{% extends "partials/n.html" %}',
    '{% include ["x.html", "partials/n.html"] %}', '{% include ".hidden.html" %}'])
def test_a_page_template_depends_on_every_template_it_uses(tag: str) -> None:
    """However a template names another, editing the other changes the first one's key (pages are kept by it)."""
    used = ".hidden.html" if "hidden" in tag else "partials/n.html"
    sources = {"page.html": f"<p>{tag}</p>".encode(), "partials/n.html": b"one", "partials/other.html": b"x",
               ".hidden.html": b"one", "unrelated.html": b"u"}
    before = template_closures(sources)
    after = template_closures({**sources, used: b"two"})
    assert before["page.html"] != after["page.html"]
    assert before["unrelated.html"] == after["unrelated.html"]


def test_value_hashes_do_not_depend_on_how_parts_are_shared() -> None:
    shared = ("a" * 50,)
    assert value_hash((shared, shared)) == value_hash((("a" * 50,), ("a" * 50,)))


class _Html:
    def __html__(self) -> str:
        return "<b>given</b>"


OUTPUTS = ("{{ text }} {{ markup }} {{ number }} {{ nothing }} {{ html }} {{ text ~ markup }} {{ text | safe }}"
           "{% set block %}<i>{{ text }}</i>{% endset %}{{ block }} {{ block | length }}"
           "{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(text) }}{% macro c(x) %}{{ x }}{{ caller() }}{% endmacro %}"
           "{% call c(markup) %}{{ text }}{% endcall %}{% filter upper %}{{ text }}{% endfilter %}"
           "{% autoescape false %}{{ text }}{% endautoescape %}{{ [text] | join(markup) }} {{ text | e }}")


def test_templates_output_values_as_jinja_would(tmp_path: Path) -> None:
    # pages are rendered with a quicker escape than Jinja's (render._escaped): the text must be the same
    (tmp_path / "t.html").write_text(OUTPUTS)
    values = {"text": "<a href='x'>Tom & \"Jerry\"</a>", "markup": Markup("<em>safe</em>"), "number": 3.5,
              "nothing": None, "html": _Html()}
    ours = make_environment(tmp_path).get_template("t.html")
    assert ours.root_render_func.__globals__["escape"] is _escaped  # the quicker escape is the one at work
    plain = make_environment(tmp_path)
    plain.template_class = jinja2.Template
    assert ours.render(values) == plain.get_template("t.html").render(values)
    assert "&lt;a href=&#39;x&#39;&gt;Tom &amp; &#34;Jerry&#34;&lt;/a&gt; <em>safe</em> 3.5 None <b>given</b>" \
        in ours.render(values)


def test_a_cached_partial_is_rendered_once_for_each_set_of_values(tmp_path: Path) -> None:
    (tmp_path / "partial.html").write_text("<b>{{ who.name }}</b>")
    (tmp_path / "page.html").write_text('{{ partial_cached("partial.html", who=who) }}|{% include "partial.html" %}')
    env = make_environment(tmp_path)
    rendered: list[str] = []
    original = env.get_template("partial.html").root_render_func

    def counted(context):  # type: ignore[no-untyped-def]
        rendered.append(context["who"].name)
        return original(context)

    env.get_template("partial.html").root_render_func = counted
    first, second = Person("Ada <3"), Person("Bo")
    pages = [env.get_template("page.html").render(who=who) for who in (first, second, first, second)]
    assert pages == ["<b>Ada &lt;3</b>|<b>Ada &lt;3</b>", "<b>Bo</b>|<b>Bo</b>"] * 2  # the same as an include
    assert rendered.count("Ada <3") == 3  # once cached, and once each time it is included
    assert references('{{ partial_cached("partial.html", who=who) }}') == {"partial.html"}
    assert references('{{ partial_cached(name, who=who) }}') is None  # worked out at render time: any template


@dataclass(frozen=True)
class Person:
    name: str


def test_a_cached_partial_sees_only_the_values_it_is_given(kit: SiteKit) -> None:
    facts = (kit.root / "templates/partials/key_facts.html").read_text()
    kit.write({"templates/partials/key_facts.html": facts.replace("Key facts", "Key facts for {{ page.title }}")})
    assert problems(kit.run()) == [
        "templates/partials/key_facts.html:4: template error: 'page' is undefined; fix the template; the comment "
        "on its first line lists the values it can use"]
