"""Parsers that turn the text extracted from a product book into a :class:`ParsedBook`.

Parsers are pure: text in, dataclasses out, no database. ``importer.operations`` writes the result.
"""

from importer.parsers.base import ParsedBook, ParseError

__all__ = ["ParseError", "ParsedBook", "parse_book"]


def parse_book(text: str, fmt: str, *, year: int) -> ParsedBook:
    # Imported here, not at the top: the parsers use importer.laws, which imports importer.parsers.base,
    # and so this package, while it is being initialised.
    if fmt == "hecht":
        from importer.parsers.hecht import parse
    elif fmt == "cjg":
        from importer.parsers.cjg import parse
    else:
        raise ValueError(f"unknown book format {fmt!r} (expected 'hecht' or 'cjg')")
    return parse(text, year=year)
