"""Colour contrast, so brand colours set in site.yaml keep text readable (WCAG 2.2 AA)."""
from __future__ import annotations

AA_NORMAL_TEXT = 4.5


def luminance(hex_colour: str) -> float:
    """Return the relative luminance of a colour like '#0b5563', as WCAG defines it."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio between two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
