"""Bounded work for anonymous visitors: one render per book, a capped queue, a per-client rate, pruning,
and a killed worker's render taken over. Over HTTP, as a visitor meets them."""

import io
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from books import rendering as book_rendering
from books.models import BookRender
from books.operations import request_book
from books.rendering import render_book
from books.selectors import organisation_book_spec
from tests.book_catalogue import make_book_catalogue
from tests.factories import UserFactory

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
SELECTION = reverse("books:selection")

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BOOK_RENDER_TEMP_DIR = str(tmp_path / "tmp")
    return settings.MEDIA_ROOT


@pytest.fixture
def catalogue(db):
    return make_book_catalogue(
        slug="kleinggd", name="GGD Kleinregio", units=1, products_per_unit=4, words=60, cbs_base=9700
    )


def organisation_url() -> str:
    return reverse("books:organisation", kwargs={"organisation": "kleinggd", "year": 2026})


# --- one book per key -------------------------------------------------------------------------------


@override_settings(TASKS=DUMMY_TASKS)
def test_every_spelling_of_a_selection_over_http_queues_one_render(client, catalogue):
    spellings = [
        "?organisatie=kleinggd&schil=3&jaar=2026",
        "?jaar=002026&schil=3&organisatie=kleinggd",
        "?schil=3&organisatie=kleinggd&jaar=2026.0&sorteer=titel",
        "?organisatie=kleinggd&schil=%203%20",
    ]

    statuses = [client.get(SELECTION + query).status_code for query in spellings]

    assert statuses == [202, 202, 202, 202]
    assert BookRender.objects.count() == 1
    assert BookRender.objects.get().query == "jaar=2026&organisatie=kleinggd&schil=3"


@override_settings(TASKS=DUMMY_TASKS)
def test_a_queued_render_of_an_older_catalogue_state_is_superseded_not_rendered_as_well(client, catalogue):
    client.get(organisation_url())
    old = BookRender.objects.get()
    product = catalogue.products[0]
    product.title = "Nieuwe titel terwijl het boek in de wachtrij staat"
    product.save()

    assert client.get(organisation_url()).status_code == 202

    render = BookRender.objects.get()  # one render for the book, of the catalogue as it is now
    assert render.pk != old.pk and render.fingerprint != old.fingerprint
    assert render_book(old.pk) is None  # the old task finds nothing to do
    render_book(render.pk)
    response = client.get(organisation_url())
    assert response.status_code == 200


@override_settings(TASKS=DUMMY_TASKS)
def test_a_selection_of_just_the_organisation_is_the_organisation_book_over_http(client, catalogue):
    client.get(SELECTION, {"organisatie": "kleinggd", "jaar": "2026"})
    client.get(organisation_url())
    code = catalogue.municipalities[0].cbs_code
    client.get(SELECTION, {"gemeente": code.lower(), "jaar": "02026"})
    client.get(reverse("books:municipality", kwargs={"cbs_code": code, "year": 2026}))

    kinds = sorted(BookRender.objects.values_list("kind", flat=True))
    assert kinds == [BookRender.Kind.MUNICIPALITY, BookRender.Kind.ORGANISATION]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"jaar": "2026", "utm_source": "x"}, "Onbekende parameter &#x27;utm_source&#x27;"),
        ({"jaar": "2026.0", "pagina": "2", "extra": ""}, "Onbekende parameter &#x27;extra&#x27;"),
        ({"jaar": "20x6"}, "Ongeldige selectie"),
        ({"jaar": "\x00"}, "Ongeldige selectie"),
        ({"q": "griep " * 300}, "niet meer dan 200 tekens"),
    ],
)
def test_an_unknown_or_broken_selection_is_a_400_with_a_dutch_message_and_queues_nothing(
    client, catalogue, query, message
):
    response = client.get(SELECTION, query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BookRender.objects.exists()


def test_jaar_2026_0_on_the_selection_pdf_is_the_2026_book_not_a_server_error(client, catalogue):
    response = client.get(SELECTION, {"jaar": "2026.0", "schil": "3"})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert BookRender.objects.get().year == 2026


@pytest.mark.parametrize(
    "url",
    [
        "/boeken/gemeente/GM9700%00/2026.pdf",
        "/boeken/gemeente/%00/2026.pdf",
        "/boeken/kleinggd/2026/gemeente/GM%009700.pdf",
        "/producten/kleinggd/%00.pdf",
        "/producten/kleinggd/product-1.pdf?jaar=2026%00",
    ],
)
def test_a_nul_byte_in_a_book_address_is_a_clear_answer_not_a_server_error(client, catalogue, url):
    response = client.get(url)

    assert response.status_code in (400, 404)
    assert not BookRender.objects.exists()


# --- the queue cap ----------------------------------------------------------------------------------


@override_settings(TASKS=DUMMY_TASKS, BOOK_RENDER_QUEUE_LIMIT=1)
def test_a_book_over_the_queue_cap_gets_a_polite_503_in_the_site_layout_and_queues_nothing(client, catalogue):
    assert client.get(organisation_url()).status_code == 202

    response = client.get(SELECTION, {"schil": "3"})

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Het is nu erg druk" in html and "Probeer het later opnieuw" in html
    assert 'aria-label="Hoofdmenu"' in html  # the site's layout, not a bare error
    assert BookRender.objects.count() == 1
    # A book that is already queued is still shown as waiting, and a ready one is served.
    assert client.get(organisation_url()).status_code == 202
    render_book(BookRender.objects.get().pk)
    assert client.get(organisation_url()).status_code == 200
    assert client.get(SELECTION, {"schil": "3"}).status_code == 202


@override_settings(TASKS=DUMMY_TASKS, BOOK_RENDER_QUEUE_LIMIT=1)
def test_a_render_whose_worker_died_does_not_hold_a_place_in_the_queue(client, catalogue):
    client.get(organisation_url())
    BookRender.objects.update(state=BookRender.State.RENDERING, updated_at=timezone.now() - timedelta(seconds=50))

    assert client.get(SELECTION, {"schil": "3"}).status_code == 202


@override_settings(TASKS=DUMMY_TASKS, BOOK_RENDER_QUEUE_LIMIT=1)
def test_staff_previews_are_not_held_up_by_a_full_queue(client, catalogue):
    client.get(organisation_url())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("books:preview", kwargs={"organisation": "kleinggd", "year": 2026}))

    assert response.status_code == 202
    assert BookRender.objects.filter(preview=True).count() == 1


# --- the per-client rate limit ----------------------------------------------------------------------


@override_settings(TASKS=DUMMY_TASKS, BOOK_RATE_LIMIT=2, BOOK_RATE_WINDOW=60)
def test_one_client_may_queue_only_so_many_new_books_per_window(client, catalogue):
    first = client.get(SELECTION, {"schil": "1"}, REMOTE_ADDR="10.0.0.1")
    again = client.get(SELECTION, {"schil": "1"}, REMOTE_ADDR="10.0.0.1")  # the waiting page refreshing
    second = client.get(SELECTION, {"schil": "2a"}, REMOTE_ADDR="10.0.0.1")
    third = client.get(SELECTION, {"schil": "3"}, REMOTE_ADDR="10.0.0.1")
    other = client.get(SELECTION, {"schil": "3"}, REMOTE_ADDR="10.0.0.2")

    assert [first.status_code, again.status_code, second.status_code] == [202, 202, 202]
    assert third.status_code == 429 and third["Retry-After"] == "60"
    assert "Probeer het later opnieuw" in third.content.decode()
    assert other.status_code == 202
    assert BookRender.objects.count() == 3


@override_settings(TASKS=DUMMY_TASKS, BOOK_RATE_LIMIT=1, TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_rate_limit_counts_the_address_the_proxy_saw_not_a_forged_header(client, catalogue):
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    first = client.get(SELECTION, {"schil": "1"}, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9", **proxy)
    forged = client.get(SELECTION, {"schil": "3"}, HTTP_X_FORWARDED_FOR="2.2.2.2, 203.0.113.9", **proxy)
    neighbour = client.get(SELECTION, {"schil": "3"}, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy)

    assert [first.status_code, forged.status_code, neighbour.status_code] == [202, 429, 202]


@override_settings(TASKS=DUMMY_TASKS, BOOK_RATE_LIMIT=1)
def test_the_rate_window_ends(client, catalogue, settings):
    settings.BOOK_RATE_WINDOW = 1
    assert client.get(SELECTION, {"schil": "1"}).status_code == 202
    assert client.get(SELECTION, {"schil": "3"}).status_code == 429
    time.sleep(1.2)

    assert client.get(SELECTION, {"schil": "3"}).status_code == 202


# --- a killed worker --------------------------------------------------------------------------------


@override_settings(TASKS=DUMMY_TASKS, BOOK_RENDER_STALE_SECONDS=45)
def test_a_render_left_by_a_killed_worker_is_queued_again_by_the_next_request_and_then_rendered(client, catalogue):
    client.get(organisation_url())
    render = BookRender.objects.get()
    # A worker claimed it, then was killed: its heartbeat stopped 50 seconds ago.
    BookRender.objects.update(state=BookRender.State.RENDERING, updated_at=timezone.now() - timedelta(seconds=50))

    waiting = client.get(organisation_url())

    render.refresh_from_db()
    assert waiting.status_code == 202
    assert render.state == BookRender.State.QUEUED
    render_book(render.pk)  # the next worker takes it
    ready = client.get(organisation_url())
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"
    assert BookRender.objects.count() == 1


@override_settings(TASKS=DUMMY_TASKS, BOOK_RENDER_STALE_SECONDS=45)
def test_a_worker_finishing_a_book_queues_again_a_render_a_killed_worker_left(client, catalogue):
    from books.tasks import render_book_task

    client.get(organisation_url())
    dead = BookRender.objects.get()
    BookRender.objects.update(state=BookRender.State.RENDERING, updated_at=timezone.now() - timedelta(seconds=50))
    client.get(SELECTION, {"schil": "3"})
    other = BookRender.objects.get(kind=BookRender.Kind.SELECTION)

    assert render_book_task.call(other.pk) == BookRender.State.READY

    dead.refresh_from_db()
    assert dead.state == BookRender.State.QUEUED
    assert render_book_task.call(dead.pk) == BookRender.State.READY


@override_settings(TASKS=DUMMY_TASKS, BOOK_RENDER_STALE_SECONDS=45)
def test_a_render_with_a_live_heartbeat_is_left_to_its_worker(client, catalogue):
    client.get(organisation_url())
    BookRender.objects.update(state=BookRender.State.RENDERING, updated_at=timezone.now() - timedelta(seconds=20))

    assert client.get(organisation_url()).status_code == 202

    render = BookRender.objects.get()
    assert render.state == BookRender.State.RENDERING
    assert render_book(render.pk) is None  # a second worker cannot claim it


@override_settings(TASKS=DUMMY_TASKS, BOOK_RENDER_ISOLATED=True, BOOK_RENDER_HEARTBEAT_SECONDS=1)
def test_a_worker_touches_its_render_while_the_child_renders_and_leaves_no_temp_folder(
    catalogue, settings, monkeypatch
):
    render = request_book(organisation_book_spec("kleinggd", 2026))
    touched: list = []
    real = book_rendering.render_pdf_isolated

    def watched(html, *, heartbeat=None, label=""):
        def beat():
            heartbeat()
            touched.append(BookRender.objects.get(pk=render.pk).updated_at)

        return real(html, heartbeat=beat, label=label)

    monkeypatch.setattr(book_rendering, "render_pdf_isolated", watched)
    started = time.monotonic()

    # A killed worker's earlier attempt at this render left its folder; the new attempt removes it.
    left = Path(settings.BOOK_RENDER_TEMP_DIR) / f"boek-{render.pk}-vorige"
    left.mkdir(parents=True)
    (left / "boek.html").write_text("<p>x</p>")
    other = Path(settings.BOOK_RENDER_TEMP_DIR) / f"boek-{render.pk}0-ander"
    other.mkdir()

    done = render_book(render.pk)

    took = time.monotonic() - started
    assert done is not None and done.state == BookRender.State.READY
    assert took < 2 or len(touched) >= 1  # a render longer than a beat is touched while the child runs
    assert touched == sorted(touched)
    assert list(Path(settings.BOOK_RENDER_TEMP_DIR).iterdir()) == [other]  # another render's folder is kept


def test_the_render_child_stops_when_the_worker_that_started_it_is_gone(tmp_path):
    source = tmp_path / "boek.html"
    source.write_text("<p>Boek</p>", encoding="utf-8")

    with pytest.raises(CommandError, match="De worker die dit boek liet maken, is gestopt"):
        call_command("render_pdf", str(source), str(tmp_path / "boek.pdf"), parent_pid=os.getppid() + 999_999)

    assert not (tmp_path / "boek.pdf").exists()


# --- pruning ----------------------------------------------------------------------------------------


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_prune_books_removes_old_and_stale_renders_orphan_files_and_temp_folders(client, catalogue, settings):
    settings.BOOK_RENDER_KEEP_DAYS = 7
    client.get(organisation_url())  # current: kept
    current = BookRender.objects.get()
    client.get(SELECTION, {"schil": "3"})
    old_selection = BookRender.objects.get(kind=BookRender.Kind.SELECTION)
    BookRender.objects.filter(pk=old_selection.pk).update(finished_at=timezone.now() - timedelta(days=8))
    client.get(reverse("books:municipality", kwargs={"cbs_code": catalogue.municipalities[0].cbs_code, "year": 2026}))
    stale = BookRender.objects.get(kind=BookRender.Kind.MUNICIPALITY)
    BookRender.objects.filter(pk=stale.pk).update(fingerprint="0" * 40)  # rows changed since it was made
    dead = BookRender.objects.create(
        key="d" * 40, fingerprint="d" * 40, kind=BookRender.Kind.SELECTION, year=2026, filename="dood.pdf",
        query="jaar=2026&schil=1", state=BookRender.State.RENDERING,
    )  # fmt: skip
    BookRender.objects.filter(pk=dead.pk).update(updated_at=timezone.now() - timedelta(minutes=5))
    books = Path(settings.MEDIA_ROOT) / "boeken" / "2026" / "zz"
    books.mkdir(parents=True)
    orphan, fresh_orphan = books / "wees.pdf", books / "net-gemaakt.pdf"
    orphan.write_bytes(b"%PDF-")
    fresh_orphan.write_bytes(b"%PDF-")
    age(orphan, 2 * 3600)
    temp = Path(settings.BOOK_RENDER_TEMP_DIR)
    left, running = temp / "boek-achtergelaten", temp / "boek-bezig"
    for folder in (left, running):
        folder.mkdir(parents=True)
        (folder / "boek.html").write_text("<p>x</p>")
    age(left, settings.BOOK_RENDER_TIMEOUT + 120)

    call_command("prune_books", "--dry-run")
    assert BookRender.objects.count() == 4 and orphan.exists() and left.exists()

    out = io.StringIO()
    call_command("prune_books", stdout=out)

    assert list(BookRender.objects.all()) == [current]
    assert current.file.storage.exists(current.file.name)
    assert not old_selection.file.storage.exists(old_selection.file.name)
    assert not stale.file.storage.exists(stale.file.name)
    assert not orphan.exists() and fresh_orphan.exists()
    assert not left.exists() and running.exists()
    assert out.getvalue().splitlines() == [
        "Verwijderd: 3 gemaakte boeken",
        "Verwijderd: 1 PDF-bestanden zonder boek",
        "Verwijderd: 1 tijdelijke mappen",
    ]
    assert client.get(organisation_url()).status_code == 200  # the kept book is still served


def test_prune_books_keeps_a_recent_selection_and_a_recent_failure(client, catalogue):
    client.get(SELECTION, {"schil": "3"})
    failed = BookRender.objects.create(
        key="f" * 40, fingerprint="f" * 40, kind=BookRender.Kind.SELECTION, year=2026, filename="mislukt.pdf",
        query="jaar=2026&schil=1", state=BookRender.State.FAILED, error="x",
    )  # fmt: skip

    call_command("prune_books")

    assert BookRender.objects.count() == 2 and BookRender.objects.filter(pk=failed.pk).exists()


WORKER = """
import django, sys
django.setup()
from django.conf import settings
settings.BOOK_RENDER_ISOLATED = True
from books.rendering import render_book
render_book(int(sys.argv[1]))
"""


def database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def processes_using(folder: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(folder).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
@override_settings(TASKS=DUMMY_TASKS, BOOK_RENDER_STALE_SECONDS=2)
def test_a_worker_killed_mid_render_leaves_no_render_running_and_its_book_is_made_by_the_next(
    transactional_db, client, settings, tmp_path
):
    import signal
    import subprocess
    import sys

    make_book_catalogue(slug="kleinggd", name="GGD Kleinregio", units=2, products_per_unit=12, words=400, cbs_base=9700)
    assert client.get(organisation_url()).status_code == 202
    render = BookRender.objects.get()
    temp = Path(settings.BOOK_RENDER_TEMP_DIR)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "catalogue.test_settings",
        "DATABASE_URL": database_url(),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CATALOGUE_BOOK_TEMP_DIR": str(temp),
    }
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(render.pk)], env=env, cwd=settings.BASE_DIR)
    try:
        deadline = time.monotonic() + 60
        children: list[int] = []
        while time.monotonic() < deadline and not children:  # wait until WeasyPrint runs in its child
            folders = list(temp.glob(f"boek-{render.pk}-*"))
            children = processes_using(folders[0]) if folders else []
            time.sleep(0.1)
        assert children, "the worker never started its render child"
        render.refresh_from_db()
        assert render.state == BookRender.State.RENDERING

        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and processes_using(folders[0]):
            time.sleep(0.1)
        assert processes_using(folders[0]) == []  # the child died with its worker
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    time.sleep(2.5)  # no heartbeat since the kill
    assert client.get(organisation_url()).status_code == 202  # untouched too long: queued again
    render.refresh_from_db()
    assert render.state == BookRender.State.QUEUED
    assert render_book(render.pk) is not None  # the next worker
    response = client.get(organisation_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert list(temp.glob("boek-*")) == []


@override_settings(TASKS=DUMMY_TASKS)
def test_the_print_link_on_page_two_of_a_sorted_catalogue_carries_only_the_filters(client, db):
    import re

    make_book_catalogue(slug="kleinggd", name="GGD Kleinregio", units=2, products_per_unit=12, words=30, cbs_base=9700)
    page = client.get(reverse("services:product-list"), {"organisatie": "kleinggd", "pagina": "2", "sorteer": "titel"})
    assert page.status_code == 200
    links = re.findall(r'href="(/producten/selectie\.pdf[^"]*)"', page.content.decode())
    assert links == ["/producten/selectie.pdf?organisatie=kleinggd"]

    response = client.get(links[0].replace("&amp;", "&"))

    assert response.status_code == 202
    assert BookRender.objects.get().kind == BookRender.Kind.ORGANISATION


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"CATALOGUE_BOOK_QUEUE_LIMIT": "0"}, "CATALOGUE_BOOK_QUEUE_LIMIT must be at least 1"),
        ({"CATALOGUE_BOOK_RATE_LIMIT": "veel"}, "CATALOGUE_BOOK_RATE_LIMIT must be a whole number"),
        ({"CATALOGUE_BOOK_STALE_SECONDS": "15"}, "must be at least twice CATALOGUE_BOOK_HEARTBEAT_SECONDS"),
    ],
)
def test_bad_book_limit_settings_refuse_to_start(variables, message):
    import subprocess
    import sys

    from tests.catalogue.test_production import ROOT, clean_env

    env = clean_env(DJANGO_SETTINGS_MODULE="catalogue.settings", DJANGO_DEBUG="1", **variables)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert message in result.stderr
