"""Benchmark the busiest list pages and API list endpoints under load (issue 9, benchmark 2).

Run from the repository root against a database holding the synthetic province
(`fazhi province_generate`, docs/performance.md); needs `wrk` (Debian package) and gunicorn:

    .venv/bin/python bench/lists_api.py [--seconds 15] [--clients 20] [--workers 4]

As county-scoped accounts of county 990101 (created on first use through the account services,
their initial password changed as the services require; passwords kept in var/bench-accounts.json):
the legal-service ledger page, the legal-aid case list page and API, the plan items of the
county market regulator's largest inspection plan, and the audit log (as an audit administrator,
with a confirmed authenticator: the audit log is not scoped by region). Each list is served by
gunicorn (as README.md deploys it: `-w 4`, sync workers) and loaded by wrk with `--clients`
connections for `--seconds`; then the same page of rows, fetched with `.values()` and answered as
JSON by a bare WSGI app under the same gunicorn (no middleware, no templates, no schemas), is
loaded the same way. Targets: p95 ≤ 200 ms; throughput ≥ 50% of the bare endpoint.

Also, in process: the SQL queries of one request of page 1 and of a deep page (wall time, query
count, whether the page is fetched with OFFSET). Prints a table, then one line of JSON.
"""

import argparse
import html
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
# The settings of the `fazhi` command that generated the data (its field keys), DEBUG off.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.local")
# Several workers share one cache, as README.md deploys them (the list counts, ADR 0014); set
# REDIS_URL to another server, or to "" for each worker's own memory.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")

import django  # noqa: E402

django.setup()

import pyotp  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fazhi.core.models import AuditLog, Organization, TotpDevice, User  # noqa: E402
from fazhi.core.roles import Role  # noqa: E402
from fazhi.core.services.accounts import (  # noqa: E402
    api_token_issue,
    membership_grant,
    user_change_password,
    user_create,
)
from fazhi.core.services.mfa import totp_device_begin, totp_device_confirm  # noqa: E402
from fazhi.core.sessions import LOGIN_AT_KEY  # noqa: E402
from fazhi.inspections.models import InspectionPlan, PlanItem  # noqa: E402
from fazhi.legalservice.models import LegalAidApplication, LegalService  # noqa: E402

# Each worker compiles its templates on first use (about 2 s of CPU for a page type here).
WARM_UP_SECONDS = 5
ACCOUNTS_FILE = ROOT / "var" / "bench-accounts.json"
JUSTICE_UNIT = "s990101-justice"
MARKET_UNIT = "s990101-market"
# (username, full name, organization, role)
ACCOUNTS = {
    "ledger": ("bench-lists-legal", "规模测试法律服务科", JUSTICE_UNIT, Role.BUREAU_LEGAL_SERVICE),
    "plans": ("bench-lists-market", "规模测试市场监管法制员", MARKET_UNIT, Role.DEPARTMENT),
    "audit": ("bench-lists-audit", "规模测试审计管理员", JUSTICE_UNIT, Role.AUDIT_ADMIN),
}
LEDGER_FIELDS = (
    "served_on",
    "kind",
    "channel",
    "station__name",
    "station__region__parent__name",
    "person_name",
    "person_phone",
    "subject",
    "outcome",
)
AID_FIELDS = (
    "id",
    "received_on",
    "applicant_name",
    "id_number",
    "region__code",
    "region__name",
    "region__parent__name",
    "channel",
    "kind",
    "matter",
    "green_channel",
    "status",
    "decision_due_on",
    "decided_on",
    "assignment_due_on",
    "assigned_on",
    "closed_on",
    "notice_number",
    "terminated_on",
    "assignee_name",
    "subsidy_amount",
)
PLAN_ITEM_FIELDS = (
    "enterprise__name",
    "enterprise__uscc",
    "matter__name",
    "method",
    "window_start",
    "window_end",
    "joint_inspection_id",
)
AUDIT_FIELDS = (
    "occurred_at",
    "username",
    "ip_address",
    "event",
    "object_repr",
    "success",
    "message",
)


# Accounts and credentials -------------------------------------------------------------------


def _passwords() -> dict[str, str]:
    return json.loads(ACCOUNTS_FILE.read_text()) if ACCOUNTS_FILE.exists() else {}


def _passwords_save(passwords: dict[str, str]) -> None:
    ACCOUNTS_FILE.parent.mkdir(exist_ok=True)
    ACCOUNTS_FILE.write_text(json.dumps(passwords, indent=1))
    ACCOUNTS_FILE.chmod(0o600)


def account(key: str) -> tuple[User, str]:
    """The bench account `key` (created once, its initial password changed) and its password."""
    username, full_name, unit, role = ACCOUNTS[key]
    passwords = _passwords()
    user = User.objects.filter(username=username).first()
    if user is not None:
        if username not in passwords:
            raise SystemExit(f"{username} exists but its password is not in {ACCOUNTS_FILE}")
        return user, passwords[username]
    initial, password = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    user = user_create(acting_user=None, username=username, full_name=full_name, password=initial)
    membership_grant(
        acting_user=None, user=user, organization=Organization.objects.get(code=unit), role=role
    )
    user = user_change_password(user=user, old_password=initial, new_password=password)
    if user.mfa_required():
        device = totp_device_begin(user=user)
        totp_device_confirm(user=user, code=pyotp.TOTP(device.secret).now())
    passwords[username] = password
    _passwords_save(passwords)
    return user, password


_SESSIONS: list[str] = []


def session_cookie(user: User) -> str:
    """A logged-in session of `user`, as django.contrib.auth.login and core.sessions leave it."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[LOGIN_AT_KEY] = int(time.time())
    store.create()
    assert store.session_key is not None
    _SESSIONS.append(store.session_key)
    return f"Cookie: {settings.SESSION_COOKIE_NAME}={store.session_key}"


def bearer(user: User, password: str) -> str:
    otp = None
    if TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists():
        otp = pyotp.TOTP(TotpDevice.objects.get(user=user).secret).now()
    raw, _ = api_token_issue(username=user.username, password=password, otp=otp)
    return f"Authorization: Bearer {raw}"


# The bare endpoints ---------------------------------------------------------------------------


def _page(environ: dict[str, Any], per_page: int) -> tuple[int, int]:
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if "offset" in query:
        return int(query["offset"][0]), int(query.get("limit", [per_page])[0])
    return (int(query.get("page", ["1"])[0]) - 1) * per_page, per_page


_BARE_USERS: dict[str, User] = {}


def _bare_rows(path: str, environ: dict[str, Any]) -> list[dict[str, Any]]:
    if not _BARE_USERS:  # once per worker: the bare endpoint does no authentication
        _BARE_USERS["ledger"] = User.objects.get(username=ACCOUNTS["ledger"][0])
    users = _BARE_USERS
    if path == "/bare/ledger":
        offset, limit = _page(environ, 20)
        ledger = LegalService.objects.visible_to(users["ledger"]).order_by("-served_on", "-pk")
        return list(ledger.values(*LEDGER_FIELDS)[offset : offset + limit])
    if path == "/bare/aid":
        offset, limit = _page(environ, 20)
        aid = LegalAidApplication.objects.visible_to(users["ledger"])
        aid = aid.order_by("-received_on", "-pk")
        return list(aid.values(*AID_FIELDS)[offset : offset + limit])
    if path.startswith("/bare/plan/"):
        offset, limit = _page(environ, 50)
        items = PlanItem.objects.filter(plan_id=int(path.rsplit("/", 1)[1]))
        items = items.order_by("window_start", "enterprise__name")
        return list(items.values(*PLAN_ITEM_FIELDS)[offset : offset + limit])
    if path == "/bare/audit":
        offset, limit = _page(environ, 20)
        audit = AuditLog.objects.order_by("-occurred_at", "-pk")
        return list(audit.values(*AUDIT_FIELDS)[offset : offset + limit])
    raise LookupError(path)


def bare_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The same page of rows with `.values()`, as JSON: no middleware, no template, no schema."""
    try:
        rows = _bare_rows(environ["PATH_INFO"], environ)
    except LookupError:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    body = json.dumps(rows, default=str, ensure_ascii=False).encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


# Serving and loading -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """gunicorn serving `app` on loopback, as long as the `with` block runs."""

    def __init__(self, app: str, workers: int) -> None:
        self.port = _free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.command = [
            str(gunicorn),
            app,
            f"--workers={workers}",
            f"--bind=127.0.0.1:{self.port}",
            f"--pythonpath={ROOT / 'src'},{ROOT / 'bench'}",
            "--log-level=warning",
        ]
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(self.command, cwd=ROOT)  # noqa: S603 (our own command)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not start: {' '.join(self.command)}")

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=30)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def http_status(url: str, credential: str) -> int:
    import urllib.request

    name, value = credential.split(": ", 1)
    request = urllib.request.Request(url, headers={name: value})  # noqa: S310 (loopback http)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def load(url: str, credentials: list[str], *, clients: int, seconds: int) -> dict[str, Any]:
    """Load `url` with wrk: with `clients` connections for `seconds`: requests/s, p50, p95."""
    environment = {**os.environ, "BENCH_AUTH": "\n".join(credentials)}
    threads = min(2, clients)
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout=10s"]
    command += ["-s", str(ROOT / "bench" / "lists_api.lua"), url]
    output = subprocess.run(  # noqa: S603 (our own command)
        command, env=environment, capture_output=True, text=True, check=True
    )
    summary = json.loads(output.stdout.strip().splitlines()[-1])
    errors = sum(summary[name] for name in summary if name.startswith("errors_"))
    return {
        "rps": summary["requests"] / (summary["duration_us"] / 1e6),
        "p50_ms": summary["p50_us"] / 1000,
        "p95_ms": summary["p95_us"] / 1000,
        "errors": errors,
    }


# In-process query counts ---------------------------------------------------------------------


def one_request(path: str, credential: str, *, show_sql: bool = False) -> dict[str, Any]:
    """One request in process, after a warm-up: status, wall time, queries, OFFSET used."""
    name, value = credential.split(": ", 1)
    header = {"HTTP_" + name.upper().replace("-", "_"): value, "HTTP_HOST": "127.0.0.1"}
    client = Client()
    for _ in range(3):
        client.get(path, **header)  # type: ignore[arg-type]
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path, **header)  # type: ignore[arg-type]
        wall = time.perf_counter() - started
    sql = [query["sql"] for query in captured.captured_queries]
    if show_sql:
        print(f"-- {path}: {response.status_code}, {wall * 1000:.0f} ms")
        for query in captured.captured_queries:
            print(f"{float(query['time']) * 1000:>7.1f} ms  {query['sql'][:400]}")
    return {
        "status": response.status_code,
        "ms": round(wall * 1000, 1),
        "queries": len(sql),
        "offset": any(" OFFSET " in statement for statement in sql),
        "sql_ms": round(sum(float(query["time"]) for query in captured.captured_queries) * 1000, 1),
    }


def keyset_path(path: str, credential: str, page: int) -> str:
    """The link to page `page` on the page before it: with its cursor (core.pagination)."""
    name, value = credential.split(": ", 1)
    header = {"HTTP_" + name.upper().replace("-", "_"): value, "HTTP_HOST": "127.0.0.1"}
    separator = "&" if "?" in path else "?"
    if page <= 1:
        return f"{path}{separator}page={page}"
    before = Client().get(f"{path}{separator}page={page - 1}", **header)  # type: ignore[arg-type]
    links = re.findall(r'href="\?([^"]*)"', before.content.decode())
    for link in (html.unescape(link) for link in links):
        query = parse_qs(link)
        if query.get("page") == [str(page)] and "cursor" in query:
            return f"{path.split('?')[0]}?{link}"
    return f"{path}{separator}page={page}"


def deep_path_by_key(target: "Target") -> str:
    """The deep page as a user reaches it: from the page before, by its link (or API cursor)."""
    path, _, query = target.deep_path.partition("?")
    params = parse_qs(query)
    credential = target.credentials[0]
    if "offset" in params:
        return api_keyset_path(path, credential, int(params["offset"][0]))
    return keyset_path(path, credential, int(params["page"][0]))


def api_keyset_path(path: str, credential: str, offset: int) -> str:
    """The API window at `offset` asked for with the cursor of the window before it."""
    name, value = credential.split(": ", 1)
    header = {"HTTP_" + name.upper().replace("-", "_"): value, "HTTP_HOST": "127.0.0.1"}
    before = Client().get(path, {"offset": max(offset - 20, 0)}, **header)  # type: ignore[arg-type]
    cursor = before.json().get("next_cursor")
    return f"{path}?offset={offset}&cursor={cursor}" if cursor else f"{path}?offset={offset}"


# The lists -------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    path: str
    bare: str
    credentials: list[str]
    deep_path: str
    deep_bare: str
    figures: dict[str, Any] = field(default_factory=dict)


def _largest_plan(user: User) -> InspectionPlan:
    plans = InspectionPlan.objects.visible_to(user).filter(organization__code=MARKET_UNIT)
    return plans.annotate(size=Count("items")).order_by("-size").first()  # type: ignore[return-value]


def targets(clients: int) -> list[Target]:
    legal, legal_password = account("ledger")
    market, _ = account("plans")
    auditor, _ = account("audit")
    legal_sessions = [session_cookie(legal) for _ in range(clients)]
    token = bearer(legal, legal_password)
    plan = _largest_plan(market)
    services = LegalService.objects.visible_to(legal).count()
    cases = LegalAidApplication.objects.visible_to(legal).count()
    items = plan.items.count()
    audit_rows = AuditLog.objects.count()
    ledger_deep, aid_deep = min(1000, services // 20), max(cases // 20, 1)
    items_deep, audit_deep = max((items + 49) // 50, 1), max((audit_rows + 19) // 20, 1)
    return [
        Target(
            f"ledger page ({services:,} rows)",
            "/legalservice/services/",
            "/bare/ledger",
            legal_sessions,
            f"/legalservice/services/?page={ledger_deep}",
            f"/bare/ledger?page={ledger_deep}",
        ),
        Target(
            f"aid page ({cases:,} cases)",
            "/legalservice/aid/",
            "/bare/aid",
            legal_sessions,
            f"/legalservice/aid/?page={aid_deep}",
            f"/bare/aid?page={aid_deep}",
        ),
        Target(
            f"aid API ({cases:,} cases)",
            "/api/v1/legalservice/aid/",
            "/bare/aid",
            [token],
            f"/api/v1/legalservice/aid/?offset={(aid_deep - 1) * 20}",
            f"/bare/aid?offset={(aid_deep - 1) * 20}",
        ),
        Target(
            f"plan items ({items:,} in plan {plan.pk})",
            f"/inspections/plans/{plan.pk}/",
            f"/bare/plan/{plan.pk}",
            [session_cookie(market) for _ in range(clients)],
            f"/inspections/plans/{plan.pk}/?page={items_deep}",
            f"/bare/plan/{plan.pk}?page={items_deep}",
        ),
        Target(
            f"audit log ({audit_rows:,} rows)",
            "/audit/",
            "/bare/audit",
            [session_cookie(auditor) for _ in range(clients)],
            f"/audit/?page={audit_deep}",
            f"/bare/audit?page={audit_deep}",
        ),
    ]


def report(lists: list[Target], options: argparse.Namespace) -> None:
    print(
        f"{'list':<34}{'req/s':>7}{'p50':>7}{'p95':>7}{'bare/s':>8}{'bare95':>7}{'ratio':>6}"
        f"{'q':>4}{'ms':>6}{'bare':>5}{'deep q':>7}{'ms':>6}{'bare':>5}  offset"
    )
    for target in lists:
        f = target.figures
        page, deep, bare = f["page"], f["deep"], f["bare"]
        print(
            f"{target.name:<34}{page['rps']:>7.1f}{page['p50_ms']:>7.0f}{page['p95_ms']:>7.0f}"
            f"{bare['rps']:>8.1f}{bare['p95_ms']:>7.0f}{f['ratio']:>6.2f}"
            f"{f['query']['queries']:>4}{f['query']['ms']:>6.0f}{f['bare_ms']:>5.0f}"
            f"{deep['queries']:>7}{deep['ms']:>6.0f}{f['bare_deep_ms']:>5.0f}  {deep['offset']}"
        )
    print("req/s, p50, p95 (ms): the page under load; bare/s, bare95: the bare endpoint;")
    print("q, ms, bare: queries and ms of one page-1 request in process, and of the bare page;")
    print("deep: the same for the last page (the ledger: page 1000), reached by the link of the")
    print("page before it (the API: by its next_cursor); offset: the deep page uses OFFSET")
    loads = ", ".join(f"{target.figures['load_before']:.2f}" for target in lists)
    print(f"{options.clients} clients, {options.seconds} s each;")
    print(f"{options.workers} gunicorn sync workers; 1-min load average before each list: {loads}")
    print(
        json.dumps(
            {
                "clients": options.clients,
                "seconds": options.seconds,
                "workers": options.workers,
                "load_average": [round(value, 2) for value in os.getloadavg()],
                "lists": {target.path: {"name": target.name, **target.figures} for target in lists},
            },
            default=str,
        )
    )


def _bare_ms(path: str) -> float:
    environ = {"PATH_INFO": path.split("?")[0], "QUERY_STRING": path.partition("?")[2]}
    started = time.perf_counter()
    bare_app(environ, lambda *args: None)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--only", default="", help="run only the lists whose path contains this")
    parser.add_argument("--sql", action="store_true", help="print the queries of page 1 and stop")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    try:
        measure(options)
    finally:  # the bench's sessions end with it
        SessionStore.get_model_class().objects.filter(session_key__in=_SESSIONS).delete()


def measure(options: argparse.Namespace) -> None:
    lists = [target for target in targets(options.clients) if options.only in target.path]
    if options.sql:
        for target in lists:
            target.deep_path = deep_path_by_key(target)
            one_request(target.path, target.credentials[0], show_sql=True)
            one_request(target.deep_path, target.credentials[0], show_sql=True)
        return
    for target in lists:
        target.deep_path = deep_path_by_key(target)
    for target in lists:
        first = target.credentials[0]
        target.figures["query"] = one_request(target.path, first)
        target.figures["deep"] = one_request(target.deep_path, first)
        _bare_ms(target.bare)
        target.figures["bare_ms"] = round(_bare_ms(target.bare), 1)
        target.figures["bare_deep_ms"] = round(_bare_ms(target.deep_bare), 1)
        target.figures["deep_path"] = target.deep_path
        assert target.figures["query"]["status"] == 200, (target.path, target.figures)
    # Both servers run at once (the idle one costs nothing), so that each page and its bare
    # endpoint are loaded one after the other, under the same load from other jobs.
    with (
        Server("fazhi.wsgi:application", options.workers) as product,
        Server("lists_api:bare_app", options.workers) as bare,
    ):
        for target in lists:
            assert http_status(product.url(target.path), target.credentials[0]) == 200
            assert http_status(bare.url(target.bare), "X-Bench: bare") == 200
            # Warm every worker (templates, imports, connections) before measuring.
            warm = {"clients": options.clients, "seconds": WARM_UP_SECONDS}
            load(product.url(target.path), target.credentials, **warm)
            load(bare.url(target.bare), [], **warm)
            target.figures["load_before"] = round(os.getloadavg()[0], 2)
            target.figures["page"] = load(
                product.url(target.path),
                target.credentials,
                clients=options.clients,
                seconds=options.seconds,
            )
            target.figures["bare"] = load(
                bare.url(target.bare), [], clients=options.clients, seconds=options.seconds
            )
            target.figures["ratio"] = target.figures["page"]["rps"] / target.figures["bare"]["rps"]
    report(lists, options)


if __name__ == "__main__":
    main()
