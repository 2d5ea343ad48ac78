"""Markdown to safe HTML: descriptions and bios are stored as Markdown, never as HTML."""

import markdown
import nh3

from ..conf import settings


def markdown_to_html(text):
    if not text:
        return ""
    html = markdown.markdown(text, extensions=settings.MARKDOWN_EXTENSIONS)
    return nh3.clean(html, tags=set(settings.ALLOWED_TAGS), url_schemes={"http", "https", "mailto"})
