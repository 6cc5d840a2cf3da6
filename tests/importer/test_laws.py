"""Recognising laws and the articles they are cited with in a book's legal text."""

from importer.laws import LAWS, find_laws, is_law_title


def found(text: str) -> list[tuple[str, str]]:
    return [(law.framework, law.article) for law in find_laws(text)]


def test_an_article_right_after_the_law_is_kept():
    assert found("Wet publieke gezondheid artikel 2h") == [("wet-publieke-gezondheid", "artikel 2h")]
    assert found("Wet publieke gezondheid artikel 2, lid 2 onder F.") == [
        ("wet-publieke-gezondheid", "artikel 2, lid 2 onder F")
    ]


def test_an_article_later_in_the_same_sentence_belongs_to_the_law():
    assert found("Jeugdwet als preventieve interventie: zie hoofdstuk 2 gemeente artikel 2.1.") == [
        ("jeugdwet", "artikel 2.1")
    ]


def test_an_article_belongs_to_the_nearest_law_before_it():
    assert found("Veilig Thuis is via de Jeugdwet, artikel 2.1 opgenomen in de Wmo, hoofdstuk 4.") == [
        ("jeugdwet", "artikel 2.1"),
        ("wmo-2015", "hoofdstuk 4"),
    ]
    assert found("Wet publieke gezondheid. Zie ook artikel 5 van de Jeugdwet") == [
        ("wet-publieke-gezondheid", ""),
        ("jeugdwet", ""),
    ]


def test_wpg_after_the_police_law_is_not_the_public_health_law():
    assert found("Wet politiegegevens (Wpg)") == [("wet-politiegegevens", "")]
    assert found("De basis staat in de Wpg en de Jeugdwet.") == [("wet-publieke-gezondheid", ""), ("jeugdwet", "")]


def test_articles_written_inside_the_abbreviation():
    assert found("Wet justitiële en strafvorderlijke gegevens (Wjsg 51c)") == [
        ("wet-justitiele-en-strafvorderlijke-gegevens", "artikel 51c")
    ]
    assert found("Penitentiaire beginselenwet (Pbw 18a en 20d)") == [
        ("penitentiaire-beginselenwet", "artikelen 18a en 20d")
    ]
    assert found("Wet medezeggenschap Cliënten Zorginstellingen (WMCZ 2018)") == [("wmcz-2018", "")]


def test_a_law_named_twice_counts_once_with_its_first_article():
    assert found("Wet Verplichte Geestelijke Gezondheidszorg (Wvggz). De Wvggz artikel 5:1.") == [
        ("wvggz", "artikel 5")
    ]


def test_a_line_with_only_law_names_is_a_law_title():
    assert is_law_title("Wet publieke gezondheid ")
    assert is_law_title("Wet toetreding zorgaanbieders en Wet ambulancezorgvoorzieningen")
    assert is_law_title("Wet publieke gezondheid artikel 6b")
    assert not is_law_title("Jeugdwet als preventieve interventie: zie hoofdstuk 2")
    assert not is_law_title("Gemeenten zijn verantwoordelijk")


def test_law_slugs_and_bwb_ids_are_unique():
    slugs = [law.slug for law in LAWS]
    bwb_ids = [law.bwb_id for law in LAWS if law.bwb_id]
    assert len(set(slugs)) == len(slugs)
    assert len(set(bwb_ids)) == len(bwb_ids)
