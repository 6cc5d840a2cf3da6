"""Fixes to costs in pydyf and WeasyPrint that the books hit, applied when the renderer is imported.

1. WeasyPrint's tagging (``weasyprint.pdf.tags``) reads ``pdf.page_references[page_number]`` once per
   structure element, and pydyf (0.13) rebuilds that tuple of every page's reference on each read:
   the cost of tagging grows with elements × pages, about 2 s of a 90-page book and minutes of a
   1,000-page one. The references only change when a page is added, so they are cached per page count;
   the result is the same tuple.

2. WeasyPrint (70) fills a ``leader(". ")`` with one text box per ". ", each laid out, drawn and tagged
   on its own: the dots of the contents and indexes were two thirds of a book's text boxes and a third
   of its drawing. The dots of one leader are set as one text box of the repeated string instead, at
   the place of the leftmost of them; the same glyphs at the same places, one text run.
"""

import pydyf
from weasyprint.layout import inline as weasyprint_inline
from weasyprint.layout.leader import leader_index
from weasyprint.text.line_break import split_first_line

_uncached = pydyf.PDF.page_references
_handle_leader = weasyprint_inline.handle_leader


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    count = pdf.pages["Count"]
    cached = pdf.__dict__.get("_catalogue_page_references")
    if cached is None or cached[0] != count:
        cached = (count, _uncached.fget(pdf))
        pdf.__dict__["_catalogue_page_references"] = cached
    return cached[1]


def _handle_leader_in_one_run(context, line, containing_block) -> None:
    _handle_leader(context, line, containing_block)
    _, leader = leader_index(line)
    if leader is None or len(leader.children) < 2:
        return
    # WeasyPrint places the copies from the right edge leftwards, each one text box's width apart.
    pieces = sorted(leader.children, key=lambda piece: piece.position_x)
    first = pieces[0]
    text = first.text * len(pieces)
    layout, _, _, width, _, _ = split_first_line(text, first.style, context, None, 0)
    merged = first.copy_with_text(text)
    merged.pango_layout = layout
    merged.width = width
    leader.children = (merged,)


def apply() -> None:
    if isinstance(pydyf.PDF.page_references, property) and pydyf.PDF.page_references.fget is not _page_references:
        pydyf.PDF.page_references = property(_page_references)
    if weasyprint_inline.handle_leader is not _handle_leader_in_one_run:
        weasyprint_inline.handle_leader = _handle_leader_in_one_run
