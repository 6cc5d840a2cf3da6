"""Security basics: the deploy check, headers, CSP, login lockout without account enumeration."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_the_deploy_check_with_production_settings_reports_nothing(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SQLITE_PATH", "CATALOGUE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="catalogue.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="catalogus.example.nl",
        SQLITE_PATH=str(tmp_path / "deploy.sqlite3"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_pages_carry_a_content_security_policy_without_unsafe_inline_and_the_security_headers(client):
    response = client.get("/beheer/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_production_cookies_and_hsts_come_from_the_environment_defaults():
    # The test settings run with DEBUG off, so these are the production defaults.
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.parametrize("password", ["kort1", "password1234", "123456789012345", "medewerker-lang"])
def test_weak_passwords_are_refused(db, password):
    user = UserFactory.build(username="medewerker-lang")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def login(client, username: str, password: str, **meta: str):
    return client.post("/beheer/login/", {"username": username, "password": password, "next": "/beheer/"}, **meta)


def test_the_admin_login_locks_out_after_repeated_failures_even_with_the_right_password(db, client):
    UserFactory(username="redacteur", password="het-juiste-wachtwoord-42", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "redacteur", "fout").status_code == 200
    assert login(client, "redacteur", "fout").status_code == 429
    response = login(client, "redacteur", "het-juiste-wachtwoord-42")
    assert response.status_code == 429
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_behind_an_unconfigured_proxy_a_forged_forwarded_address_is_ignored(db, client):
    """Without DJANGO_TRUSTED_PROXY_COUNT the lockout keys on the connection's address, never on a header."""
    UserFactory(username="slachtoffer", password="het-juiste-wachtwoord-42", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "slachtoffer", "fout", REMOTE_ADDR="62.45.10.20", HTTP_X_FORWARDED_FOR="81.2.69.142")

    # The victim's own address was never the one failing: they log in.
    response = login(client, "slachtoffer", "het-juiste-wachtwoord-42", REMOTE_ADDR="81.2.69.142")
    assert response.status_code == 302


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_added(db, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="medewerker", password="het-juiste-wachtwoord-42", is_staff=True)
    # An attacker behind the proxy forges a first address; the proxy appends the real one.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "medewerker", "fout", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="81.2.69.142, 62.45.10.20")

    locked = login(
        client, "medewerker", "het-juiste-wachtwoord-42", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="62.45.10.20"
    )
    victim = login(
        client, "medewerker", "het-juiste-wachtwoord-42", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="81.2.69.142"
    )
    assert locked.status_code == 429
    assert victim.status_code == 302


def test_a_lockout_does_not_tell_whether_the_account_exists(db, client):
    UserFactory(username="bestaat", password="het-juiste-wachtwoord-42", is_staff=True)
    answers = []
    for username in ("bestaat", "bestaat-niet"):
        first = login(client, username, "fout")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            last = login(client, username, "fout")
        answers.append((first.status_code, last.status_code, last.content.decode()))
    assert answers[0] == answers[1]
    assert answers[0][1] == 429


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(db, client):
    UserFactory(username="bestaat", password="het-juiste-wachtwoord-42", is_staff=True)
    wrong_password = login(client, "bestaat", "fout").context["form"].errors
    unknown_user = login(client, "onbekend", "fout").context["form"].errors
    assert wrong_password == unknown_user


def test_a_correct_login_after_a_few_failures_still_works(db, client):
    UserFactory(username="redacteur", password="het-juiste-wachtwoord-42", is_staff=True)
    login(client, "redacteur", "fout")
    response = login(client, "redacteur", "het-juiste-wachtwoord-42")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_only_the_api_documentation_page_relaxes_the_style_policy(client, db):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "'unsafe-inline'" in docs["Content-Security-Policy"].split("style-src")[1].split(";")[0]
    assert "unsafe-inline" not in docs["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert "unsafe-inline" not in client.get("/api/v1/organisaties")["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/", "/producten/", "/producten/?q=tuberculose", "/gemeenten/", "/wetten/"])
def test_public_pages_run_only_script_files_so_a_shared_cached_page_needs_no_nonce(client, catalogue, url):
    # Cached public pages are served to many visitors (services.public_cache): an inline script would
    # need a per-response nonce, which a shared page cannot carry. 'self' scripts need none.
    response = client.get(url)
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts), scripts
    assert "<style" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
