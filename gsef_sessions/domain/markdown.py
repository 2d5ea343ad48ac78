"""Markdown to safe HTML: descriptions and bios are stored as Markdown, never as HTML."""

from __future__ import annotations

import html as html_lib
import re

import markdown
import nh3
from django.utils.html import strip_tags

from ..conf import settings


def markdown_to_html(text: str | None) -> str:
    if not text:
        return ""
    html = markdown.markdown(text, extensions=settings.MARKDOWN_EXTENSIONS)
    return nh3.clean(html, tags=set(settings.ALLOWED_TAGS), url_schemes={"http", "https", "mailto"})


def markdown_to_paragraphs(text: str | None) -> list[str]:
    """Markdown as a list of plain-text paragraphs, for engines that must not receive markup."""
    html = markdown_to_html(text)
    blocks = re.split(r"</(?:p|li|h3|h4|blockquote|pre)>", html)
    return [para for para in (" ".join(html_lib.unescape(strip_tags(b)).split()) for b in blocks) if para]
