"""Stored product texts (and their versions) in the form every write now keeps: LF, no trailing spaces."""

from django.db import migrations

from catalogue.text import normalise_text

TEXT_FIELDS = (
    "summary",
    "goal",
    "audience",
    "legal_text",
    "activities",
    "rationale",
    "result",
    "professionals",
    "contacts",
)


def normalise(apps, schema_editor):
    for name in ("Product", "HistoricalProduct"):
        model = apps.get_model("services", name)
        changed = []
        for row in model.objects.only("pk", *TEXT_FIELDS).iterator(chunk_size=500):
            before = [getattr(row, field) for field in TEXT_FIELDS]
            after = [normalise_text(value) for value in before]
            if before != after:
                for field, value in zip(TEXT_FIELDS, after, strict=True):
                    setattr(row, field, value)
                changed.append(row)
        model.objects.bulk_update(changed, TEXT_FIELDS, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("services", "0007_product_table_umbrella")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
