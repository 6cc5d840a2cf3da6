"""Fill the bench database: the shipped catalogues (or, while fixtures/ holds placeholders, the test
catalogue of tests/catalogue_data.py), optionally made ``--factor`` times larger with bulk copies.

Run by bench/web.py in a subprocess with DJANGO_SETTINGS_MODULE and the database set.
"""

import argparse
from collections import defaultdict

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=int, default=1)
    args = parser.parse_args()
    django.setup()

    from django.conf import settings
    from django.core.management import call_command

    from services.models import Product

    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    source = "fixtures"
    if not Product.objects.published().exists():
        from tests.catalogue_data import build_catalogue

        build_catalogue()
        source = "test catalogue"
    year = settings.CATALOGUE_CURRENT_YEAR
    if args.factor > 1:
        multiply(year, args.factor)
        from services import versioning

        versioning.advance()  # bulk copies send no signals
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do after a bulk load, before the first request
    count = Product.objects.published().filter(edition__year=year).count()
    print(f"{source}: {count} published products in {year}")


def multiply(year: int, factor: int) -> None:
    from django.db import transaction

    from municipalities.models import Uptake
    from services.models import LegalBasis, Product, ProductTier

    originals = list(Product.objects.published().filter(edition__year=year))
    tiers = _by_product(ProductTier.objects.filter(product__in=originals))
    bases = _by_product(LegalBasis.objects.filter(product__in=originals))
    uptakes = _by_product(Uptake.objects.filter(product__in=originals))
    skip = {"id", "pk", "slug", "title", "search_vector"}
    fields = [f.attname for f in Product._meta.concrete_fields if f.attname not in skip]
    with transaction.atomic():
        for n in range(1, factor):
            copies = [
                Product(
                    **{name: getattr(o, name) for name in fields},
                    title=f"{o.title} ({n})",
                    slug=f"{o.slug}-{n}"[:120],
                )
                for o in originals
            ]
            created = Product.objects.bulk_create(copies)
            ProductTier.objects.bulk_create(
                ProductTier(product=c, tier_id=t.tier_id)
                for c, o in zip(created, originals, strict=True)
                for t in tiers[o.pk]
            )
            LegalBasis.objects.bulk_create(
                LegalBasis(product=c, framework_id=b.framework_id, article=b.article, note=b.note, order=b.order)
                for c, o in zip(created, originals, strict=True)
                for b in bases[o.pk]
            )
            Uptake.objects.bulk_create(
                Uptake(product=c, municipality_id=u.municipality_id)
                for c, o in zip(created, originals, strict=True)
                for u in uptakes[o.pk]
            )


def _by_product(queryset) -> defaultdict:
    grouped: defaultdict = defaultdict(list)
    for row in queryset:
        grouped[row.product_id].append(row)
    return grouped


if __name__ == "__main__":
    main()
