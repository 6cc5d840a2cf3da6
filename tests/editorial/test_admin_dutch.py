"""The admin in Dutch, the installed apps' screens too: the login lockout (django-axes), the task queue
(django-tasks-db), a record's history (django-simple-history), the product form and its unit picker.

The translations live in locale/nl (LOCALE_PATHS); app names and record names in catalogue.apps; the
labels those apps write as plain strings in catalogue.admin.
"""

import gettext
import re
import shutil
import subprocess
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from services.models import Product
from tests.editorial.test_admin import admin_url, one_of_everything, staff_client  # noqa: F401 (fixtures)
from tests.workflow import make_catalogue

# What these screens said in English before; none of it may come back.
ENGLISH = [
    "Axes",
    "Access attempt",
    "Access failure",
    "Access log",
    "Attempted Access",
    "Failed access",
    "Attempt Time",
    "Logout Time",
    "IP Address",
    "User Agent",
    "Failed Logins",
    "Form Data",
    "Meta Data",
    "Locked Out",
    "Attempt Remaining",
    "Clean up expired attempts",
    "Path",
    "Tasks Database Backend",
    "Task Result",
    "Task name",
    "Task path",
    "Enqueued at",
    "Started at",
    "Finished at",
    "Args kwargs",
    "Priority",
    "Queue name",
    "Worker id",
    "Backend name",
    "Run after",
    "Return value",
    "Exception class path",
    "Traceback",
    "Ready",
    "Running",
    "Successful",
    "object (",
    "Model name",
    "Add link",
    "Change or view list link",
    "Action",
    "Search",
    "View history",
    "Changed by",
    "Change reason",
    "After you’ve created a user",
]


class VisibleText(HTMLParser):
    """What a user reads or a screen reader says: text outside scripts and styles, plus alt, title,
    aria-label and placeholder attributes and the labels of buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self._hidden += 1
        for name in ("alt", "title", "aria-label", "placeholder"):
            if values.get(name):
                self.chunks.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.chunks.append(values["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.chunks.append(data.strip())


def english_on(content: bytes) -> list[str]:
    parser = VisibleText()
    parser.feed(content.decode())
    found = []
    for chunk in parser.chunks:
        found += [word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", chunk)]
        if chunk.startswith("By "):  # a list filter's heading ("Op ..." in Dutch)
            found.append(chunk)
    return found


@pytest.fixture
def lockout_and_tasks(one_of_everything):  # noqa: F811
    """A row on every lockout and task screen (django-tasks-db's queue, as in production)."""
    attempt = {"user_agent": "test", "ip_address": "127.0.0.2", "username": "y", "http_accept": "*/*"}
    AccessLog.objects.create(**attempt, path_info="/beheer/login/")
    AccessFailureLog.objects.create(**attempt, path_info="/beheer/login/", locked_out=True)
    return DBTaskResult.objects.create(
        task_path="books.tasks.render_book_task",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )


def test_the_lockout_task_queue_and_product_screens_speak_dutch(staff_client, lockout_and_tasks):  # noqa: F811
    concept = make_catalogue("nl").concept  # in a concept edition: the form has its pickers
    product = Product.objects.order_by("pk").first()
    pages = ["/beheer/", "/beheer/axes/", "/beheer/django_tasks_database/", "/beheer/auth/user/add/"]
    for model in (AccessAttempt, AccessFailureLog, AccessLog, DBTaskResult):
        pages += [admin_url(model, "changelist"), admin_url(model, "change", model.objects.order_by("pk").last().pk)]
    pages += [admin_url(Product, "changelist"), admin_url(Product, "change", concept.pk)]
    pages += [admin_url(Product, "history", product.pk)]
    english = {}
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        if found := english_on(response.content):
            english[url] = sorted(set(found))
    assert english == {}

    index = staff_client.get("/beheer/").content.decode()
    for name in (
        "Inlogbeveiliging",
        "Inlogpogingen",
        "Mislukte aanmeldingen",
        "Aanmeldingen",
        "Takenwachtrij",
        "Taken",
    ):
        assert f">{name}<" in index, name
    tasks = staff_client.get(admin_url(DBTaskResult, "changelist")).content.decode()
    for filter_title in ("Op status", "Op prioriteit", "Op wachtrij"):
        assert filter_title in tasks
    assert ">In de wachtrij<" in tasks and ">render_book_task<" in tasks
    attempts = staff_client.get(admin_url(AccessAttempt, "changelist")).content.decode()
    assert "Op geblokkeerd" in attempts and "4 poging(en) over" in attempts
    assert "Verlopen inlogpogingen opruimen" in attempts


def test_the_unit_picker_searches_and_answers_in_dutch(staff_client, db):  # noqa: F811
    catalogue = make_catalogue("nl")
    content = staff_client.get(admin_url(Product, "change", catalogue.concept.pk)).content.decode()
    assert re.search(r'<select name="unit"[^>]*class="admin-autocomplete"[^>]*lang="nl"', content)
    assert "admin/js/vendor/select2/i18n/nl.js" in content  # "Geen resultaten gevonden…", "Zoeken…"
    picked = staff_client.get(
        "/beheer/autocomplete/",
        {"app_label": "services", "model_name": "product", "field_name": "unit", "term": "Toezicht nl"},
    )
    assert [row["text"] for row in picked.json()["results"]] == ["Toezicht nl"]


def test_cleaning_up_expired_attempts_removes_them_and_says_so_in_dutch(staff_client, one_of_everything):  # noqa: F811
    fresh = AccessAttempt.objects.get()
    expired = AccessAttempt.objects.create(
        user_agent="test",
        ip_address="127.0.0.3",
        username="z",
        http_accept="*/*",
        path_info="/beheer/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    AccessAttempt.objects.filter(pk=expired.pk).update(attempt_time=timezone.now() - timedelta(hours=1))
    response = staff_client.post(
        admin_url(AccessAttempt, "changelist"),
        {"action": "cleanup_expired_attempts", "_selected_action": [fresh.pk]},
        follow=True,
    )
    assert "1 verlopen inlogpoging(en) opgeruimd." in response.content.decode()
    assert list(AccessAttempt.objects.all()) == [fresh]


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (gettext) is not installed")
def test_the_committed_dutch_catalogue_is_compiled_from_its_po(tmp_path):
    """After editing locale/nl/LC_MESSAGES/django.po, compile it: msgfmt -o django.mo django.po."""
    directory = Path(settings.LOCALE_PATHS[0]) / "nl" / "LC_MESSAGES"
    subprocess.run(["msgfmt", "--check", "-o", tmp_path / "django.mo", directory / "django.po"], check=True)
    with (tmp_path / "django.mo").open("rb") as fresh, (directory / "django.mo").open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
