"""Reading files: YAML syntax errors with their line, front matter fences, tabs, encodings and duplicates."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .sitekit import SiteKit, problems

SITE = "content/site.yaml"


def check(kit: SiteKit, files: dict[str, str | bytes | None]) -> list[str]:
    run = kit.write(files).run("check")
    assert run.code == 1, run.out
    return problems(run)


@pytest.mark.parametrize(("text", "expected"), [
    ("title: Leadership: next steps\norganisation: O\ncontact:\n  email: a@example.org\n",
     "content/site.yaml:1: YAML syntax error: a colon followed by a space inside a value confuses YAML; put the "
     "whole value in quotes, like title: \"Leadership: the next step\""),
    ("title: T\norganisation: O\ncontact:\n  email: a@example.org\n   name: x\n",
     "content/site.yaml:5: YAML syntax error: this line is indented further than the line above; line it up with "
     "the fields at the same level, using spaces"),
    ("title: T\norganisation: O\nnavigation:\n  - title: About\n      link: /about/\n",
     "content/site.yaml:5: YAML syntax error: this line is indented further than the line above; line it up with "
     "the fields at the same level, using spaces"),
    ("title: T\norganisation: O\nnavigation:\n  - - link: /about/\n      title: About: who we are\n",
     "content/site.yaml:5: YAML syntax error: a colon followed by a space inside a value confuses YAML; put the "
     "whole value in quotes, like title: \"Leadership: the next step\""),  # an item of a list in a list
    ("title: T\norganisation: O\nnavigation:\n  - link: /about/\n    title: About: who we are\n",
     "content/site.yaml:5: YAML syntax error: a colon followed by a space inside a value confuses YAML; put the "
     "whole value in quotes, like title: \"Leadership: the next step\""),  # lined up with the item's first field
    ("title: T\norganisation: O\ncontact:\n  email: a@example.org\n name: x\n",
     "content/site.yaml:5: YAML syntax error: this line is not indented like the lines around it; line it up with "
     "the other fields at the same level, using spaces"),
    ("title: \"Unclosed\norganisation: O\n",
     "content/site.yaml:1: YAML syntax error: a quote is opened on this line but never closed; add the closing quote "
     "mark at the end of the value"),
    ("title: 'The King's Fund'\norganisation: O\n",
     "content/site.yaml:1: YAML syntax error: an apostrophe inside single quotes ends the value early; put the value "
     "in double quotes instead, like title: \"The King's Fund\""),
    ("title: @home\n", "content/site.yaml:1: YAML syntax error: the value starts with '@', which YAML treats "
                       "specially; put the whole value in quotes"),
    ("title: [Draft] programme\n", "content/site.yaml:1: YAML syntax error: the value starts with '[', which YAML "
                                   "treats specially; put the whole value in quotes"),
    ("title: !Important\n", "content/site.yaml:1: YAML syntax error: the value starts with '!', which YAML treats "
                            "specially; put the whole value in quotes"),
    ("title: About our #1 programmes\norganisation: O\ncontact:\n  email: a@example.org\n",
     "content/site.yaml:1: the text after ' #' was left out, because YAML reads ' #' as the start of a note; put the "
     "whole value in quotes"),
    ("title: T\norganisation: O\ncontact:\n\temail: a@example.org\n",
     "content/site.yaml:4: this line is indented with a tab character; YAML needs spaces for indentation: replace "
     "the tab with spaces"),
    ("title: T\ntitle: U\norganisation: O\ncontact:\n  email: a@example.org\n",
     "content/site.yaml:2: the field 'title' appears twice (first on line 1); keep one of them and delete the other"),
    ("title: &New programmes\n", "content/site.yaml:1: YAML syntax error: the value starts with '&', which YAML "
                                  "treats specially; put the whole value in quotes"),  # 'New' taken as an anchor
    ("title: ! About us\n", "content/site.yaml:1: YAML syntax error: the value starts with '!', which YAML treats "
                            "specially; put the whole value in quotes"),  # '!' taken as a tag, and left out
    ("title: *name\n",
     "content/site.yaml:1: YAML syntax error: the value starts with '*', which YAML treats specially; put the whole "
     "value in quotes"),
])
def test_yaml_syntax_errors_name_the_line(kit: SiteKit, text: str, expected: str) -> None:
    assert check(kit, {SITE: text}) == [expected]


def test_front_matter_fences(kit: SiteKit) -> None:
    found = check(kit, {
        "content/pages/about.md": "title: About\n---\nText\n",
        "content/pages/contact.md": "---\ntitle: Contact\nText\n",
    })
    assert found == [
        "content/pages/about.md:1: this file must start with a line of three dashes (---); add a line '---' at the "
        "top, then the fields, then another '---' line before the text",
        "content/pages/contact.md:1: the fields that start on line 1 are never closed; add a line with three dashes "
        "(---) after the last field",
    ]


def test_front_matter_lines_count_from_the_top_of_the_file(kit: SiteKit) -> None:
    assert check(kit, {"content/pages/about.md": "---\ntitle: About\nsumary: x\n---\nText\n"}) == [
        "content/pages/about.md:3: unknown field 'sumary'; did you mean 'summary'?"]


def test_bom_and_windows_line_endings_are_fine(kit: SiteKit) -> None:
    kit.write({"content/pages/about.md": "\ufeff---\r\ntitle: About\r\n---\r\nText with CRLF\r\n".encode()})
    run = kit.run()
    assert run.code == 0, run.err
    assert "Text with CRLF" in kit.page("about/")


def test_text_that_is_not_utf8(kit: SiteKit) -> None:
    assert check(kit, {"content/pages/about.md": b"---\ntitle: About\n---\nCaf\xe9\n"}) == [
        "content/pages/about.md:4: this line has characters that are not UTF-8 text; save the file as UTF-8 (in most "
        "editors: Save As, Encoding: UTF-8)"]


def test_yes_and_no_stay_words_in_text_fields(kit: SiteKit) -> None:
    kit.write({"content/pages/about.md": "---\ntitle: No\nsummary: yes\n---\nText\n"})
    assert kit.run().code == 0
    assert "<h1>No</h1>" in kit.page("about/")


def test_exponential_aliases_are_refused(kit: SiteKit) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    found = check(kit, {SITE: bomb})
    assert len(found) == 1
    assert found[0].startswith("content/site.yaml:")
    assert found[0].endswith("this file holds more than 100,000 values (often from repeated '&' anchors and '*' "
                             "references); write the values out plainly, without anchors")


# Plain values of the kinds YAML types by their look: numbers, dates, times, booleans, nulls and text.
PLAIN = st.from_regex(r"[-+.:0-9a-zA-Z_~ ]{0,12}", fullmatch=True).map(str.strip).filter(
    lambda v: not v.startswith(("-", ":", "~ ")) and not v.endswith(":") and ": " not in v)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PLAIN, st.booleans()), min_size=1, max_size=12))
def test_values_are_typed_as_pyyaml_types_them_when_read_again(values: list[tuple[str, bool]]) -> None:
    import yaml

    from prospectus.yamlnodes import _Base, _Loader
    text = "".join(f"k{i}: {repr(v) if quoted else v}\n" for i, (v, quoted) in enumerate(values))
    def tags(loader: type) -> list[str]:
        try:
            return [v.tag for _, v in yaml.compose(text, Loader=loader).value]
        except yaml.YAMLError as error:
            return [type(error).__name__]
    assert tags(_Loader) == tags(_Loader) == tags(_Base)  # the second time, each short value's type is known


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.integers(-10, 10 ** 12).map(str), st.from_regex(r"\A[+-]?[0-9][0-9_x]{0,7}\Z"),
                 st.tuples(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)).map(
                     lambda d: f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"), st.sampled_from(["0", "00", "07", "²", "1:30"])))
def test_plain_numbers_and_dates_are_read_as_pyyaml_reads_them(written: str) -> None:
    import yaml
    from prospectus.yamlnodes import Mapping, _Loader, read_yaml
    node, _ = read_yaml(f"x: {written}\n", "t.yaml")
    composed = yaml.compose(f"x: {written}\n", Loader=_Loader).value[0][1]
    try:
        expected = yaml.constructor.SafeConstructor().construct_object(composed, deep=True)
    except (ValueError, yaml.constructor.ConstructorError, OverflowError):
        expected = written  # not a value of its kind (2027-02-30): kept as written
    assert isinstance(node, Mapping)
    value = node.get("x").value  # type: ignore[union-attr]
    assert (value, type(value)) == (expected, type(expected))
