"""What a list of materials shows: each item's title, kind, where it goes, and its format and size or website."""
from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from . import housestyle, urls
from .frozen import frozen
from .model import Material, Programme
from .urls import Urls

FORMATS = {".pdf": "PDF", ".doc": "Word document", ".docx": "Word document", ".ppt": "PowerPoint",
           ".pptx": "PowerPoint", ".xls": "Excel spreadsheet", ".xlsx": "Excel spreadsheet", ".csv": "CSV file",
           ".odt": "OpenDocument text", ".ods": "OpenDocument spreadsheet", ".odp": "OpenDocument presentation",
           ".rtf": "Rich text", ".txt": "Plain text", ".zip": "ZIP file", ".epub": "EPUB e-book",
           ".mp3": "MP3 audio", ".m4a": "M4A audio", ".mp4": "MP4 video", ".jpg": "JPEG image", ".jpeg": "JPEG image",
           ".png": "PNG image", ".svg": "SVG image"}


@frozen
class MaterialView:
    """A material (a file or a link) as a page lists it."""

    title: str
    kind: str  # 'Pre-reading'
    href: str
    about: str  # 'Pre-reading (PDF, 180 KB)' for a file, 'Article on www.example.org' for a link
    description: str
    external: bool  # a link to another website


@frozen
class MaterialGroup:
    """The materials of the whole programme, or of one module."""

    title: str  # 'For the whole programme', or 'Module 1: Defining you and the system'
    href: str  # the module's page, or ''
    materials: tuple[MaterialView, ...]


def file_format(name: str) -> str:
    """Return what sort of file a name is, as people say it: 'PDF', 'Word document', 'ZIP file'."""
    suffix = PurePosixPath(name).suffix.lower()
    return FORMATS.get(suffix, f"{suffix.lstrip('.').upper()} file" if suffix else "File")


def material_view(material: Material, programme_slug: str, u: Urls) -> MaterialView:
    kind = material.kind[:1].upper() + material.kind[1:]
    if material.file:
        return MaterialView(material.title, kind, u.href(urls.material_file(programme_slug, material.file)),
                            f"{kind} ({file_format(material.file)}, {housestyle.file_size(material.size)})",
                            material.description, False)
    host = urlsplit(material.link).netloc
    return MaterialView(material.title, kind, material.link, f"{kind} on {host}", material.description, True)


def material_groups(programme: Programme, u: Urls) -> tuple[MaterialGroup, ...]:
    """Group a programme's materials: its own first, then each module's in order; leave out empty groups."""
    groups = []
    if programme.materials:
        groups.append(MaterialGroup("For the whole programme", "",
                                    tuple(material_view(m, programme.slug, u) for m in programme.materials)))
    for module in programme.modules:
        if module.materials:
            groups.append(MaterialGroup(f"Module {module.number}: {module.title}",
                                        u.href(urls.module(programme.slug, module.slug)),
                                        tuple(material_view(m, programme.slug, u) for m in module.materials)))
    return tuple(groups)
