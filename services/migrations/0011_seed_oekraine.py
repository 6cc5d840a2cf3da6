"""Seed a synonym set for a country and its adjective: officers type "Oekraïne", the book says "Oekraïense".

Neither prefix matching nor the typo correction joins the two (trigram similarity 0.43), so the set does
it, as staff would under Beheer › Synoniemensets; staff may change or remove it like any other set.
"""

from django.db import migrations

TERMS = ("oekraïne", "oekraïens", "oekraïense", "oekraïners")
SOURCE = "Hecht 2026: Zorg voor Oekraïense vluchtelingen (wie zoekt, typt de naam van het land)"


def seed(apps, schema_editor) -> None:
    SynonymSet = apps.get_model("services", "SynonymSet")
    if not SynonymSet.objects.filter(source=SOURCE).exists():
        SynonymSet.objects.create(terms="\n".join(TERMS), source=SOURCE)


def unseed(apps, schema_editor) -> None:
    apps.get_model("services", "SynonymSet").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0010_catalogue_version")]
    operations = [migrations.RunPython(seed, unseed)]
