"""Bench of the PDF books: time and peak memory, each measured in its own child process.

    DJANGO_DEBUG=1 .venv/bin/python bench/pdf.py [--scales 1 4] [--repeat 1]

For each catalogue size (1x is Hecht-sized: 7 units, 70 products of about 400 words; 4x is four times
that) it compares, in the same run:
  book    `manage.py build_productbook` (database reads, template, WeasyPrint) in a child process;
  static  plain WeasyPrint rendering the same finished HTML saved as a file, in a child process;
and, through the Django test client with the real queue path (child render process), a fresh download
against a cached one. Everything runs on a throw-away SQLite database and media folder; bounded by a
time limit per child. Peak memory is the child's maximum resident set size (os.wait4).
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

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from books.rendering import book_html  # noqa: E402
from books.selectors import organisation_book_spec  # noqa: E402
from tests.book_catalogue import make_book_catalogue  # noqa: E402

CHILD_TIMEOUT = 900


def measure(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one child process."""
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
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    static_dir = WORK / "static"
    (static_dir / "css").mkdir(parents=True)
    shutil.copy(ROOT / "static" / "css" / "print-book.css", static_dir / "css" / "print-book.css")
    python = sys.executable
    rows = []
    for scale in args.scales:
        slug = f"bench{scale}x"
        catalogue = make_book_catalogue(
            slug=slug, name=f"GGD Bench{scale}x", units=7 * scale, products_per_unit=10, cbs_base=9000 + 100 * scale
        )
        html, _ = book_html(organisation_book_spec(slug, 2026))
        html_file = static_dir / f"{slug}.html"
        html_file.write_text(html, encoding="utf-8")
        book_command = [
            python,
            "manage.py",
            "build_productbook",
            f"--organisation={slug}",
            "--year=2026",
            f"--output={WORK / (slug + '.pdf')}",
            "-v0",
        ]
        static_command = [
            python,
            "-m",
            "weasyprint",
            "--pdf-variant=pdf/ua-1",
            str(html_file),
            str(WORK / f"{slug}-static.pdf"),
        ]
        # Interleaved, best of --repeat: the machine's load drifts, and both sides should see the same.
        book_runs, static_runs = [], []
        for _ in range(args.repeat):
            static_runs.append(measure(static_command))
            book_runs.append(measure(book_command))
        book_time, book_mb = min(run[0] for run in book_runs), max(run[1] for run in book_runs)
        static_time, static_mb = min(run[0] for run in static_runs), max(run[1] for run in static_runs)
        pages = _pages(WORK / f"{slug}.pdf")
        rows.append(
            (f"{scale}x ({len(catalogue.products)} products, {pages} p.)", book_time, book_mb, static_time, static_mb)
        )

    print(f"\nWeasyPrint {__import__('weasyprint').__version__}, {os.cpu_count()} CPUs; work folder {WORK}\n")
    print(f"{'catalogue':<32}{'book s':>9}{'static s':>10}{'ratio':>7}{'book MB':>10}{'static MB':>11}{'ratio':>7}")
    for label, book_time, book_mb, static_time, static_mb in rows:
        print(
            f"{label:<32}{book_time:>9.2f}{static_time:>10.2f}{book_time / static_time:>7.2f}"
            f"{book_mb:>10.0f}{static_mb:>11.0f}{book_mb / static_mb:>7.2f}"
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


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


if __name__ == "__main__":
    main()
