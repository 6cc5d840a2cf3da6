"""The PostgreSQL side of search: the ``catalogue_nl`` configuration and the trigger that fills vectors.

Used by migrations ``0009_search_config`` and ``0012_fold_trigram_indexes`` and by ``manage.py rebuild_search_vectors`` (run it after
a major PostgreSQL upgrade or a change of the configuration; see README "Search").
"""

SECTIONS = ("goal", "audience", "legal_text", "activities", "rationale", "result", "professionals")
CONFIG = "catalogue_nl"

CONFIGURATION_SQL = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG} CASCADE;
CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION {CONFIG}
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword
    WITH unaccent, simple;
"""


# Titles and trefwoorden folded (accents off, lower case) by one immutable function, so a trigram index
# can serve the search's "occurs in the title" test (migration 0012). unaccent() itself is only stable.
FOLD_SQL = """
CREATE OR REPLACE FUNCTION catalogue_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, value));
CREATE INDEX IF NOT EXISTS services_product_title_fold_trgm
    ON services_product USING gin (catalogue_fold(title) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS services_productkeyword_fold_trgm
    ON services_productkeyword USING gin (catalogue_fold(keyword) gin_trgm_ops);
"""
DROP_FOLD_SQL = """
DROP INDEX IF EXISTS services_productkeyword_fold_trgm;
DROP INDEX IF EXISTS services_product_title_fold_trgm;
DROP FUNCTION IF EXISTS catalogue_fold(text);
"""


def create_fold(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FOLD_SQL, params=None)


def drop_fold(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FOLD_SQL, params=None)


def trigger_sql(config: str) -> str:
    """The trigger function of migration 0003 on ``config`` (title weight A, summary B, sections C)."""
    sections = ", ".join(f"NEW.{name}" for name in SECTIONS)
    return f"""
CREATE OR REPLACE FUNCTION services_product_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('{config}', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('{config}', coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('{config}', concat_ws(' ', {sections})), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


REBUILD_SQL = "UPDATE services_product SET title = title"

# Abbreviations the 2026 books spell out, with where they do so.
SEED_SYNONYMS = (
    (
        ("tbc", "tuberculose"),
        "Hecht 2026, Publieke gezondheid voor asielzoekers: Tuberculosebestrijding (tbc-bestrijding)",
    ),
    (
        ("soa", "seksueel overdraagbare aandoening"),
        "Hecht 2026, Seksuele gezondheid: seksueel overdraagbare aandoeningen (soa’s)",
    ),
    (("rvp", "rijksvaccinatieprogramma"), "CJG Rijnmond 2026, begrippenlijst: Het Rijksvaccinatieprogramma (RVP)"),
    (("vve", "voor- en vroegschoolse educatie"), "CJG Rijnmond 2026: Toeleiden Voor- en vroegschoolse educatie (VVE)"),
    (("jgz", "jeugdgezondheidszorg"), "Hecht en CJG Rijnmond 2026: De jeugdgezondheidszorg (JGZ)"),
    (("amr", "antimicrobiële resistentie"), "Hecht 2026, AMR Zorgnetwerk: antimicrobiële resistentie (AMR)"),
    (("prep", "pre-exposure profylaxe"), "Hecht 2026, Seksuele gezondheid: Pre-Exposure Profylaxe (PrEP)"),
    (
        ("ggz", "geestelijke gezondheidszorg"),
        "Hecht 2026, Meldpunt Zorg en Overlast: Openbare Geestelijke Gezondheidszorg (OGGZ)",
    ),
    (("thz", "technische hygiënezorg"), "Hecht 2026: een inspectie Technische hygiënezorg (THZ)"),
    (("vgv", "vrouwelijke genitale verminking"), "CJG Rijnmond 2026: Preventie vrouwelijke genitale verminking (VGV)"),
    (("cjg", "centrum voor jeugd en gezin"), "CJG Rijnmond 2026: Het Centrum voor Jeugd en Gezin (CJG)"),
    (("ghor", "geneeskundige hulpverleningsorganisatie in de regio"), "Hecht 2026, Medische Milieukunde: (GHOR)"),
    (("wmo", "wet maatschappelijke ondersteuning"), "Hecht 2026: Wet maatschappelijke ondersteuning (Wmo)"),
    (("hpv", "humaan papillomavirus"), "CJG Rijnmond 2026, begrippenlijst: Het humaan papillomavirus (HPV)"),
    (
        ("msm", "mannen die seks hebben met mannen"),
        "Hecht 2026, Seksuele gezondheid: mannen die seks hebben met mannen (MSM)",
    ),
)


def create_configuration(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CONFIGURATION_SQL, params=None)
        schema_editor.execute(trigger_sql(CONFIG), params=None)
        schema_editor.execute(REBUILD_SQL, params=None)


def drop_configuration(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(trigger_sql("pg_catalog.dutch"), params=None)
        schema_editor.execute(REBUILD_SQL, params=None)
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}", params=None)


def seed_synonyms(apps, schema_editor) -> None:
    SynonymSet = apps.get_model("services", "SynonymSet")
    for terms, source in SEED_SYNONYMS:
        synonym_set = SynonymSet(terms="\n".join(terms), source=source)
        synonym_set.full_clean()
        synonym_set.save()
