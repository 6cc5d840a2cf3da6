"""Fixes to costs in pydyf and WeasyPrint that the books hit, applied when the renderer is imported.

1. WeasyPrint's tagging (``weasyprint.pdf.tags``) reads ``pdf.page_references[page_number]`` once per
   structure element, and pydyf (0.13) rebuilds that tuple of every page's reference on each read:
   the cost of tagging grows with elements × pages, about 2 s of a 90-page book and minutes of a
   1,000-page one. The references only change when a page is added, so they are cached per page count;
   the result is the same tuple.

2. WeasyPrint (70) fills a ``leader(". ")`` with one text box per ". ", each laid out, drawn glyph by
   glyph and tagged as text: the dots of the contents and indexes were two thirds of a book's text boxes,
   a third of its drawing, and a screen reader read them out ("punt punt punt") and a copy of an entry
   pasted them. Here WeasyPrint still places its copies, but only their places are kept: they are drawn
   as one dashed line whose dashes are the period's ink box, marked as an artifact (decoration, not
   content, as PDF/UA wants of leaders): the same marks on paper, no text.

3. WeasyPrint (70) lays out every page with a ``target-counter(attr(href url), page)`` (the contents
   and the indexes) three times. It records such a lookup under the anchor ``None`` (it cannot name the
   anchor of an ``attr()`` token) and, through a reused variable, as if the content read the ``page``
   counter of its own page; so it is not told when its target's page becomes known, but re-lays out its
   page whenever that page's own counters change: in the second pass (the counters were unknown in the
   first) and in the third (the total page count went from 0 to the real one). Here a lookup is
   recorded under its anchor and without the counters it does not read, so WeasyPrint's own mechanism
   for targets applies: a page laid out before its targets is laid out again once they are known, a
   change of the total alone asks for nothing unless a lookup reads ``pages``, and an entry whose target
   is known before its own page is laid out gets its number before that page is made (an index entry
   is laid out once). The lookups are found per anchor, not by scanning all of them for each anchor.
   Every number is still the page of its target: the book tests check each one.
"""

import copy
from dataclasses import dataclass

import pydyf
import weasyprint
from weasyprint import draw as weasyprint_draw
from weasyprint.css import targets as weasyprint_targets
from weasyprint.css.targets import TargetCollector
from weasyprint.layout import inline as weasyprint_inline
from weasyprint.layout import page as weasyprint_page
from weasyprint.layout.leader import leader_index
from weasyprint.text.ffi import FROM_UNITS, ffi, pango
from weasyprint.urls import get_url_tuple

_uncached = pydyf.PDF.page_references
_handle_leader = weasyprint_inline.handle_leader
_weasyprint_draw_inline_level = weasyprint_draw.draw_inline_level
_weasyprint_remake_page = weasyprint_page.remake_page
_collect_missing_counters = TargetCollector.collect_missing_counters


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    count = pdf.pages["Count"]
    cached = pdf.__dict__.get("_catalogue_page_references")
    if cached is None or cached[0] != count:
        cached = (count, _uncached.fget(pdf))
        pdf.__dict__["_catalogue_page_references"] = cached
    return cached[1]


def _handle_leader_as_dots(context, line, containing_block) -> None:
    """WeasyPrint's own ``handle_leader`` places its copies of ". "; their places become one run of dots."""
    _handle_leader(context, line, containing_block)
    _, leader_box = leader_index(line)
    if leader_box is None or not leader_box.children:
        return
    pieces = leader_box.children
    first = min(pieces, key=lambda piece: piece.position_x)
    leader_box.catalogue_dots = _Dots(
        first=first.position_x - leader_box.position_x,
        count=len(pieces),
        step=first.width,
        baseline=first.position_y + first.baseline - leader_box.position_y,
        ink=_ink(first),
        color=first.style["color"],
    )
    leader_box.children = ()


@dataclass(frozen=True)
class _Dots:
    first: float  # left edge of the leftmost ". ", from the leader box's left edge
    count: int
    step: float  # width of one ". "
    baseline: float  # from the leader box's top
    ink: tuple[float, float, float, float]  # the period's ink box: x from the text's left, y from the baseline, w, h
    color: object


def _ink(text_box) -> tuple[float, float, float, float]:
    style = text_box.style
    key = (text_box.text, style["font_family"], style["font_size"], style["font_weight"], style["font_style"])
    ink = _INKS.get(key)
    if ink is None:
        layout = text_box.pango_layout
        layout.reactivate(style)  # WeasyPrint lets go of a laid-out text's Pango objects until it draws it
        line, _ = layout.get_first_line()
        rectangle, logical = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
        pango.pango_layout_line_get_extents(line, rectangle, logical)
        layout.deactivate()
        ink = _INKS[key] = tuple(
            value * FROM_UNITS for value in (rectangle.x, rectangle.y, rectangle.width, rectangle.height)
        )
    return ink


_INKS: dict[tuple, tuple[float, float, float, float]] = {}


def _draw_inline_level(stream, page, box, *args, **kwargs) -> None:
    dots = getattr(box, "catalogue_dots", None)
    if dots is None:
        _weasyprint_draw_inline_level(stream, page, box, *args, **kwargs)
        return
    # One horizontal line as thick as the period is tall, dashed as wide as it is, one dash per ". ".
    ink_x, ink_y, ink_width, ink_height = dots.ink
    x = box.position_x + dots.first + ink_x
    y = box.position_y + dots.baseline + ink_y + ink_height / 2
    with stream.artifact(), stream.stacked():
        stream.set_color(dots.color, stroke=True)
        stream.set_line_width(ink_height)
        stream.set_dash((ink_width, dots.step - ink_width), 0)
        stream.move_to(x, y)
        stream.line_to(x + (dots.count - 1) * dots.step + ink_width, y)
        stream.stroke()


def _collect_lookup_under_its_anchor(
    self, parent_box, css_token, parse_again, missing_counters, missing_target_counters
) -> None:
    content = parent_box.style["content"] if css_token == "content" else None
    if content and isinstance(content, (list, tuple)) and None in missing_target_counters:
        anchors = {_anchor_name(parent_box, value[0]) for type_, value in content if type_.startswith("target-")}
        if len(anchors) == 1 and None not in anchors:
            # compute_content_list rebinds missing_counters to the target's list: the content's own
            # missing counters are that list only if the content reads a counter() of its own.
            own_counters = any(type_ in ("counter()", "counters()") for type_, _ in content)
            if not own_counters and any(missing_counters is names for names in missing_target_counters.values()):
                missing_counters = []
            missing_target_counters = {anchors.pop(): missing_target_counters[None]}
    _collect_missing_counters(self, parent_box, css_token, parse_again, missing_counters, missing_target_counters)


def _anchor_name(box, token) -> str | None:
    """The anchor a target-*() token points to, resolved as TargetCollector.lookup_target does."""
    if token[0] == "attr()":
        name, kind, fallback = token[1]
        value = box.element.get(name, fallback)
        token = ("string", value) if kind == "string" else ("url", get_url_tuple(value, box.style.base_url))
    return weasyprint_targets.anchor_name_from_token(token)


def _lookups_by_anchor(collector: TargetCollector) -> dict:
    """The content lookups of ``target-counter()``, per anchor; fixed once the boxes are built."""
    index = collector.__dict__.get("_catalogue_lookups")
    if index is None:
        index = {}
        for (_, css_token), lookup in collector.counter_lookup_items.items():
            if css_token == "content":
                for anchor_name, counters in lookup.missing_target_counters.items():
                    index.setdefault(anchor_name, []).append((lookup, counters))
        collector.__dict__["_catalogue_lookups"] = index
        collector.__dict__["_catalogue_pending"] = []
    return index


def _cache_target_page_counters(self, anchor_name, page_counter_values, page_maker_index, page_maker) -> None:
    """WeasyPrint 70's ``TargetCollector.cache_target_page_counters`` with the three changes above."""
    if self.collecting:
        return
    target = self.target_lookup_items.get(anchor_name)
    if not target or target.state != "up-to-date":
        return
    target.page_maker_index = page_maker_index
    cached = target.cached_page_counter_values
    if cached == page_counter_values:
        return
    lookups = _lookups_by_anchor(self).get(anchor_name, ())
    total_only = bool(cached) and _but_total(cached) == _but_total(page_counter_values)
    target.cached_page_counter_values = copy.deepcopy(page_counter_values)
    if total_only and not any("pages" in counters for _, counters in lookups):
        return
    for lookup, counters in lookups:
        if lookup.page_maker_index is None or lookup.page_maker_index >= len(page_maker):
            # Not laid out yet in this pass: filled in before its page is made (_remake_page).
            lookup.pending = True
            self.__dict__["_catalogue_pending"].append(lookup)
            continue
        if any(page_counter_values.get(name) is not None for name in counters):
            page_maker[lookup.page_maker_index][-1]["content_changed"] = True
            lookup.parse_again(lookup.cached_page_counter_values)


def _but_total(values: dict) -> dict:
    return {name: value for name, value in values.items() if name != "pages"}


def _remake_page(index, context, root_box, html):
    # A lookup still pending is on this page or a later one (its page was not made in this pass): give it
    # its targets' numbers now, so its page is laid out once with them. A lookup that also reads a page
    # counter of its own page (counter(page) in the same content) is left to WeasyPrint.
    pending = context.target_collector.__dict__.get("_catalogue_pending")
    if pending:
        for lookup in pending:
            if lookup.pending and not lookup.missing_counters:
                lookup.parse_again(None)
                lookup.pending = False
        pending.clear()
    return _weasyprint_remake_page(index, context, root_box, html)


# The WeasyPrint releases whose internals patches 2 and 3 were written against and checked with (the book
# tests check every page number). Another release renders without them, correct but slower, until they
# are checked again: tests/books/test_pdf_speedups.py fails on an upgrade so that nobody forgets.
WEASYPRINT_VERSIONS = frozenset({"70.0"})


def applies_to_weasyprint() -> bool:
    return weasyprint.__version__ in WEASYPRINT_VERSIONS


def apply() -> None:
    if isinstance(pydyf.PDF.page_references, property) and pydyf.PDF.page_references.fget is not _page_references:
        pydyf.PDF.page_references = property(_page_references)
    if not applies_to_weasyprint():
        return
    if weasyprint_inline.handle_leader is not _handle_leader_as_dots:
        weasyprint_inline.handle_leader = _handle_leader_as_dots
        weasyprint_draw.draw_inline_level = _draw_inline_level
    if TargetCollector.cache_target_page_counters is not _cache_target_page_counters:
        TargetCollector.collect_missing_counters = _collect_lookup_under_its_anchor
        TargetCollector.cache_target_page_counters = _cache_target_page_counters
        weasyprint_page.remake_page = _remake_page
