"""`import_productbook` on the real source books: counts, idempotence, and damaged files changing nothing."""

import re

import pytest
from django.core.management import CommandError, call_command

from importer.fixtures import fixture_contents
from services.models import Product


def run_import(path, fmt: str, capsys) -> str:
    call_command("import_productbook", str(path), "--format", fmt, "--year", "2026")
    return capsys.readouterr().out


def test_importing_into_an_empty_catalogue_reports_what_it_created(empty_catalogue, hecht_book, capsys):
    call_command("loaddata", "reference", verbosity=0)

    out = run_import(hecht_book, "hecht", capsys)

    assert "producten: 67 nieuw, 0 bijgewerkt, 0 ongewijzigd" in out
    assert "eenheden (RVE's): 7 nieuw" in out
    assert Product.objects.filter(organisation__slug="hecht").count() == 67


def test_reimporting_the_shipped_books_updates_nothing(db, hecht_book, cjg_book, capsys):
    before = fixture_contents()

    out = run_import(hecht_book, "hecht", capsys) + run_import(cjg_book, "cjg", capsys)

    assert re.search(r"producten: 0 nieuw, 0 bijgewerkt, \d+ ongewijzigd", out)
    assert " 0 nieuw, 0 bijgewerkt" in out
    assert fixture_contents() == before


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda text: text[: len(text) // 40], id="truncated"),
        pytest.param(lambda text: re.sub(r"Wat willen we bereiken\?", "", text), id="headings-removed"),
        pytest.param(lambda text: "Dit is geen productenboek.\n" * 50, id="unrelated-text"),
    ],
)
def test_a_damaged_book_fails_naming_the_line_and_changes_nothing(db, hecht_book, tmp_path, damage):
    damaged = tmp_path / "kapot.txt"
    damaged.write_text(damage(hecht_book.read_text(encoding="utf-8")), encoding="utf-8")
    before = fixture_contents()

    with pytest.raises(CommandError, match=r"regel \d+: verwacht .*Er is niets gewijzigd"):
        call_command("import_productbook", str(damaged), "--format", "hecht")

    assert fixture_contents() == before


def test_a_book_in_the_other_format_is_refused(db, cjg_book):
    with pytest.raises(CommandError, match=r"regel \d+"):
        call_command("import_productbook", str(cjg_book), "--format", "hecht")


def test_a_missing_or_binary_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="kan niet gelezen worden"):
        call_command("import_productbook", str(tmp_path / "bestaat-niet.txt"), "--format", "hecht")
    binary = tmp_path / "boek.txt"
    binary.write_bytes(b"\xff\xfe\x00kapot")
    with pytest.raises(CommandError, match="geen UTF-8"):
        call_command("import_productbook", str(binary), "--format", "cjg")
