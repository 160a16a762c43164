"""Prospectus: programme brochure sites from Markdown and YAML."""

__version__ = "0.1.0"
