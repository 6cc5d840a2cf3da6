"""The speed-ups of books/pdf_speedups.py are in force for the WeasyPrint the project pins."""

import pytest

from books import (
    pdf,  # importing the renderer applies them
    pdf_speedups,
)

# Not about the database, but the suite's set-up records its baseline there (tests/conftest.py).
pytestmark = pytest.mark.django_db


def test_the_installed_weasyprint_is_one_the_patches_were_checked_with():
    # On a WeasyPrint upgrade: check patches 2 and 3 against its layout code, run the book tests (they
    # check every printed page number) and bench/pdf.py, then add the version to WEASYPRINT_VERSIONS.
    assert pdf_speedups.applies_to_weasyprint(), pdf_speedups.WEASYPRINT_VERSIONS


def test_the_patches_are_applied_once_the_renderer_is_imported():
    from weasyprint.css.targets import TargetCollector
    from weasyprint.layout import inline, page

    assert inline.handle_leader is pdf_speedups._handle_leader_as_dots
    assert TargetCollector.cache_target_page_counters is pdf_speedups._cache_target_page_counters
    assert page.remake_page is pdf_speedups._remake_page


def test_a_render_collects_garbage_less_often_and_puts_the_thresholds_back(monkeypatch):
    import gc

    seen = []
    real_html = pdf.HTML

    class Failing:
        def __init__(self, *args, **kwargs):
            seen.append(gc.get_threshold())
            raise ValueError("kapot")

    before = gc.get_threshold()
    monkeypatch.setattr(pdf, "HTML", Failing)
    with pytest.raises(ValueError, match="kapot"):
        pdf.render_pdf("<p>x</p>")
    assert seen == [pdf.RENDER_GC_THRESHOLDS]
    assert gc.get_threshold() == before  # put back, also after a failed render

    monkeypatch.setattr(pdf, "HTML", real_html)
    rendered = pdf.render_pdf("<!DOCTYPE html><html lang='nl'><title>t</title><p>Tekst</p></html>")
    assert rendered.pages == 1 and rendered.data.startswith(b"%PDF")
    assert gc.get_threshold() == before
