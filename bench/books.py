#!/usr/bin/env python3
"""How much book work anonymous visitors can cause, against gunicorn: the bounds of books/operations.py.

    .venv/bin/python bench/books.py
    .venv/bin/python bench/books.py --postgres postgres://postgres@127.0.0.1:5432/catalogue_books_bench

Loads the shipped catalogue into a fresh database (bench/out/books.sqlite3, or the PostgreSQL database given,
dropped and made anew), starts gunicorn (one worker, so the local-memory rate counter is one counter; with
several servers the counter lives in Redis) and no book worker, so every render a request causes stays
queued and can be counted. Then, as anonymous visitors behind one proxy (DJANGO_TRUSTED_PROXY_COUNT=1):

1. inputs that were server errors: a NUL byte in a municipality book address, ``jaar=2026.0``;
2. one visitor asks for ten spellings of one selection (``jaar=002026``, reordered, extra ``sorteer``, ...);
3. the same visitor asks for fifteen different selections;
4. forty visitors each ask for a different selection.

It prints the answers per step and the renders queued, with the limits in force. Every render costs a worker
seconds to minutes, so "renders queued" is the work the visitors caused.
"""

import argparse
import http.client
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.web import OUT, PYTHON, ROOT, Server, environment, populate

LIMITS = {"CATALOGUE_BOOK_QUEUE_LIMIT": "20", "CATALOGUE_BOOK_RATE_LIMIT": "10", "DJANGO_TRUSTED_PROXY_COUNT": "1"}
SPELLINGS = [
    "?organisatie=hecht&schil=3&jaar=2026",
    "?jaar=002026&schil=3&organisatie=hecht",
    "?schil=3&organisatie=hecht&jaar=2026.0",
    "?organisatie=hecht&schil=3",
    "?organisatie=hecht&schil=+3+",
    "?sorteer=titel&organisatie=hecht&schil=3",
    "?schil=3&jaar=2026&organisatie=hecht&sorteer=titel",
    "?jaar=02026&organisatie=hecht&schil=3",
    "?organisatie=hecht&jaar=2026&schil=3&q=",
    "?schil=3&organisatie=hecht&jaar=+2026",
]


def get(port: int, path: str, client: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"X-Forwarded-For": client, "Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def queued(database: Path, database_url: str) -> Counter:
    code = (
        "import django; django.setup()\n"
        "from books.models import BookRender\n"
        "for state in BookRender.objects.values_list('state', flat=True): print(state)\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=environment(database, database_url), capture_output=True, text=True
    )
    return Counter(result.stdout.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL; the database is dropped and made anew")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    database = OUT / "books.sqlite3"
    os.environ.update(LIMITS)
    print(populate(database, 1, args.postgres))
    server = Server(database, args.postgres, 1, cached=True)
    totals: Counter = Counter()
    try:
        steps = [
            (
                "inputs that were server errors",
                [("/boeken/gemeente/GM05%0013/2026.pdf", "192.0.2.1"), ("/producten/selectie.pdf?jaar=2026.0", "192.0.2.1")],
            ),
            ("ten spellings of one selection, one visitor", [(f"/producten/selectie.pdf{s}", "203.0.113.1") for s in SPELLINGS]),
            ("fifteen selections, one visitor", [(f"/producten/selectie.pdf?q=zoekterm{i}", "203.0.113.1") for i in range(15)]),
            ("forty selections, forty visitors", [(f"/producten/selectie.pdf?q=ander{i}", f"198.51.100.{i}") for i in range(40)]),
        ]  # fmt: skip
        for title, requests in steps:
            answers = Counter(get(server.port, path, client) for path, client in requests)
            totals.update(answers)
            print(f"{title}: {dict(sorted(answers.items()))}; renders now {dict(queued(database, args.postgres))}")
    finally:
        server.stop()
    print(
        f"limits: queue {LIMITS['CATALOGUE_BOOK_QUEUE_LIMIT']}, {LIMITS['CATALOGUE_BOOK_RATE_LIMIT']} new renders "
        f"per client per 60 s; answers {dict(sorted(totals.items()))}; server errors {sum(n for s, n in totals.items() if s >= 500 and s != 503)}"
    )


if __name__ == "__main__":
    main()
