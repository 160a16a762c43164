"""Text in XML (the feed and the sitemap): escaped as xml.sax.saxutils does it, without the 10 ms its import
takes (it brings in urllib.request and the email package)."""
from __future__ import annotations


def escape(text: str) -> str:
    """Escape text for XML, as xml.sax.saxutils.escape does."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """Quote an XML attribute value, as xml.sax.saxutils.quoteattr does."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    return f"'{text}'" if "'" not in text else '"{}"'.format(text.replace('"', "&quot;"))
