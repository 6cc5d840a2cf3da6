#!/usr/bin/env python3
"""A bounded mixed load against gunicorn on PostgreSQL: public reads, API reads and admin edits at once.

    .venv/bin/python bench/load.py                                   # 50 clients, 10 of them editors
    .venv/bin/python bench/load.py --clients 50 --editors 10 --requests 20 --targets 3
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/catalogue_load

From a fresh clone: it (re)creates the database, migrates and loads the shipped catalogue
(bench.populate), starts the 2027 edition of Hecht with a concept copy of a few products (the edit
targets), creates a staff user per editor (role redacteur at Hecht), and starts gunicorn on 127.0.0.1
(the committed gunicorn.conf.py, production settings over plain HTTP, the response cache on).

Then --clients threads run at once. Readers fetch public pages and API answers. Editors log in to the
admin and, --requests times, open the change form of one of the --targets products, read the version it
carries (expected_version) and post the form back with a goal text of their own. Two editors on one
product at once: the second save must be refused (a conflict, expected) and say so.

It reports requests, errors (anything else than 200, 302 or a refused conflict; 5xx counted apart),
conflicts refused, saves, lost updates (a save whose text is neither in the product's final row nor in
its history) and history rows missing (a save without its own version in the history), and whether each
product's version moved up by exactly its number of saves. Exit status 1 if anything was lost or failed.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.web import OUT, PYTHON, Server, environment, populate  # noqa: E402

PASSWORD = "belasting-wachtwoord-2026"
CONFLICT = "Dit product is gewijzigd nadat u het opende"
MARKER = re.compile(r"belasting-\d+-\d+")


# Inside Django (subprocesses with the bench's environment) -----------------------------------------


def prepare(editors: int, targets: int) -> dict:
    """Staff users, the 2027 edition and the concept copies to edit; what the load needs to know."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from editorial.models import Role
    from editorial.operations import editions, roles
    from editorial.operations import products as editing
    from services.models import Edition, Organisation, Product

    User = get_user_model()
    root = User.objects.create_superuser("belasting-root", "root@example.org", PASSWORD)
    hecht = Organisation.objects.get(slug="hecht")
    source = Edition.objects.get(organisation=hecht, year=2026)
    new = editions.start_edition(user=root, source=source)
    staff = []
    for index in range(1, editors + 1):
        user = User.objects.create_user(f"belasting-redacteur-{index}", f"r{index}@example.org", PASSWORD)
        roles.save_role(user=root, role=Role(user=user, organisation=hecht, role=Role.Kind.EDITOR), units=[])
        staff.append(user.username)
    products = list(Product.objects.filter(edition=new).order_by("order", "pk")[:targets])
    drafts = [editing.start_edit(user=User.objects.get(username=staff[0]), product=p) for p in products]
    published = Product.objects.public().filter(edition=source).select_related("organisation").order_by("order").first()
    assert published is not None
    return {
        "editors": staff,
        "targets": {str(d.pk): d.version for d in drafts},
        "product_page": published.get_absolute_url(),
        "api_item": f"/api/v1/producten/{published.organisation.slug}/{published.slug}",
    }


def verify(saves: list[dict], targets: dict[str, int]) -> dict:
    """Every save's text in the final row or the history; versions moved up by the number of saves."""
    import django

    django.setup()
    from services.models import Product

    history = Product.history.model.objects
    lost = missing = 0
    per_product = Counter(save["product"] for save in saves)
    for save in saves:
        final = Product.objects.get(pk=save["product"])
        recorded = history.filter(id=save["product"], goal__contains=save["marker"]).exists()
        if not recorded:
            missing += 1
        if not recorded and save["marker"] not in final.goal:
            lost += 1
    versions_off = []
    for pk, initial in targets.items():
        final = Product.objects.get(pk=int(pk))
        if final.version - initial != per_product.get(int(pk), 0):
            versions_off.append((int(pk), initial, final.version, per_product.get(int(pk), 0)))
    return {"lost": lost, "history_missing": missing, "versions_off": versions_off}


def _inside(command: str, payload: dict, env: dict) -> dict:
    result = subprocess.run(
        [PYTHON, str(Path(__file__)), command],
        input=json.dumps(payload),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode:
        sys.exit(f"{command} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# The clients --------------------------------------------------------------------------------------


class ChangeForm(HTMLParser):
    """The fields of the admin's product form as a browser would post them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.inside = False
        self.textarea: str | None = None
        self.text: list[str] = []
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("id") == "product_form":
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = a["name"], []
        elif tag == "select" and a.get("name"):
            self.select, self.options = a["name"], []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected]
            for value in chosen:
                self.fields.append((self.select, value))
            self.select = None


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter = Counter()
        self.saves: list[dict] = []
        self.errors: list[str] = []
        self.latencies: list[float] = []

    def add(self, kind: str, seconds: float = 0.0) -> None:
        with self.lock:
            self.counts[kind] += 1
            if seconds:
                self.latencies.append(seconds)

    def error(self, what: str) -> None:
        with self.lock:
            self.counts["errors"] += 1
            if what.split()[0].startswith("5"):
                self.counts["5xx"] += 1
            if len(self.errors) < 20:
                self.errors.append(what)


def _get(session, base: str, path: str, tally: Tally, kind: str):
    started = time.perf_counter()
    try:
        response = session.get(base + path, timeout=60, allow_redirects=False)
    except Exception as error:  # a refused or timed-out connection is an error of the run
        tally.error(f"000 {path} {type(error).__name__}")
        return None
    tally.add("requests", time.perf_counter() - started)
    if response.status_code != 200:
        tally.error(f"{response.status_code} GET {path}")
        return None
    tally.add(kind)
    return response


def reader(base: str, paths: list[str], count: int, tally: Tally, seed: int) -> None:
    import requests

    rng = random.Random(seed)
    with requests.Session() as session:
        for _ in range(count):
            path = rng.choice(paths)
            _get(session, base, path, tally, "api reads" if path.startswith("/api/") else "public reads")


def editor(base: str, username: str, targets: list[int], count: int, tally: Tally, seed: int, barrier) -> None:
    import requests

    rng = random.Random(seed)
    with requests.Session() as session:
        login = _get(session, base, "/beheer/login/", tally, "admin reads")
        token = session.cookies.get("csrftoken", "")
        response = session.post(
            base + "/beheer/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/beheer/"},
            timeout=60,
            allow_redirects=False,
        )
        tally.add("requests")
        if login is None or response.status_code != 302:
            tally.error(f"{response.status_code} login {username}")
            barrier.wait()
            return
        barrier.wait()  # every editor starts editing together
        for index in range(count):
            pk = rng.choice(targets)
            path = f"/beheer/services/product/{pk}/change/"
            page = _get(session, base, path, tally, "admin reads")
            if page is None:
                continue
            form = ChangeForm()
            form.feed(page.text)
            marker = f"belasting-{seed}-{index}"
            data = [(name, value) for name, value in form.fields if name != "goal"]
            data += [("goal", f"Doel bij belasting: {marker}."), ("_save", "Opslaan")]
            time.sleep(rng.uniform(0, 0.3))  # an editor reads before saving
            started = time.perf_counter()
            try:
                response = session.post(base + path, data=data, timeout=60, allow_redirects=False)
            except Exception as error:
                tally.error(f"000 POST {path} {type(error).__name__}")
                continue
            tally.add("requests", time.perf_counter() - started)
            location = response.headers.get("Location", "")
            if response.status_code == 302 and location.rstrip("/").endswith("/beheer/services/product"):
                tally.add("saves")
                with tally.lock:
                    tally.saves.append({"product": pk, "marker": marker})
            elif response.status_code == 200 and CONFLICT in response.text:
                tally.add("conflicts refused")
            elif response.status_code == 302 and location.endswith(path):
                # The rare race between the form's check and the locked save: refused with a message.
                follow = session.get(base + location, timeout=60)
                tally.add("requests")
                if "Niet opgeslagen" in follow.text:
                    tally.add("conflicts refused")
                else:
                    tally.error(f"302 POST {path} to {location} without a message")
            else:
                said = re.findall(r'class="(?:errornote|errorlist)[^"]*"[^>]*>(.*?)</(?:p|ul)>', response.text, re.S)
                tally.error(
                    f"{response.status_code} POST {path} {' '.join(re.sub(r'<[^>]+>', ' ', ' '.join(said)).split())[:300]}"
                )
                (OUT / f"load-unexpected-{seed}-{index}.html").write_text(response.text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/catalogue_load")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (threads), editors included")
    parser.add_argument("--editors", type=int, default=10, help="how many of the clients edit in the admin")
    parser.add_argument("--requests", type=int, default=20, help="requests per reader, saves tried per editor")
    parser.add_argument("--targets", type=int, default=3, help="products the editors share (fewer: more conflicts)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", 4)))
    parser.add_argument("command", nargs="?", choices=["prepare", "verify"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.command == "prepare":
        payload = json.loads(sys.stdin.read())
        print(json.dumps(prepare(payload["editors"], payload["targets"])))
        return
    if args.command == "verify":
        payload = json.loads(sys.stdin.read())
        print(json.dumps(verify(payload["saves"], payload["targets"])))
        return

    if not args.database_url.startswith("postgres"):
        sys.exit("bench/load.py runs on PostgreSQL: pass --database-url postgres://…")
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SECURE_COOKIES"] = "0"  # plain HTTP on 127.0.0.1: session and CSRF cookies must travel
    database = OUT / "load.sqlite3"  # unused with PostgreSQL; bench.web wants a name for its logs
    print(f"Database {args.database_url.rsplit('/', 1)[1]}: migrate and load the catalogue …", flush=True)
    populate(database, 1, args.database_url)
    env = environment(database, args.database_url, cached=True)
    setup = _inside("prepare", {"editors": args.editors, "targets": args.targets}, env)
    targets = [int(pk) for pk in setup["targets"]]
    readers = args.clients - args.editors
    paths = [
        "/",
        "/producten/",
        "/producten/?gemeente=GM0513",
        "/producten/?q=tuberculose",
        setup["product_page"],
        "/gemeenten/GM0513/",
        "/api/v1/producten?gemeente=GM0513",
        "/api/v1/producten?organisatie=hecht&pageSize=50",
        setup["api_item"],
    ]

    server = Server(database, args.database_url, args.workers, cached=True)
    base = f"http://127.0.0.1:{server.port}"
    tally = Tally()
    barrier = threading.Barrier(args.editors)
    threads = [
        threading.Thread(target=editor, args=(base, name, targets, args.requests, tally, index, barrier))
        for index, name in enumerate(setup["editors"], start=1)
    ] + [
        threading.Thread(target=reader, args=(base, paths, args.requests, tally, 1000 + index))
        for index in range(readers)
    ]
    print(
        f"gunicorn with {args.workers} workers; {args.clients} clients at once: {readers} readers, "
        f"{args.editors} editors on {len(targets)} products …",
        flush=True,
    )
    started = time.perf_counter()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.stop()
    seconds = time.perf_counter() - started
    checked = _inside("verify", {"saves": tally.saves, "targets": setup["targets"]}, env)

    counts = tally.counts
    latencies = sorted(tally.latencies)
    p50 = latencies[len(latencies) // 2] * 1000 if latencies else 0
    p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0
    print(
        f"\n{seconds:.0f} s, {counts['requests']} requests ({counts['requests'] / seconds:.1f}/s), "
        f"p50 {p50:.0f} ms, p99 {p99:.0f} ms"
    )
    for name in ("public reads", "api reads", "admin reads", "saves", "conflicts refused", "errors", "5xx"):
        print(f"  {name:<20} {counts[name]}")
    print(f"  {'lost updates':<20} {checked['lost']}")
    print(f"  {'history rows missing':<20} {checked['history_missing']}")
    print(f"  {'versions off':<20} {len(checked['versions_off'])} {checked['versions_off'] or ''}")
    for line in tally.errors:
        print(f"  error: {line}")
    failed = counts["errors"] or checked["lost"] or checked["history_missing"] or checked["versions_off"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
