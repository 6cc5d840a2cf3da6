"""`import_productbook` on the real source books: counts, idempotence, and damaged files changing nothing."""

import re
import zlib

import pytest
from django.core.management import CommandError, call_command

from importer.fixtures import fixture_contents
from services.models import Product

# About the shipped 2026 catalogues: they are loaded for this module (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("shipped_catalogue")


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


def damage_cases():
    """Real books damaged as files get damaged: each must fail naming the line and change nothing."""
    return [
        pytest.param(
            lambda text: text[: len(text) * 9 // 10], r"het boek mist wat de editie nu heeft", id="cut-at-90%"
        ),
        pytest.param(
            lambda text: "\n".join(sorted(text.splitlines(), key=lambda line: zlib.crc32(line.encode()))),
            r"regel \d+",
            id="shuffled",
        ),
        pytest.param(lambda text: text + "\n" + text, r"regel \d+: ", id="duplicated"),
        pytest.param(lambda text: text[:5000] + "\x00" + text[5000:], r"regel \d+: .*NUL-teken", id="nul-byte"),
    ]


@pytest.mark.parametrize(("damage", "message"), damage_cases())
def test_a_damaged_real_book_is_refused_and_changes_nothing(db, hecht_book, tmp_path, damage, message):
    damaged = tmp_path / "kapot.txt"
    damaged.write_text(damage(hecht_book.read_text(encoding="utf-8")), encoding="utf-8")
    before = fixture_contents()

    with pytest.raises(CommandError, match=message + r".*Er is niets gewijzigd"):
        call_command("import_productbook", str(damaged), "--format", "hecht")

    assert fixture_contents() == before


def test_a_book_in_another_encoding_is_refused_naming_the_line(db, hecht_book, tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes(hecht_book.read_text(encoding="utf-8").encode("latin-1", errors="replace"))

    with pytest.raises(CommandError, match=r"regel \d+: .* is geen UTF-8-tekst"):
        call_command("import_productbook", str(latin), "--format", "hecht")


def test_a_50_mb_file_is_refused_before_it_is_read(db, tmp_path):
    huge = tmp_path / "groot.txt"
    with huge.open("wb") as out:
        out.truncate(50 * 1024 * 1024)

    with pytest.raises(CommandError, match="is 50 MB; een productenboek als tekst is hooguit 20 MB"):
        call_command("import_productbook", str(huge), "--format", "hecht")


def test_a_dry_run_of_a_truncated_book_lists_what_it_would_archive(db, hecht_book, tmp_path, capsys):
    cut = tmp_path / "ingekort.txt"
    cut.write_text(hecht_book.read_text(encoding="utf-8")[: len(hecht_book.read_text(encoding="utf-8")) * 9 // 10])
    before = fixture_contents()

    call_command("import_productbook", str(cut), "--format", "hecht", "--dry-run")

    out = capsys.readouterr().out
    assert "niet meer in het boek (producten): " in out and "proefimport, er is niets gewijzigd" in out
    assert fixture_contents() == before
