"""Several servers, one truth: two app servers (gunicorn) share one database and one Redis cache.

A page rendered by one server is served from the shared cache by the other; a change a superuser
saves in the admin of server A (in Chromium, clicking and typing) is what server B serves on its very
next request. The servers run the shipped catalogues from a database file of their own, so the test
needs no test transaction and runs the same on every machine; it needs Debian's ``redis-server`` (CI
installs it) or ``CATALOGUE_TEST_REDIS_URL`` pointing at a running one.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from services.public_cache import CACHE_STATUS_HEADER
from tests.browser import CHROMIUM, DESKTOP

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")
PASSWORD = "een-lang-wachtwoord-voor-beheer"
GUNICORN = [sys.executable, "-m", "gunicorn", "catalogue.wsgi:application", "--workers", "1", "--log-level", "warning"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
    pytest.mark.skipif(
        not (REDIS_SERVER or os.environ.get("CATALOGUE_TEST_REDIS_URL")),
        reason="redis-server ontbreekt — installeer het met: apt-get install redis-server",
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if url := os.environ.get("CATALOGUE_TEST_REDIS_URL"):
        yield url
        return
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def servers(tmp_path_factory, redis_url):
    """Two gunicorn servers, A and B, on one database file and one Redis; their base URLs."""
    database = tmp_path_factory.mktemp("shared") / "catalogus.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="catalogue.test_settings",
        SQLITE_PATH=str(database),
        CATALOGUE_CACHE_URL=redis_url,
        CATALOGUE_CACHE_PREFIX=f"test-{os.getpid()}",
        CATALOGUE_PUBLIC_CACHE_SECONDS="3600",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "-v0"], ["load_catalogue", "-v0"]):
        subprocess.run([*manage, *command], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "createsuperuser", "--noinput", "--username", "beheer", "--email", "beheer@example.org"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    processes, urls = [], []
    try:
        for _ in "AB":
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [*GUNICORN, "--bind", f"127.0.0.1:{port}"],
                    env=env,
                    cwd=ROOT,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            wait_for(url + "/gezondheid")
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)


def fetch(url: str) -> tuple[str, str]:
    """The page's text and whether it came from the cache (the header the catalogue sets).

    Both servers get the one public host name, as behind a load balancer (the cache keys include it).
    """
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode(), response.headers.get(CACHE_STATUS_HEADER, "")


def test_a_change_saved_through_one_server_is_served_by_the_other(browser, servers):
    a, b = servers
    # Rendered by A, served to B's visitor from the shared cache.
    first, status_a = fetch(a + "/wetten/")
    again, status_b = fetch(b + "/wetten/")
    assert (status_a, status_b) == ("miss", "hit")
    assert again == first
    assert "Wet publieke gezondheid" in again and "herzien 2027" not in again

    # A superuser renames the law in A's admin, as they would in a browser.
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(a + "/beheer/")
    page.get_by_label("Gebruikersnaam").fill("beheer")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/beheer/$"))
    page.goto(a + "/beheer/services/legalframework/?q=publieke")
    page.get_by_role("link", name=re.compile(r"^Wet publieke gezondheid")).first.click()
    name = page.get_by_label("Naam")
    name.fill(name.input_value() + " (herzien 2027)")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text("herzien 2027")
    context.close()

    # B's very next request renders the new name: the version advanced in the shared database.
    text, status = fetch(b + "/wetten/")
    assert status == "miss"
    assert "Wet publieke gezondheid (herzien 2027)" in text
    text, status = fetch(a + "/wetten/")
    assert status == "hit"
    assert "Wet publieke gezondheid (herzien 2027)" in text
