"""Benchmark the verifiable random draw over a province-sized enterprise pool (issue 9, no. 5).

Run from the repository root: `.venv/bin/python bench/draws.py [--pool 100000] [--repeat 3]`.
No database: `fazhi.core.draws` is a pure module. A pool of enterprises (keys like credit codes)
in four risk grades is drawn by grade ratios (high 30%, medium-high 20%, medium 10%, low 5%),
as a target draw for one matter would be. Prints, best of R: building the canonical population
and its SM3 digest, the draw itself (seed, HMAC-SM3 per entry, ranking), and the replay that
the portal's "verify this draw" page runs from the published document; then one line of JSON.
"""

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fazhi.core.draws import (
    Entry,
    SampleRule,
    SizeRule,
    draw_compute,
    draw_document,
    draw_replay,
    population_canonical,
)

RATES = {"high": "0.30", "medium_high": "0.20", "medium": "0.10", "low": "0.05"}
GRADE_WEIGHTS = (5, 15, 50, 30)
PURPOSE = "规模测试：按风险等级抽取检查对象"
SEED_VALUE = "20221130-福彩3D-123"


def pool(size: int, seed: int) -> list[Entry]:
    rng = random.Random(seed)
    grades = rng.choices(list(RATES), GRADE_WEIGHTS, k=size)
    return [Entry(key=f"91990101{n:09d}X", stratum=grade) for n, grade in enumerate(grades)]


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    entries = pool(options.pool, options.seed)
    rule = SampleRule(strata={grade: SizeRule(rate=Decimal(rate)) for grade, rate in RATES.items()})

    canonical_s, canonical = best(options.repeat, lambda: population_canonical(entries))
    draw_s, result = best(
        options.repeat,
        lambda: draw_compute(
            population=canonical, seed_value=SEED_VALUE, purpose=PURPOSE, rule=rule
        ),
    )
    document = draw_document(
        purpose=PURPOSE,
        seed_rule="公告后首个福彩3D开奖号码",
        announced_at="2022-11-29T09:00:00+08:00",
        population=canonical,
        population_digest=result.population_digest,
        rule=rule,
        seed_value=SEED_VALUE,
        seed=result.seed,
        selected=result.selected,
        drawn_at="2022-11-30T21:30:00+08:00",
    )
    replay_s, report = best(options.repeat, lambda: draw_replay(document))

    verdict = "一致" if report.ok else "不一致"
    print(f"pool {options.pool:,} entries, {len(result.selected):,} drawn, replay {verdict}")
    print(f"  canonical population + digest {canonical_s:8.2f} s")
    print(f"  draw                          {draw_s:8.2f} s")
    print(f"  replay from the document      {replay_s:8.2f} s")
    print(
        json.dumps(
            {
                "pool": options.pool,
                "drawn": len(result.selected),
                "canonical_seconds": round(canonical_s, 3),
                "draw_seconds": round(draw_s, 3),
                "replay_seconds": round(replay_s, 3),
                "replay_matches": report.ok,
            }
        )
    )


if __name__ == "__main__":
    main()
