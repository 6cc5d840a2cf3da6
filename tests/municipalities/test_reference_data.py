"""The shipped reference data (fixtures/reference.json): regions and municipalities with CBS codes.

The expected values are written out here on purpose, from the domain description and CJG Rijnmond's book,
so a slip in the fixture cannot pass by being copied into the test.
"""

import re
from pathlib import Path

from django.core.management import call_command

from municipalities.models import Municipality, Region

HOLLAND_RIJNLAND = {
    "GM0484": "Alphen aan den Rijn",
    "GM0534": "Hillegom",
    "GM1884": "Kaag en Braassem",
    "GM0537": "Katwijk",
    "GM0546": "Leiden",
    "GM0547": "Leiderdorp",
    "GM0553": "Lisse",
    "GM0569": "Nieuwkoop",
    "GM0575": "Noordwijk",
    "GM0579": "Oegstgeest",
    "GM1525": "Teylingen",
    "GM0626": "Voorschoten",
    "GM0638": "Zoeterwoude",
}
MIDDEN_HOLLAND = {
    "GM1901": "Bodegraven-Reeuwijk",
    "GM0513": "Gouda",
    "GM1931": "Krimpenerwaard",
    "GM0627": "Waddinxveen",
    "GM1892": "Zuidplas",
}
# CJG Rijnmond's werkgebied as its 2026 book lists it, plus the municipality three of them merged into.
RIJNMOND_AS_LISTED = {
    "GM0613": "Albrandswaard",
    "GM0489": "Barendrecht",
    "GM0501": "Brielle",
    "GM1924": "Goeree-Overflakkee",
    "GM0530": "Hellevoetsluis",
    "GM0542": "Krimpen aan den IJssel",
    "GM1621": "Lansingerland",
    "GM0556": "Maassluis",
    "GM1930": "Nissewaard",
    "GM0597": "Ridderkerk",
    "GM0599": "Rotterdam",
    "GM0606": "Schiedam",
    "GM0622": "Vlaardingen",
    "GM0614": "Westvoorne",
}
VOORNE_AAN_ZEE = "GM1992"
MERGED_INTO_VOORNE_AAN_ZEE = {"GM0501", "GM0530", "GM0614"}

EXPECTED_REGIONS = {
    # slug: (name, kind, parent slug)
    "hollands-midden": ("Hollands Midden", Region.Kind.GGD_REGION, None),
    "holland-rijnland": ("Holland Rijnland", Region.Kind.SUBREGION, "hollands-midden"),
    "midden-holland": ("Midden-Holland", Region.Kind.SUBREGION, "hollands-midden"),
    "rijnmond": ("Rijnmond", Region.Kind.SERVICE_AREA, None),
}


def expected_municipalities() -> dict[str, tuple[str, str, frozenset[str], int | None, str | None]]:
    """CBS code -> (name, slug, region slugs, dissolved year, successor's CBS code)."""
    expected = {}

    def slug(name: str) -> str:
        return name.lower().replace(" ", "-")

    for code, name in HOLLAND_RIJNLAND.items():
        expected[code] = (name, slug(name), frozenset({"hollands-midden", "holland-rijnland"}), None, None)
    for code, name in MIDDEN_HOLLAND.items():
        expected[code] = (name, slug(name), frozenset({"hollands-midden", "midden-holland"}), None, None)
    for code, name in RIJNMOND_AS_LISTED.items():
        merged = code in MERGED_INTO_VOORNE_AAN_ZEE
        expected[code] = (
            name,
            slug(name),
            frozenset({"rijnmond"}),
            2023 if merged else None,
            VOORNE_AAN_ZEE if merged else None,
        )
    expected[VOORNE_AAN_ZEE] = ("Voorne aan Zee", "voorne-aan-zee", frozenset({"rijnmond"}), None, None)
    return expected


def municipalities_in_database() -> dict[str, tuple[str, str, frozenset[str], int | None, str | None]]:
    return {
        m.cbs_code: (
            m.name,
            m.slug,
            frozenset(r.slug for r in m.regions.all()),
            m.dissolved_year,
            m.successor.cbs_code if m.successor else None,
        )
        for m in Municipality.objects.select_related("successor").prefetch_related("regions")
    }


def regions_in_database() -> dict[str, tuple[str, str, str | None]]:
    return {
        r.slug: (r.name, r.kind, r.parent.slug if r.parent else None) for r in Region.objects.select_related("parent")
    }


def test_loading_reference_data_gives_exactly_the_expected_regions_and_municipalities(empty_catalogue):
    call_command("loaddata", "reference", verbosity=0)

    assert regions_in_database() == EXPECTED_REGIONS
    assert municipalities_in_database() == expected_municipalities()


def test_the_shipped_database_holds_every_reference_municipality_as_specified(db):
    in_database = municipalities_in_database()
    for code, expected in expected_municipalities().items():
        assert in_database.get(code) == expected, code
    assert {slug: regions_in_database().get(slug) for slug in EXPECTED_REGIONS} == EXPECTED_REGIONS


def test_gouda_is_gm0513_in_midden_holland_within_hollands_midden(db):
    gouda = Municipality.objects.get_by_natural_key("GM0513")

    assert gouda.name == "Gouda"
    midden_holland = gouda.regions.get(kind=Region.Kind.SUBREGION)
    assert midden_holland.name == "Midden-Holland"
    assert midden_holland.parent.name == "Hollands Midden"
    assert set(gouda.regions.values_list("slug", flat=True)) == {"midden-holland", "hollands-midden"}


def test_hollands_midden_has_thirteen_plus_five_municipalities(db):
    hollands_midden = Region.objects.get_by_natural_key("hollands-midden")
    subregions = {r.slug: r for r in hollands_midden.subregions.all()}

    assert set(subregions) == {"holland-rijnland", "midden-holland"}
    assert subregions["holland-rijnland"].municipalities.count() == 13
    assert subregions["midden-holland"].municipalities.count() == 5
    assert set(hollands_midden.municipalities.values_list("cbs_code", flat=True)) == set(HOLLAND_RIJNLAND) | set(
        MIDDEN_HOLLAND
    )


def test_brielle_hellevoetsluis_and_westvoorne_merged_into_voorne_aan_zee_in_2023(db):
    voorne_aan_zee = Municipality.objects.get_by_natural_key(VOORNE_AAN_ZEE)

    merged = Municipality.objects.filter(cbs_code__in=MERGED_INTO_VOORNE_AAN_ZEE)
    assert {(m.name, m.dissolved_year, m.successor_id) for m in merged} == {
        ("Brielle", 2023, voorne_aan_zee.pk),
        ("Hellevoetsluis", 2023, voorne_aan_zee.pk),
        ("Westvoorne", 2023, voorne_aan_zee.pk),
    }
    assert set(voorne_aan_zee.predecessors.values_list("cbs_code", flat=True)) == MERGED_INTO_VOORNE_AAN_ZEE
    assert voorne_aan_zee.dissolved_year is None


def test_existing_in_2026_leaves_out_the_merged_municipalities_and_2022_keeps_them(db):
    rijnmond = Municipality.objects.filter(regions__slug="rijnmond")

    in_2026 = set(rijnmond.existing_in(2026).values_list("cbs_code", flat=True))
    in_2022 = set(rijnmond.existing_in(2022).values_list("cbs_code", flat=True))

    assert in_2026 == (set(RIJNMOND_AS_LISTED) - MERGED_INTO_VOORNE_AAN_ZEE) | {VOORNE_AAN_ZEE}
    assert set(RIJNMOND_AS_LISTED) <= in_2022
    assert in_2022 - in_2026 == MERGED_INTO_VOORNE_AAN_ZEE


def test_cjg_rijnmond_werkgebied_matches_its_book(db, cjg_book: Path):
    text = cjg_book.read_text(encoding="utf-8")
    start = text.index("Werkgebied\t")
    block = text[start : text.index("\n\n", start)]  # the bulleted list ends at the first blank line
    listed = {re.sub(r"\s+", " ", line.split("•", 1)[1]).strip() for line in block.splitlines() if "•" in line}

    assert listed == set(RIJNMOND_AS_LISTED.values())
    in_database = set(
        Municipality.objects.filter(regions__slug="rijnmond")
        .exclude(cbs_code=VOORNE_AAN_ZEE)
        .values_list("name", flat=True)
    )
    assert in_database == listed
