#!/usr/bin/env python3
"""The facet index (services.facet_index): what building it costs, what it holds, what a request pays.

    .venv/bin/python bench/facets.py                       # SQLite, shipped catalogue and 100x
    .venv/bin/python bench/facets.py --factors 1 100 1000 --postgres postgres://postgres@127.0.0.1:5432/bench_facets

For each size it fills a database (bench/populate.py, the same copies as bench/web.py), then in a child
process measures, side by side in the same run:

- build: the index of the current year built from the database (the first request after any change
  pays this once per process), and the memory it keeps (tracemalloc);
- counts / page ids: what a catalogue request then pays for its facet counts and its list's ids
  (the filtered state of bench/web.py: Gouda and the Wpg);
- SQL count: one COUNT(*) of the year's published products, the cheapest scan of the catalogue, as the
  reference each figure is set against.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.web import environment, populate  # noqa: E402

PYTHON = sys.executable
FILTERED = "gemeente=GM0513&wet=wet-publieke-gezondheid"  # bench/web.py's filtered catalogue


def timed(function, repeat: int) -> float:
    """Median milliseconds of ``repeat`` calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def measure() -> None:
    import tracemalloc

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from services import selectors
    from services.facet_index import FacetIndex
    from services.models import Product

    year = settings.CATALOGUE_CURRENT_YEAR
    public = Product.objects.public().filter(edition__year=year)
    products = public.count()
    reference = timed(public.count, 9)
    build = timed(lambda: FacetIndex.build(year), 3)
    with CaptureQueriesContext(connection) as queries:
        FacetIndex.build(year)
    tracemalloc.start()
    index = FacetIndex.build(year)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    def filterset():
        bound = selectors.filter_products(QueryDict(FILTERED))
        bound.is_valid()
        return bound

    bound = filterset()
    _ = bound.qs  # the list's order, as the view settles it
    counts = timed(lambda: index.counts(bound), 21)
    page_ids = timed(lambda: index.ordered_ids(bound, bound.sort), 21)
    print(
        json.dumps(
            {
                "products": products,
                "reference": reference,
                "build": build,
                "queries": len(queries),
                "kept_mb": kept / 2**20,
                "peak_mb": peak / 2**20,
                "counts": counts,
                "page_ids": page_ids,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--postgres", default="", help="postgres://user@host:port/name (a database per size)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure()
        return
    work = Path(tempfile.mkdtemp(prefix="bench-facets-"))
    rows = []
    for factor in args.factors:
        database = work / f"x{factor}.sqlite3"
        url = f"{args.postgres}_x{factor}" if args.postgres else ""
        populate(database, factor, url)
        result = subprocess.run(
            [PYTHON, "-m", "bench.facets", "--measure"],
            cwd=ROOT,
            env=environment(database, url),
            check=True,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        rows.append((factor, json.loads(result.stdout.strip().splitlines()[-1])))
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"facet index, {engine}; ms are medians; 'x count' is the figure over one SQL COUNT(*) of the year")
    print(
        "| size | products | SQL count ms | build ms | x count | queries | kept MB | peak MB "
        "| counts ms | x count | page ids ms | x count |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for factor, r in rows:
        ref = r["reference"]
        print(
            f"| {factor}x | {r['products']} | {ref:.2f} | {r['build']:.1f} | {r['build'] / ref:.1f} | {r['queries']} "
            f"| {r['kept_mb']:.2f} | {r['peak_mb']:.1f} | {r['counts']:.3f} | {r['counts'] / ref:.2f} "
            f"| {r['page_ids']:.3f} | {r['page_ids'] / ref:.2f} |"
        )


if __name__ == "__main__":
    main()
