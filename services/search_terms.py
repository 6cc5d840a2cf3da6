"""Turning what an officer types into search terms: accents folded, Dutch endings trimmed, synonyms added.

Shared by PostgreSQL and the SQLite fallback (``services.search``), so both read a query the same way.
Synonym sets and product keywords are staff data (Beheer › Synoniemensets, the product's trefwoorden),
read at query time: a new synonym works without rebuilding the search vectors.
"""

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field

MAX_WORDS = 12

# Dutch inflections trimmed from a query word before it is matched as a prefix, longest first; a word
# keeps at least MIN_STEM letters. "vaccinaties" -> "vaccinatie", "begeleiden" -> "begeleid",
# "tatoeëren" -> "tatoe". Chosen here rather than taken from a PostgreSQL stemmer, whose Dutch
# algorithm changes in PostgreSQL 19; the stored vectors hold unstemmed words (see migration
# 0100_i12_search_config).
_ENDINGS = (("ingen", "ing"), ("ties", "tie"), ("sies", "sie"), ("eren", ""), ("en", ""), ("s", ""))
MIN_STEM = 4
MIN_STEM_E = 6


def fold(text: str) -> str:
    """Lower case without accents: "Hygiënezorg" -> "hygienezorg" (what ``unaccent(lower(...))`` gives)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def words_of(value: str) -> list[str]:
    return [word for word in re.findall(r"\w+", fold(value)) if len(word) > 1][:MAX_WORDS]


def stem(word: str) -> str:
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) + len(replacement) >= MIN_STEM:
            if ending == "s" and word.endswith("ss"):
                break
            return word[: len(word) - len(ending)] + replacement
    if word.endswith("e") and len(word) > MIN_STEM_E:  # "oekraine" also starts "oekraiense"
        return word[:-1]
    return word


@dataclass
class Term:
    """One word of the query with everything it may match: itself and its synonyms (each a phrase)."""

    word: str
    alternatives: list[list[str]] = field(default_factory=list)  # stems; every stem of one alternative must match
    # The products whose trefwoorden hold the term, looked up once per term (services.search).
    keyword_product_ids: list[int] | None = field(default=None, compare=False, repr=False)

    def stems(self) -> list[str]:
        return [s for alternative in self.alternatives for s in alternative]


def synonym_index() -> dict[str, list[list[str]]]:
    """Folded term -> the other terms of its sets, each as a list of words."""
    from services.models import SynonymSet

    index: dict[str, list[list[str]]] = {}
    for synonym_set in SynonymSet.objects.all():
        terms = [words_of(term) for term in synonym_set.term_list()]
        terms = [t for t in terms if t]
        for term in terms:
            if len(term) == 1:
                index.setdefault(term[0], []).extend(other for other in terms if other != term)
    return index


def query_terms(value: str, synonyms: dict[str, list[list[str]]] | None = None) -> list[Term]:
    words = words_of(value)
    if not words:
        return []
    if synonyms is None:
        synonyms = synonym_index()
    terms = []
    for word in words:
        alternatives = [[stem(word)]]
        for phrase in synonyms.get(word, []) + synonyms.get(stem(word), []):
            stems = [stem(w) for w in phrase]
            if stems not in alternatives:
                alternatives.append(stems)
        terms.append(Term(word, alternatives))
    return terms


def register_sqlite_unaccent(sender, connection, **kwargs) -> None:
    """SQLite gets the same ``unaccent`` function name as PostgreSQL's extension (connection_created)."""
    if connection.vendor == "sqlite":
        raw: sqlite3.Connection = connection.connection
        raw.create_function("unaccent", 1, lambda text: fold(text) if text is not None else None, deterministic=True)
        # PostgreSQL's catalogue_fold (migration 0012): lower case without accents.
        raw.create_function(
            "catalogue_fold", 1, lambda text: fold(text) if text is not None else None, deterministic=True
        )
