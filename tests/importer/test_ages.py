"""The one age reading both importers share (importer.parsers.ages), phrase by phrase."""

import pytest

from importer.parsers.ages import read_ages


@pytest.mark.parametrize(
    ("texts", "kwargs", "ages"),
    [
        (["Voor kinderen tot 18 jaar en hun ouders."], {}, (0, 216)),
        (["Studenten op het mbo vanaf 18 jaar."], {}, (216, None)),
        (["Gezinnen (minimaal 1 kind jonger dan 18 jaar) waarin sprake is van:"], {}, (0, 215)),
        (["Alle gezinnen met pasgeboren kinderen jonger dan 19 maanden."], {}, (0, 18)),
        (["Voor kinderen van -9 mnd - 18 jaar."], {}, (-9, 216)),
        (["Alle zwangeren (en hun gezin) die vragen hebben."], {}, (-9, 0)),
        (["Alle moeders die 22 weken of langer zwanger zijn."], {}, (-4, 0)),
        (
            ["Stellen van 18 jaar of ouder die in verwachting zijn. Het programma start bij 32 weken zwangerschap."],
            {"course": "vier groepssessies, twee voor en twee na de geboorte"},
            (-2, None),
        ),
        (["Alle vrouwen die recent moeder zijn geworden."], {}, (0, None)),
        (["Moeders in kwetsbare situaties."], {"goal": "in de eerste weken na de bevalling"}, (0, None)),
        (["Alle ouders van jeugdigen en jeugdigen vanaf 12 jaar."], {}, (None, None)),
        (["Inwoners die tot de risicogroepen behoren:\n\n- jongeren tot 25 jaar;\n- sekswerkers."], {}, (None, None)),
        (["- Kinderen van 0-12 jaar.\n- Leerkrachten."], {}, (0, 144)),
        (["Alle jeugdigen van 0 tot 18 jaar, dit gebeurt deels door aanstaande moeders te vaccineren."], {}, (0, 216)),
        ([""], {"title": "Mbo 18+"}, (216, None)),
        ([""], {"title": "Gezondheidsbevordering 0-100"}, (0, 1200)),
        (["Dit doet de gemeente."], {}, (None, None)),
    ],
)
def test_each_phrase_of_the_books_means_one_age_range(texts, kwargs, ages):
    assert read_ages(texts, **kwargs) == ages


def test_a_package_default_age_is_not_applied_to_a_product():
    # The Basispakket is "tot 18 jaar"; its Beleidsadvisering advises municipalities and states no age.
    assert read_ages(["Die gebruiken we voor beleidsadvies om gemeenten te adviseren."]) == (None, None)
