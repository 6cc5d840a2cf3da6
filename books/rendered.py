"""What a render gives back, without WeasyPrint: the web process never imports it (books.pdf does)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
