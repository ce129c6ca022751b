"""Benchmark: `washer wash` on a 1,000,000-row extract, CSV in and CSV out.

Baselines measured in the same run, on the same file:

* polars pass-through: read the CSV (all strings) and write it back; the floor for any tool
  that reads and writes the file. Target: the wash takes at most 3x this.
* naive row-by-row Faker: read rows with the csv module, seed Faker per person, one Faker call
  for each of the six obvious fields (id, first name, last name, phone, e-mail, address),
  write rows. It does far less than the wash (no free text, no dates, no employers, no
  consistency across spellings) and is measured on --baseline-rows rows and extrapolated
  linearly (it is linear). Target: the wash is at least 10x faster while doing the whole job.

The wash's own steps (reading and checking the inputs, building the run's tables, the row
pass) are printed with their wall and CPU time, to show where the time goes.

Each measurement runs in its own child process, which reports its wall time, its CPU time
(user + system, all threads) and its peak memory (resource.getrusage maxrss). Target: the
wash's peak stays under 4 GiB. The targets are wall-time ratios; the CPU ratios are printed
too because on a shared machine they move less with the load of other processes.

Every child runs with the allocator settings washer itself asks for (washer._allocator), so
the pass-through and the wash compare work, not allocator settings (the pass-through allocates
once and barely notices them).

The wash uses rules/innreise.toml; ``--rules FILE`` washes with another rule file instead (the
same extract's columns), to see what a rule costs: the default rules with the six free-text
columns dropped instead of scrubbed, say.

``--repeat N`` washes N times, each wash between two pass-throughs, and reports the run with
the median ratio (of an even number, the higher of the two middle ones, so as not to flatter)
with every run's ratio: on a noisy machine one run moves by 10% or more.

    .venv/bin/python benchmarks/bench_wash.py [--rows N] [--baseline-rows N] [--stream]
                                              [--rules FILE] [--repeat N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from _extract import write_extract

ROOT = Path(__file__).resolve().parents[1]

_REPORT = """
import json, resource, sys, time
t0 = time.perf_counter()
{body}
elapsed = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = usage.ru_maxrss * 1024  # Linux: KiB
cpu = usage.ru_utime + usage.ru_stime  # every thread of the process
print(json.dumps({{"seconds": elapsed, "peak_bytes": peak, "cpu": cpu,
                  "steps": globals().get("steps", [])}}))
"""

PASS_THROUGH = """
import polars as pl
pl.read_csv(sys.argv[1], infer_schema=False).write_csv(sys.argv[2])
"""

WASH = """
from pathlib import Path
import datetime as dt
from washer.keys import Key
from washer.wash import WashOptions, publish_unaudited, wash
# The pre-publication audit is timed by bench_audit.py; this measures the wash itself.
steps = []  # (step, wall seconds at its start, CPU seconds at its start)
def progress(step):
    steps.append((step.split(" /")[0], time.perf_counter() - t0, time.process_time()))
wash([Path(sys.argv[1])], WashOptions(
    rules=Path(sys.argv[3]), key=Key(bytes(range(32))), out_dir=Path(sys.argv[2]),
    reference_date=dt.date(2024, 5, 17), stream=sys.argv[4] == "stream",
    before_publish=publish_unaudited, progress=progress))
progress("done")
"""

FAKER_ROWS = """
import csv, hashlib
from faker import Faker
fake = Faker("no_NO")
fields = {"p_unique_id", "p_first_name", "p_last_name", "p_phone", "p_email",
          "a_location_address"}
with open(sys.argv[1], newline="", encoding="utf-8") as src, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as dst:
    reader = csv.DictReader(src)
    writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
    writer.writeheader()
    for n, row in enumerate(reader):
        if n >= int(sys.argv[3]):
            break
        person = row["p_unique_id"] or row["p_first_name"] + row["p_last_name"]
        seed = hashlib.blake2b(person.encode(), digest_size=8).digest()
        fake.seed_instance(int.from_bytes(seed, "big"))
        if row["p_unique_id"]:
            row["p_unique_id"] = fake.ssn()
        if row["p_first_name"]:
            row["p_first_name"] = fake.first_name()
        if row["p_last_name"]:
            row["p_last_name"] = fake.last_name()
        if row["p_phone"]:
            row["p_phone"] = fake.phone_number()
        if row["p_email"]:
            row["p_email"] = fake.email()
        if row["a_location_address"]:
            row["a_location_address"] = fake.street_address()
        writer.writerow(row)
"""


def _child(body: str, *args: str) -> dict[str, Any]:
    from washer._allocator import CONF, ENV

    # The step before wrote hundreds of megabytes: flushed now, not while this one is timed
    # (the kernel writing them back slowed the pass-through after the wash by up to a third).
    os.sync()
    code = _REPORT.format(body=textwrap.dedent(body))
    env = {**os.environ, ENV: os.environ.get(ENV, CONF)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, env=env
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _mean(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The pass-through before and after a wash, as one: their mean time, the larger peak."""
    return {
        "seconds": (before["seconds"] + after["seconds"]) / 2,
        "peak_bytes": max(before["peak_bytes"], after["peak_bytes"]),
        "cpu": (before["cpu"] + after["cpu"]) / 2,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=20_000)
    parser.add_argument("--stream", action="store_true", help="wash with --stream")
    parser.add_argument(
        "--rules",
        type=Path,
        default=ROOT / "rules/innreise.toml",
        help="the rule file to wash with (default: rules/innreise.toml)",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="wash N times; report the median ratio's run"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-wash-") as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "extract.csv"
        write_extract(args.rows, source)
        # A slower first baseline would flatter the ratio: the pass-through runs once untimed.
        _child(PASS_THROUGH, str(source), str(tmp / "copy.csv"))
        # The pass-through runs before and after each wash and counts as their mean, so a
        # machine that gets busier or quieter during the run biases the ratio less.
        mode = "stream" if args.stream else "memory"
        rules = str(args.rules.resolve())
        passes = [_child(PASS_THROUGH, str(source), str(tmp / "copy.csv"))]
        washes = []
        for _ in range(max(1, args.repeat)):
            shutil.rmtree(tmp / "out", ignore_errors=True)  # each wash writes a new output
            washes.append(_child(WASH, str(source), str(tmp / "out"), rules, mode))
            passes.append(_child(PASS_THROUGH, str(source), str(tmp / "copy.csv")))
        runs = [
            (washed, _mean(before, after))
            for washed, before, after in zip(washes, passes, passes[1:], strict=False)
        ]
        ratios = [washed["seconds"] / polars["seconds"] for washed, polars in runs]
        chosen = sorted(range(len(runs)), key=ratios.__getitem__)[len(runs) // 2]
        washed, polars = runs[chosen]
        before, after = passes[chosen], passes[chosen + 1]
        print(
            f"polars pass-through before/after the wash: {before['seconds']:.2f} s / "
            f"{after['seconds']:.2f} s"
        )
        if len(runs) > 1:
            listed = ", ".join(f"{r:.2f}x" for r in ratios)
            print(f"wash / pass-through of each run: {listed} (run {chosen + 1} shown)")
        naive = _child(FAKER_ROWS, str(source), str(tmp / "naive.csv"), str(args.baseline_rows))
        naive_rows = min(args.baseline_rows, args.rows)
        naive_full = naive["seconds"] * args.rows / naive_rows

    ratio_polars = washed["seconds"] / polars["seconds"]
    ratio_naive = naive_full / washed["seconds"]
    gib = 2**30
    for label, m in (("polars read+write CSV:", polars), (f"washer wash ({mode}):", washed)):
        print(
            f"{label:24}{m['seconds']:7.2f} s   cpu {m['cpu']:7.2f} s   "
            f"peak {m['peak_bytes'] / gib:5.2f} GiB"
        )
    print(
        f"row-by-row Faker:       {naive_full:7.2f} s   (measured {naive['seconds']:.2f} s on "
        f"{naive_rows:,} rows, extrapolated x{args.rows / naive_rows:,.0f}; six fields only)"
    )
    print(f"wash / polars pass-through: {ratio_polars:5.2f}x   (target <= 3x)")
    print(f"  in CPU time:              {washed['cpu'] / polars['cpu']:5.2f}x")
    print(f"row-by-row / wash:          {ratio_naive:5.1f}x   (target >= 10x)")
    naive_cpu = naive["cpu"] * args.rows / naive_rows
    print(f"  in CPU time:              {naive_cpu / washed['cpu']:5.1f}x")
    print(f"wash peak memory:           {washed['peak_bytes'] / gib:5.2f} GiB (target < 4 GiB)")
    if args.rules.resolve() != (ROOT / "rules/innreise.toml").resolve():
        print(f"(washed with {args.rules}, not the default rules)")
    print("the wash's steps (wall, and CPU of every thread):")
    steps = washed["steps"]
    for (step, wall, cpu), (_, next_wall, next_cpu) in itertools.pairwise(steps):
        if next_wall - wall >= 0.005:
            print(f"  {step:40} {next_wall - wall:6.2f} s   cpu {next_cpu - cpu:6.2f} s")


if __name__ == "__main__":
    main()
