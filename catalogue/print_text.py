"""Section text for print: :func:`catalogue.text.render_text` with web addresses set as links that break
only after a ``/`` or a ``.``, never at a hyphen and never hyphenated.

The print stylesheet hyphenates running text; an address is set with ``hyphens: manual``, its break
points are zero-width spaces after each ``/`` and ``.``, and its hyphens are non-breaking hyphens
(U+2011), so "www.triplep-nederland.nl" can break as "www." / "triplep-nederland.nl" but never inside
"triplep-nederland". (A nowrap span would do too, but WeasyPrint leaves the link area of an inline box
inside a link out of the PDF's structure tree.) The link target is the address itself, with ``https://``
added to a bare ``www.``.

A list item starts with its bullet as text ("•" and two no-break spaces), not as a ``li::before`` box:
one text box fewer per item for WeasyPrint to build, lay out, draw and tag, and the same bullet.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from catalogue.text import render_text

# Runs on render_text's output, which is escaped text in <p>, <ul> and <li> without attributes, so an
# address can only be text. Trailing punctuation of the sentence is not part of the address.
WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+?(?=[.,;:!?)]*(?:\s|<|$))", re.IGNORECASE)
BREAK_AFTER = re.compile(r"(?<=[/.])(?=[^/.])")
ZERO_WIDTH_SPACE = "\u200b"
NON_BREAKING_HYPHEN = "\u2011"
# The print stylesheet hangs an item of class "bullet" by its first line, which starts with the bullet.
BULLET_ITEM = '<li class="bullet">\u2022\u00a0\u00a0'


def render_print_text(text: str) -> SafeString:
    return mark_safe(WEB_ADDRESS.sub(_address, str(render_text(text))).replace("<li>", BULLET_ITEM))


def _address(match: re.Match) -> str:
    shown = match[0]
    href = shown.replace("&amp;", "&")
    if not href.lower().startswith(("http://", "https://")):
        href = f"https://{href}"
    shown = ZERO_WIDTH_SPACE.join(BREAK_AFTER.split(shown)).replace("-", NON_BREAKING_HYPHEN)
    return f'<a class="url" href="{escape(href)}">{shown}</a>'
