"""Bench of the PDF books: time and peak memory, each measured in its own child process.

    DJANGO_DEBUG=1 .venv/bin/python bench/pdf.py [--scales 1 4] [--repeat 1]

For each catalogue size (1x is Hecht-sized: 7 units, 70 products of about 400 words; 4x is four times
that; 12x is about 1,000 pages) it compares, in the same run and interleaved:
  book    the book's HTML rendered by the worker's child process (`manage.py render_pdf`, PDF/UA-1, under
          the worker's memory limit CATALOGUE_BOOK_MEMORY_MB);
  plain   the bench's plain book of the same text (bench/plain_book.py: bare headings and paragraphs, a
          page size and a font) through the same child process and limit;
  build   `manage.py build_productbook` (database reads, template, WeasyPrint), only with --build;
  book-gc the book as ``book`` but with Python's default garbage-collector thresholds, not
          books.pdf.RENDER_GC_THRESHOLDS, only with --default-gc (what the render's policy gains);
and, through the Django test client with the real queue path (child render process), a fresh download
against a cached one. The ratio that matters is the cost per page, book against plain. Everything runs on
a throw-away SQLite database and media folder; bounded by a time limit per child. Peak memory is the
child's maximum resident set size (os.wait4); CPU is the child's user + system time.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "catalogue.settings",
        "DJANGO_DEBUG": "1",
        "SQLITE_PATH": str(WORK / "bench.sqlite3"),
        "DJANGO_MEDIA_ROOT": str(WORK / "media"),
        "CATALOGUE_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
)
os.environ.pop("DATABASE_URL", None)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.plain_book import plain_book_html  # noqa: E402
from books.rendering import book_html  # noqa: E402
from books.selectors import organisation_book_spec  # noqa: E402
from tests.book_catalogue import make_book_catalogue  # noqa: E402

CHILD_TIMEOUT = 1800

# The render child with Python's default collector thresholds instead of books.pdf.RENDER_GC_THRESHOLDS.
DEFAULT_GC_CHILD = """
import gc, sys
import django
django.setup()
import books.pdf
books.pdf.RENDER_GC_THRESHOLDS = gc.get_threshold()
from django.core.management import call_command
call_command("render_pdf", *sys.argv[1:])
"""


def measure(command: list[str]) -> tuple[float, float, float]:
    """Wall time (s), peak resident memory (MB) and CPU time (s) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = started + CHILD_TIMEOUT
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            raise SystemExit(f"timed out: {' '.join(command)}")
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--build", action="store_true", help="also time manage.py build_productbook")
    parser.add_argument(
        "--default-gc", action="store_true", help="also render the book with Python's default collector thresholds"
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    python = sys.executable
    limit = f"--memory-mb={settings.BOOK_RENDER_MEMORY_MB}"
    rows = []
    for scale in args.scales:
        slug = f"bench{scale}x"
        catalogue = make_book_catalogue(
            slug=slug, name=f"GGD Bench{scale}x", units=7 * scale, products_per_unit=10, cbs_base=9000 + 50 * scale
        )
        html, book = book_html(organisation_book_spec(slug, 2026))
        sides = {}
        outputs = {side: WORK / f"{slug}-{side}.pdf" for side in ("book", "plain", "build")}
        for side, text in (("book", html), ("plain", plain_book_html(html, title=book.title))):
            (WORK / f"{slug}-{side}.html").write_text(text, encoding="utf-8")
            sides[side] = [
                python,
                "manage.py",
                "render_pdf",
                str(WORK / f"{slug}-{side}.html"),
                str(outputs[side]),
                limit,
            ]
        if args.default_gc:
            outputs["book-gc"] = outputs["book"]
            sides["book-gc"] = [
                python,
                "-c",
                DEFAULT_GC_CHILD,
                str(WORK / f"{slug}-book.html"),
                str(outputs["book"]),
                limit,
            ]
        if args.build:
            sides["build"] = [
                python,
                "manage.py",
                "build_productbook",
                f"--organisation={slug}",
                "--year=2026",
                f"--output={outputs['build']}",
                "-v0",
            ]
        # Interleaved, best of --repeat: the machine's load drifts, and every side should see the same.
        runs: dict[str, list[tuple[float, float, float]]] = {side: [] for side in sides}
        for _ in range(args.repeat):
            for side, command in sides.items():
                runs[side].append(measure(command))
        row = {"label": f"{scale}x ({len(catalogue.products)} products)", "html_mb": len(html.encode()) / 1e6}
        for side in sides:
            row[side] = (
                min(run[0] for run in runs[side]),
                max(run[1] for run in runs[side]),
                min(run[2] for run in runs[side]),
                _pages(outputs[side]),
            )
        rows.append(row)
        print(_row(row), flush=True)

    print(f"\nWeasyPrint {__import__('weasyprint').__version__}, {os.cpu_count()} CPUs, worker limit {limit}; {WORK}\n")
    print(_header())
    for row in rows:
        print(_row(row))
    for row in rows:
        if "book-gc" in row:
            policy, default = row["book"], row["book-gc"]
            print(
                f"{row['label']}: book with default collector thresholds {default[0]:.1f} s wall, "
                f"{default[2]:.1f} s CPU, {default[1]:.0f} MB; the render's thresholds take "
                f"{policy[2] / default[2]:.2f}x the CPU and {policy[1] / default[1]:.2f}x the peak memory"
            )
    for row in rows:
        if "build" in row:
            build, book = row["build"], row["book"]
            print(
                f"{row['label']}: whole build {build[0]:.1f} s, {build[1]:.0f} MB; {build[0] / book[0]:.2f}x the render"
            )

    # Download path: fresh (queue + isolated child render + store) against cached (fingerprint + file).
    client = Client()
    url = reverse("books:organisation", kwargs={"organisation": f"bench{args.scales[0]}x", "year": 2026})
    started = time.perf_counter()
    response = client.get(url)
    fresh = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    b"".join(response.streaming_content)
    cached_runs = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get(url)
        b"".join(response.streaming_content)
        cached_runs.append(time.perf_counter() - started)
        assert response.status_code == 200
    cached = statistics.median(cached_runs)
    print(
        f"\ndownload {url}: fresh build {fresh:.2f} s, cached {cached * 1000:.1f} ms (median of 20), "
        f"ratio {fresh / cached:.0f}x"
    )
    shutil.rmtree(WORK, ignore_errors=True)


def _header() -> str:
    return (
        f"{'catalogue':<24}{'HTML MB':>8}{'pages':>12}{'wall s':>16}{'CPU ms/page':>18}{'ratio':>7}"
        f"{'peak MB':>14}\n{'':<24}{'':>8}{'book/plain':>12}{'book/plain':>16}{'book/plain':>18}{'':>7}{'book/plain':>14}"
    )


def _row(row: dict) -> str:
    (b_wall, b_mb, b_cpu, b_pages), (p_wall, p_mb, p_cpu, p_pages) = row["book"], row["plain"]
    b_pp, p_pp = 1000 * b_cpu / b_pages, 1000 * p_cpu / p_pages
    return (
        f"{row['label']:<24}{row['html_mb']:>8.1f}{f'{b_pages}/{p_pages}':>12}{f'{b_wall:.1f}/{p_wall:.1f}':>16}"
        f"{f'{b_pp:.0f}/{p_pp:.0f}':>18}{b_pp / p_pp:>7.2f}{f'{b_mb:.0f}/{p_mb:.0f}':>14}"
    )


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


if __name__ == "__main__":
    main()
