"""The site settings editors keep in content/site.yaml."""
from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .colour import AA_NORMAL_TEXT, contrast
from .errors import Problem
from .images import image_name
from .fields import Reader, complete, read_fields
from .model import Contact, NavLink, SiteConfig
from .options import DEFAULT_TIMEZONE, FOLDER_RULE, BuildOptions, ProjectPaths, normalise_base_path, path_of
from .schema import SITE_FIELDS
from .sources import read_yaml_file
from .yamlnodes import line_of


def load_config(paths: ProjectPaths, options: BuildOptions) -> tuple[SiteConfig, tuple[Problem, ...]]:
    """Read content/site.yaml into SiteConfig, with every problem in it.

    When the settings cannot be read, a plain stand-in comes back with the problems, so that the rest of the
    content can still be checked and every problem reported in one run.
    """
    shown = paths.show(paths.content / "site.yaml")
    if not (paths.content / "site.yaml").is_file():
        return _stand_in(options), (Problem(shown, 1, "the site settings file is missing",
                                            "create content/site.yaml; see docs/editing.md for an example"),)
    doc, problems = read_yaml_file(paths.content / "site.yaml", shown)
    if doc is None:
        return _stand_in(options), problems
    r = Reader(shown, ZoneInfo(DEFAULT_TIMEZONE))
    values = read_fields(doc.meta, SITE_FIELDS, r)
    if not complete(values):
        return _stand_in(options), tuple(r.problems)
    config = _site_config(values, doc.meta, paths, options, r)
    return config, tuple(r.problems)


def _stand_in(options: BuildOptions) -> SiteConfig:
    return SiteConfig(title="", organisation="", organisation_url="", base_url="",
                      base_path=normalise_base_path(options.base_path or "/") or "/", timezone=DEFAULT_TIMEZONE,
                      contact=Contact(), navigation=())


def _site_config(values: dict, node: object, paths: ProjectPaths, options: BuildOptions,
                 r: Reader) -> SiteConfig:
    timezone = values["timezone"] or DEFAULT_TIMEZONE
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        r.fail(line_of(node, "timezone"), f"'timezone': '{timezone}' is not a time zone",
               "use a name like Europe/London")
        timezone = DEFAULT_TIMEZONE  # to go on checking the rest of the content
    base_url = (options.base_url or values["base_url"] or "").strip()
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    url_path = path_of(base_url)
    # --base-url (as the deploy workflow gives it) decides the path unless --base-path is given too
    raw_path = options.base_path or (url_path if options.base_url else values["base_path"] or url_path)
    base_path = normalise_base_path(raw_path)
    if base_path is None:
        r.fail(line_of(node, "base_path"), f"'base_path': '{raw_path}' is not a folder path",
               f"{FOLDER_RULE}, like /brochures/")
        base_path = "/"
    colours = values["colours"] or {}
    brand = colours.get("brand") or SiteConfig.brand_colour
    accent = colours.get("accent") or SiteConfig.accent_colour
    for key, colour in (("brand", brand), ("accent", accent)):
        ratio = contrast(colour, "#ffffff")
        if ratio < AA_NORMAL_TEXT:
            r.fail(line_of(node, "colours"), f"'colours', '{key}': '{colour}' is too light: white text on "
                   f"it has a contrast of {ratio:.1f}:1, and WCAG AA needs at least {AA_NORMAL_TEXT}:1",
                   "choose a darker shade of the colour")
    if values["logo"] and not (paths.content / "images" / image_name(values["logo"])).is_file():
        r.fail(line_of(node, "logo"), f"'logo': the image '{values['logo']}' does not exist",
               f"put the file in content/images/{image_name(values['logo'])}")
    if values["logo"] and not values["logo_alt"]:
        r.fail(line_of(node, "logo"), "'logo' is set but 'logo_alt' is missing",
               "add a line like  logo_alt: The King's Fund  (what the logo says)")
    contact = values["contact"]
    return SiteConfig(
        title=values["title"], organisation=values["organisation"],
        organisation_url=values["organisation_url"] or "", base_url=base_url, base_path=base_path,
        timezone=timezone, contact=Contact(contact["name"] or "", contact["email"] or "",
                                           contact["phone"] or ""),
        navigation=tuple(NavLink(n["title"], n["link"]) for n in values["navigation"]),
        tagline=values["tagline"] or "", logo=values["logo"] or "", logo_alt=values["logo_alt"] or "",
        brand_colour=brand.lower(), accent_colour=accent.lower(), footer_note=values["footer_note"] or "")
