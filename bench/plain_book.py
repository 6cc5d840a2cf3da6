"""The bench's plain book: the same text as a productenboek, as bare headings, paragraphs and list items.

The yardstick for the print stylesheet's cost per page: what WeasyPrint spends on a page of this text
with nothing but a page size, a font and numbered pages (PDF/UA-1 tagging alike), against what it
spends on a page of the real book.
"""

from html import escape
from html.parser import HTMLParser

PLAIN_STYLE = """
@page { size: A4; margin: 24mm 20mm 22mm 24mm; @bottom-right { content: counter(page); font-size: 7.5pt; } }
html { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.42; }
h1, h2, h3, h4 { font-weight: bold; line-height: 1.2; }
p { margin: 0 0 2.2mm; }
"""

BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "th", "td", "div"}
SKIP = {"style", "script", "title", "head"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.stack: list[str] = []
        self.buffer: list[str] = []
        self.skipping = 0

    def _flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        if text:
            tag = next((t for t in reversed(self.stack) if t in BLOCKS), "p")
            self.blocks.append((tag if tag in {"h1", "h2", "h3", "h4"} else "p", text))
        self.buffer = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIP:
            self.skipping += 1
        if tag in BLOCKS:
            self._flush()
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        if tag in BLOCKS:
            self._flush()
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.buffer.append(data)


def plain_book_html(book_html: str, *, title: str = "Productenboek") -> str:
    """Every heading and text block of ``book_html``, in order, with a one-line stylesheet's worth of style."""
    parser = _Text()
    parser.feed(book_html)
    parser.close()
    body = "\n".join(f"<{tag}>{escape(text)}</{tag}>" for tag, text in parser.blocks)
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{PLAIN_STYLE}</style></head><body>\n{body}\n</body></html>"
    )
