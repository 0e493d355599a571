"""Benchmark exporting a million filtered rows of the legal-service ledger (issue 9, benchmark 4).

Run from the repository root against a database holding the synthetic province
(`fazhi province_generate`, docs/performance.md):

    DATABASE_URL=… .venv/bin/python bench/export.py [--query 'year=2022&kind=consultation']
        [--small-query 'year=2022&kind=consultation&channel=online'] [--formats csv,xlsx]

As a province-scoped legal-service account (a bureau at the province's region, created on first
use through the directory and account services), the ledger list `/legalservice/services/` with
`--query` is exported as a background job, the path the "导出" button takes past the threshold:
`export_job_start` queues the job and `export_job_run` re-runs the ledger view, which streams
the rows into the file (here in this process: EXPORT_JOB_RUNNER "inline"). Each format runs in
a fresh child process, so its memory is its own: wall time, rows, rows/s, file size, the
resident set before the export (Django loaded, URLs resolved) and its peak (VmHWM from
/proc/self/status, and ru_maxrss). `--small-query` (about a tenth of the rows) runs too: flat
memory means the same peak for both. Prints a table, then one line of JSON.
"""

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
# The settings of the `fazhi` command that generated the data (its field keys), DEBUG off.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.urls import resolve  # noqa: E402

from fazhi.core.models import ExportJob, Organization, Region, User  # noqa: E402
from fazhi.core.roles import Role  # noqa: E402
from fazhi.core.services.accounts import membership_grant, user_create  # noqa: E402
from fazhi.core.services.directory import organization_create  # noqa: E402
from fazhi.core.services.exports import export_job_start  # noqa: E402

LEDGER_PATH = "/legalservice/services/"
PROVINCE_REGION = "990000000000"
BUREAU_CODE = "s99-bench-justice"
USERNAME = "bench-export-province"


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise KeyError(field)


def province_account() -> User:
    """The province-scoped legal-service account (created once, with its bureau)."""
    user = User.objects.filter(username=USERNAME).first()
    if user is not None:
        return user
    bureau = Organization.objects.filter(code=BUREAU_CODE).first() or organization_create(
        acting_user=None,
        code=BUREAU_CODE,
        name="规模测试省司法厅",
        kind=Organization.Kind.DEPARTMENT,
        region=Region.objects.get(code=PROVINCE_REGION),
        is_bureau=True,
    )
    user = user_create(
        acting_user=None,
        username=USERNAME,
        full_name="规模测试省级法律服务",
        password=secrets.token_urlsafe(24),
    )
    membership_grant(
        acting_user=None, user=user, organization=bureau, role=Role.BUREAU_LEGAL_SERVICE
    )
    return user


def child(export_format: str, query: str) -> dict[str, Any]:
    """One export in this (fresh) process; its figures as a dict."""
    settings.EXPORT_JOB_RUNNER = "inline"
    user = province_account()
    resolve(LEDGER_PATH)
    baseline = _status_kib("VmRSS")
    started = time.perf_counter()
    job = export_job_start(
        acting_user=user,
        path=LEDGER_PATH,
        query=query,
        title="法律服务台账",
        export_name="法律服务台账",
        filters=query,
        format=export_format,
        rows_total=0,
    )
    seconds = time.perf_counter() - started
    job = ExportJob.objects.get(pk=job.pk)
    if job.status != ExportJob.Status.DONE:
        raise SystemExit(f"export failed: {job.error}")
    size = job.size
    job.file.delete(save=False)
    return {
        "format": export_format,
        "query": query,
        "rows": job.rows_total,
        "seconds": round(seconds, 1),
        "rows_per_second": round(job.rows_total / seconds),
        "file_mb": round(size / 2**20, 1),
        "baseline_rss_mb": round(baseline / 1024, 1),
        "peak_rss_mb": round(_status_kib("VmHWM") / 1024, 1),
        "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--query", default="year=2022&kind=consultation")
    parser.add_argument("--small-query", default="year=2022&kind=consultation&channel=online")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "QUERY"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(*options.child)))
        return
    runs = []
    for query in (options.small_query, options.query):
        for export_format in options.formats.split(","):
            output = subprocess.run(  # noqa: S603 (this script, our own arguments)
                [sys.executable, __file__, "--child", export_format, query],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))
    print(
        f"{'format':<7}{'rows':>10}{'s':>8}{'rows/s':>9}{'file MB':>9}"
        f"{'RSS before':>12}{'peak RSS':>10}  query"
    )
    for run in runs:
        print(
            f"{run['format']:<7}{run['rows']:>10,}{run['seconds']:>8.1f}"
            f"{run['rows_per_second']:>9,}{run['file_mb']:>9.1f}"
            f"{run['baseline_rss_mb']:>10.1f}MB{run['peak_rss_mb']:>8.1f}MB  {run['query']}"
        )
    print(json.dumps({"exports": runs}, ensure_ascii=False))


if __name__ == "__main__":
    main()
