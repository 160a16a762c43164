"""Images editors keep in content/images and refer to by name."""
from __future__ import annotations

from .errors import did_you_mean


def image_name(path: str) -> str:
    """Return an image's path inside content/images, however the editor wrote it."""
    return path.removeprefix("/").removeprefix("content/").removeprefix("images/")


def missing_image_hint(path: str, images: frozenset[str]) -> str:
    """Say where a missing image should be, and which existing one was perhaps meant."""
    hint = f"put the file at content/images/{image_name(path)}"
    close = did_you_mean(image_name(path), images) if images else ""
    return f"{hint}; {close}" if close.startswith("did you mean") else hint
