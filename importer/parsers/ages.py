"""How both importers read a product's ages from a book: one reading, in months, only where the book states it.

An age is stored in months; before birth it is negative (-9 is nine months before birth, 0 is birth). The
upper bound is the age the offer ends at, as the book names it ("0-18 jaar" is 0 to 216). What the books'
phrases mean:

- ``"0-18 jaar"``, ``"4 tot 12 jaar"``, ``"van 4 tot en met 12 jaar"``, ``"tussen 4 en 12 jaar"``,
  ``"6 weken tot 9 maanden"``: from the first age to the second (weeks are rounded to months).
- ``"-9 mnd - 18 jaar"``, ``"-9 maanden"``: a minus sign counts back from birth (-9).
- ``"tot 18 jaar"``, ``"tot en met 18 jaar"``: from birth to the age named (0 to 216), like a range from 0.
- ``"jonger dan 18 jaar"``, ``"jonger dan 19 maanden"``: from birth to the last month before the age named
  (0 to 215, 0 to 18).
- ``"vanaf 18 jaar"``: from the age named, with no upper bound (216 to none), unless the text names one. A
  ``"vanaf"`` that qualifies only the second of two groups ("ouders van jeugdigen en jeugdigen vanaf 12 jaar")
  says nothing about the audience as a whole and gives no age.
- ``"18+"`` in a title: from 18 years to the highest age the text extends it to ("tot de leeftijd van 23 jaar").
- ``"zwangeren"``, ``"zwanger"``, ``"in verwachting"``, ``"aanstaande ouders"``: a pregnancy offer, from the
  stated week of pregnancy ("vanaf 22 weken zwangerschap": 18 weeks, 4 months, before birth) or else from
  -9, to birth (0). Where the product's course continues after birth, it ends at the child's age the text
  names ("tot het kind 24 maanden is") or, when none is named, has no upper bound. Ages named in a pregnancy
  offer ("18 jaar of ouder", "jonger dan 23 jaar") are the parents' and are not read. "(aanstaande) ouders"
  means parents and parents-to-be, not a pregnancy offer.
- ``"na de bevalling"``, ``"na de geboorte"``, ``"recent moeder"``: from birth (0), no upper bound.
- A package's default age is not a product's age. CJG Rijnmond's Basispakket JGZ is defined "tot 18 jaar"
  (its tier definition says so), but a product of the package only gets an age its own text states: a
  core task such as Beleidsadvisering advises municipalities and has no age.

Which texts are read, and in what order, is the parser's choice (the audience first); the first text that
states an age gives the product its ages.
"""

import re
from collections.abc import Iterable

_NUMBER = r"(-?\d+(?:,\d+)?)"
_UNIT = r"(weken|week|maanden|maand|mnd|jaar)"
_TO = r"(?:-|–|tot\s+en\s+met|t/m|tot)"
# "0-18 jaar", "-9 mnd - 18 jaar", "van 4 tot 12 jaar", "tussen de 4 en 12 jaar", "6 weken tot 9 maanden".
_RANGE = re.compile(
    rf"(?<![\w,-])(?:(?P<lead>van|tussen(?:\s+de)?)\s+)?{_NUMBER}\s*{_UNIT}?\s*(?P<to>{_TO}|en)\s*{_NUMBER}\s*{_UNIT}",
    re.IGNORECASE,
)
_UP_TO = re.compile(rf"\b(?P<kind>tot\s+en\s+met|tot|jonger\s+dan)\s+{_NUMBER}\s*{_UNIT}", re.IGNORECASE)
_FROM = re.compile(rf"\bvanaf\s+{_NUMBER}\s*{_UNIT}", re.IGNORECASE)
_SECOND_GROUP_FROM = re.compile(r"\ben\s+\w+\s+vanaf\s+\d", re.IGNORECASE)
_AT_AGE = re.compile(r"in\s+de\s+leeftijd\s+van\s+(\d{1,2})\s+maanden(?!\s*(?:-|tot))", re.IGNORECASE)
_PREGNANCY_TO = re.compile(r"vanaf\s+de\s+zwangerschap\s+tot\s+(\d{1,2})\s+maanden", re.IGNORECASE)
_PREGNANT = re.compile(r"zwanger|in\s+verwachting|(?<!\()aanstaande\s+(?:ouders|moeders|vaders)", re.IGNORECASE)
_PREGNANCY_WEEK = re.compile(
    r"(\d+)\s+weken(?:\s+of\s+langer)?\s+zwanger|(\d+)\s+weken\s+zwangerschap"
    r"|vanaf\s+de\s+(\w+?)(?:de|ste)?\s+week\s+van\s+de\s+zwangerschap",
    re.IGNORECASE,
)
_UNTIL_CHILD_AGE = re.compile(r"tot\s+het\s+kind\s+(?:ongeveer\s+)?(\d+)\s+maanden", re.IGNORECASE)
_AFTER_BIRTH = re.compile(r"\bna\s+de\s+(?:geboorte|bevalling)\b|\brecent\s+moeder\b", re.IGNORECASE)
# A course partly after birth: "vier groepssessies, twee voor en twee na de geboorte".
_CONTINUES_AFTER_BIRTH = re.compile(
    r"\b(?:een|twee|drie|vier|vijf|zes|\d+)\s+na\s+de\s+(?:geboorte|bevalling)\b", re.IGNORECASE
)
# Groups of born children (or their parents) next to the pregnant in one sentence: not a pregnancy offer.
_BORN_CHILDREN = re.compile(r"\bkinderen\b|\bjeugdigen\b|\bjongeren\b|ouders/verzorgers", re.IGNORECASE)
_SENTENCE = re.compile(r"^.*?(?:[.;:](?=\s|$)|$)", re.DOTALL)
_ORDINALS = {
    "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17,
    "achttien": 18, "negentien": 19, "twintig": 20,
}  # fmt: skip
_DAYS_PER_MONTH = 365.25 / 12
_WEEKS_OF_PREGNANCY = 40

Ages = tuple[int | None, int | None]


def months(number: str, unit: str) -> int:
    """``("6", "weken")`` -> 1, ``("1,5", "jaar")`` -> 18."""
    value = float(number.replace(",", "."))
    unit = unit.lower()
    if unit.startswith("we"):
        return round(value * 7 / _DAYS_PER_MONTH)
    if unit.startswith("ma") or unit == "mnd":
        return round(value)
    return round(value * 12)


def read_ages(texts: Iterable[str], *, title: str = "", course: str = "", goal: str = "") -> Ages:
    """The ages the first of ``texts`` that states any gives; the ``title``'s own forms come first, its ranges last.

    ``course`` is the text that says how long the product runs (its activities): a pregnancy offer ends at
    birth unless the course continues after it. ``goal`` is read for one thing only: a product meant for "de
    eerste weken na de bevalling" starts at birth.
    """
    texts = list(texts)
    titled = _title_ages(title, "\n".join(texts)) if title else None
    if titled:
        return titled
    for text in texts:
        if not text:
            continue
        if _is_pregnancy_offer(text):
            return _pregnancy(text, course)
        found = _stated(text)
        if found:
            return found
        if _AFTER_BIRTH.search(_paragraphs(text)):
            return 0, None
    titled = _stated(title)
    if titled:
        return titled
    if _AFTER_BIRTH.search(_paragraphs(goal)):
        return 0, None
    return None, None


def _is_pregnancy_offer(text: str) -> bool:
    """The text's first sentence names the pregnant (and no born children) as the audience."""
    sentence = _SENTENCE.match(_paragraphs(text))
    assert sentence is not None  # the pattern matches every text, at worst with an empty sentence
    first = sentence.group(0)
    return bool(_PREGNANT.search(first)) and not _BORN_CHILDREN.search(first)


def _paragraphs(text: str) -> str:
    """The text without its list items: an age in one item ("- Jeugd tot 16 jaar") is one group's, not all's."""
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("- "))


def _pregnancy(text: str, course: str) -> Ages:
    week = _pregnancy_week(text) or _pregnancy_week(course)
    age_min = -months(str(_WEEKS_OF_PREGNANCY - week), "weken") if week else -9
    for source in (text, course):
        until = _UNTIL_CHILD_AGE.search(source) or _PREGNANCY_TO.search(source)
        if until:
            return age_min, int(until.group(1))
    if _CONTINUES_AFTER_BIRTH.search(course) or _CONTINUES_AFTER_BIRTH.search(text):
        return age_min, None
    return age_min, 0


def _pregnancy_week(text: str) -> int | None:
    match = _PREGNANCY_WEEK.search(text)
    if not match:
        return None
    if match.group(1) or match.group(2):
        return int(match.group(1) or match.group(2))
    word = match.group(3).lower()
    return next((value for ordinal, value in _ORDINALS.items() if word.startswith(ordinal)), None)


def _stated(text: str) -> Ages | None:
    """All ages one text states outside its list items, as the widest range they span; None when none."""
    ranges: list[tuple[int | None, int | None]] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text):
        low, low_unit, to, high, high_unit = match.group(2, 3, "to", 5, 6)
        if to.lower() == "en" and not match.group("lead"):
            continue  # "6, 7 en 8 jaar" is no range
        ranges.append((months(low, low_unit or high_unit), months(high, high_unit)))
        taken.append(match.span())
    for match in _PREGNANCY_TO.finditer(text):
        ranges.append((-9, int(match.group(1))))
        taken.append(match.span())
    # A one-sided bound in a list item ("- jongeren tot 25 jaar" among other risk groups) is one group's.
    paragraphs = _paragraphs(text)
    for match in _UP_TO.finditer(paragraphs):
        if any(start <= match.start() < end for start, end in taken):
            continue  # the end of a range already read
        kind, number, unit = match.groups()
        upper = months(number, unit)
        ranges.append((0, upper - 1 if kind.lower().startswith("jonger") else upper))
    if not _SECOND_GROUP_FROM.search(paragraphs):
        for match in _FROM.finditer(paragraphs):
            if not any(start <= match.start() < end for start, end in taken):
                ranges.append((months(*match.groups()), None))
    for match in _AT_AGE.finditer(text):
        ranges.append((int(match.group(1)), int(match.group(1))))
    ranges = [(low, high) for low, high in ranges if high is None or low is None or low <= high]
    if not ranges:
        return None
    lows = [low for low, _ in ranges if low is not None]
    highs = [high for _, high in ranges]
    return (min(lows) if lows else None), (None if None in highs else max(h for h in highs if h is not None))


def _title_ages(title: str, text: str) -> Ages | None:
    """Forms only a title uses: "Gezondheidsbevordering 0-100", "18 maanden contactmoment", "Mbo 18+"."""
    if re.search(r"(?<![\w-])0-100(?![\w-])", title):
        return 0, 1200
    at_months = re.match(r"^(\d{1,2})\s+maanden\b", title)
    if at_months:
        return int(at_months.group(1)), int(at_months.group(1))
    plus = re.search(r"\b(\d+)\+", title)
    if plus:
        limits = [int(n) for n in re.findall(r"tot de (?:wettelijke )?leeftijd van (\d+) jaar", text)]
        return int(plus.group(1)) * 12, max(limits) * 12 if limits else None
    return None
