"""Benchmark: the peak memory of `washer wash` with its pre-publication audit (the default).

Generates a production-shaped extract (``washer.generate``, 1,000,000 rows by default) as CSV
and runs ``washer wash`` on it twice, each in a child process of its own with the allocator
settings washer asks for: with ``--no-audit`` (the wash alone) and as published by default
(the wash, then the audit of the staged output against the input, then publication). Each
child reports its wall time, CPU time (user + system, all threads) and peak resident memory
(``resource.getrusage`` maxrss). Target: the audited wash peaks under 4 GiB.

    .venv/bin/python benchmarks/bench_gated_wash.py [--rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _extract import write_extract

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from washer.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                      "peak_bytes": usage.ru_maxrss * 1024}))
"""


def _wash(source: Path, out: Path, *more: str) -> dict[str, Any]:
    from washer._allocator import CONF, ENV

    args = ["wash", str(source), "--rules", str(ROOT / "rules/innreise.toml")]
    args += ["--key-file", str(ROOT / "fixtures/demo.key"), "--reference-date", "2024-05-17"]
    env = {**os.environ, ENV: os.environ.get(ENV, CONF)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args, "--out", str(out), *more],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-gated-") as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "extract.csv"
        write_extract(args.rows, source)
        alone = _wash(source, tmp / "alone", "--no-audit")
        gated = _wash(source, tmp / "gated")
    gib = 2**30
    for label, m in (("wash --no-audit:", alone), ("wash (audited):", gated)):
        print(
            f"{label:18}{m['seconds']:7.2f} s   cpu {m['cpu']:7.2f} s   "
            f"peak {m['peak_bytes'] / gib:5.2f} GiB"
        )
    print(f"audited wash peak memory: {gated['peak_bytes'] / gib:5.2f} GiB (target < 4 GiB)")


if __name__ == "__main__":
    main()
