"""Load-test ``washer mock`` on 1,000,000 records next to a trivial ASGI endpoint.

Both servers run as separate processes under uvicorn with the same settings, on 127.0.0.1 only.
This process is the load generator: 32 keep-alive connections (raw HTTP/1.1 over asyncio, so
the client costs little next to the servers), each scenario bounded by --seconds and --requests.

Scenarios: ``personId`` lookups of people who exist, and kommune pages of 100 records at
random offsets, as Oslo kommune's integration. The trivial endpoint gets the same requests and
answers ``[]``. Two more baselines separate the cost of the answer's bytes from the mock's own
work: the trivial endpoint answering a canned body as large as the mock's answers, and the same
size copied afresh for every answer out of a 256 MiB store at a random place (what any server
answering from a large dataset must do at least; on a virtual machine, copying from memory not
touched lately is slow). Printed: requests per
second, p50/p99 latency, each server's own CPU time per answer (on Linux: unlike throughput,
hardly moved by other processes on a shared machine), the mock's share of each baseline's
throughput, and the mock's start-up time on the 1,000,000 records.

Targets: mock >= 0.5 x trivial throughput, p99 < 50 ms at 32 clients, start-up < 10 s.

    .venv/bin/python benchmarks/bench_mock.py [--rows 1000000] [--seconds 10] [--requests 20000]
                                              [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

HOST = "127.0.0.1"
TODAY = date(2021, 9, 10)
SEARCH = "/innreise/api/v1/hentInnreiser"
CONCURRENCY = 32


# --- the trivial endpoint --------------------------------------------------------------------


_CANNED: dict[int, bytes] = {}
_STORE: list[bytes] = []  # 256 MiB of random bytes, made on first use
_PICK = random.Random(0)


def _fresh(size: int) -> bytes:
    """An answer of ``size`` bytes copied out of a large store at a random place: what any
    server answering from a large dataset must do at least."""
    if not _STORE:
        _STORE.append(os.urandom(1 << 20) * 256)
    start = _PICK.randrange(len(_STORE[0]) - size)
    return b"".join((b"[", memoryview(_STORE[0])[start : start + max(size - 2, 0)], b"]"))


async def trivial_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The baseline: read the request, answer ``[]``. For the other baselines: with an
    ``x-bench-answer-bytes`` header, a canned answer of that size; with ``x-bench-fresh`` too,
    that many bytes copied afresh out of a large store."""
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    body = b"[]"
    size, fresh = 0, False
    for name, value in scope["headers"]:
        if name == b"x-bench-answer-bytes":
            size = int(value)
            body = _CANNED.setdefault(size, b"[" + b" " * max(size - 2, 0) + b"]")
        elif name == b"x-bench-fresh":
            fresh = True
    if fresh and size:
        body = _fresh(size)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def serve_trivial(port: int) -> None:
    import uvicorn

    uvicorn.run(
        trivial_app,
        host=HOST,
        port=port,
        ws="none",
        lifespan="off",
        loop="asyncio",
        access_log=False,
        log_level="warning",
        server_header=False,
    )


# --- the dataset -----------------------------------------------------------------------------


def _replicated(rows: int, seed: int) -> pl.DataFrame:
    """The demo records, repeated and perturbed: unique reference codes and person numbers,
    kommuner and dates spread out."""
    from washer.mock.demo import build_demo_records

    base = pl.DataFrame(build_demo_records(), infer_schema_length=None)
    copies = rows // base.height + 1
    rng = random.Random(seed)
    big = pl.concat([base] * copies).head(rows).with_row_index("i")
    copy = (pl.col("i") // base.height).cast(pl.Int64)

    def person(col: str) -> pl.Expr:
        as_int = pl.col(col).cast(pl.Int64, strict=False)
        moved = ((as_int + copy * 7_919_113) % 10**11).cast(pl.String).str.zfill(11)
        return pl.when(pl.col(col).str.contains(r"^[0-9]{11}$")).then(moved).otherwise(pl.col(col))

    kommuner = pl.Series([f"{k:04d}" for k in rng.sample(range(101, 5700), 40)] + ["0301"] * 20)
    return big.with_columns(
        pl.col("a_reference_code") + "-" + copy.cast(pl.String),
        person("p_unique_id"),
        person("p_dnr"),
        person("p_fh_number"),
        pl.when(copy % 3 == 0)
        .then(pl.col("municipality_number"))
        .otherwise(kommuners_for(copy, kommuner))
        .alias("municipality_number"),
    ).drop("i")


def kommuners_for(copy: pl.Expr, kommuner: pl.Series) -> pl.Expr:
    return pl.lit(kommuner).gather(copy % kommuner.len())


def build_dataset(rows: int, seed: int) -> tuple[pl.DataFrame, str]:
    try:
        from washer.generate import generate_extract
    except ImportError:
        return _replicated(rows, seed), "demo records replicated and perturbed"
    return generate_extract(rows, seed, TODAY), "washer.generate.generate_extract"


# --- the load generator ----------------------------------------------------------------------


def _answer_bytes(port: int, requests: list[bytes]) -> int:
    """The mean size of the mock's answers to a sample of the requests."""
    import http.client

    sizes = []
    for raw in requests[:50]:
        head, _, payload = raw.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        path = lines[0].split()[1]
        headers = dict(line.split(": ", 1) for line in lines[1:])
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        connection.request("POST", path, body=payload, headers=headers)
        sizes.append(len(connection.getresponse().read()))
        connection.close()
    return sum(sizes) // len(sizes)


def _with_header(raw: bytes, name: str, value: str) -> bytes:
    head, _, payload = raw.partition(b"\r\n\r\n")
    return head + f"\r\n{name}: {value}".encode() + b"\r\n\r\n" + payload


def _request(path: str, body: dict[str, Any], headers: dict[str, str]) -> bytes:
    payload = json.dumps(body).encode()
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {HOST}",
        "Content-Type: application/json",
        f"Content-Length: {len(payload)}",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class _Client(asyncio.Protocol):
    """One keep-alive connection sending requests one after the other; it only counts the
    answer's bytes (no copies), so the load generator costs little next to the servers."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.done: asyncio.Future[int] | None = None
        self._head = b""
        self._status = 0
        self._left = -1

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def request(self, payload: bytes) -> asyncio.Future[int]:
        assert self.transport is not None
        self.done = asyncio.get_running_loop().create_future()
        self._head, self._left = b"", -1
        self.transport.write(payload)
        return self.done

    def data_received(self, data: bytes) -> None:
        if self._left < 0:
            self._head += data
            end = self._head.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self._head[:end]
            self._status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            self._left = length - (len(self._head) - end - 4)
        else:
            self._left -= len(data)
        if self._left <= 0 and self.done is not None and not self.done.done():
            self.done.set_result(self._status)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.done is not None and not self.done.done():
            self.done.set_exception(exc or ConnectionError("closed"))


async def _load(port: int, requests: list[bytes], seconds: float, limit: int) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds
    issued = 0
    loop = asyncio.get_running_loop()

    async def client(n: int) -> None:
        nonlocal issued
        transport, protocol = await loop.create_connection(_Client, HOST, port)
        rng = random.Random(n)
        while time.perf_counter() < deadline and issued < limit:
            issued += 1
            started = time.perf_counter()
            status = await protocol.request(rng.choice(requests))
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
        transport.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(CONCURRENCY)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "statuses": statuses,
    }


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(port: int, requests: list[bytes], seconds: float, limit: int, pid: int) -> dict[str, Any]:
    asyncio.run(_load(port, requests, min(1.0, seconds), max(limit // 20, 100)))  # warm up
    before = _cpu_seconds(pid)
    result = asyncio.run(_load(port, requests, seconds, limit))
    after = _cpu_seconds(pid)
    # the server's own CPU time per answer: unlike throughput, hardly moved by other
    # processes competing for the machine
    result["cpu_us"] = (
        None if before is None or after is None else (after - before) / result["requests"] * 1e6
    )
    return result


# --- servers ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout_s: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                result: dict[str, Any] = json.loads(answer.read() or b"{}")
                return result
        except (OSError, ValueError):
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {timeout_s} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="runs per server (best counts)")
    parser.add_argument("--serve-trivial", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_trivial:
        serve_trivial(args.serve_trivial)
        return

    from washer.mock import load_tenants, make_token

    with tempfile.TemporaryDirectory(prefix="bench-mock-") as tmp:
        started = time.perf_counter()
        frame, source = build_dataset(args.rows, args.seed)
        data = Path(tmp) / "washed.parquet"
        frame.write_parquet(data)
        print(
            f"dataset: {frame.height:,} records ({source}), built in "
            f"{time.perf_counter() - started:.1f} s"
        )

        tenants = load_tenants(None)
        oslo = next(
            i
            for i in tenants.integrations.values()
            if tenants.organizations[i.organizations[0]].kommunenr == {"0301"}
        )
        headers = {
            "Authorization": f"Bearer {make_token()}",
            "IntegrasjonId": oslo.id,
            "IntegrasjonPassord": oslo.password,
        }
        mine = frame.filter(pl.col("municipality_number") == "0301")
        ids = mine.get_column("p_unique_id").drop_nulls()
        ids = ids.filter(ids.str.contains(r"^[0-9]{11}$")).sample(
            1000, seed=args.seed, with_replacement=True
        )
        pages = min(mine.height, 100_000) // 100
        rng = random.Random(args.seed)
        scenarios = {
            "personId lookup": [
                _request(SEARCH, {"personId": pid}, headers) for pid in ids.to_list()
            ],
            "kommune page of 100": [
                _request(
                    SEARCH,
                    {"kommunenr": ["0301"], "limit": 100, "offset": 100 * rng.randrange(pages)},
                    headers,
                )
                for _ in range(1000)
            ],
        }

        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        mock_port, trivial_port = _free_port(), _free_port()
        spawned = time.perf_counter()
        mock = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "washer",
                "mock",
                "--data",
                str(data),
                "--today",
                TODAY.isoformat(),
                "--host",
                HOST,
                "--port",
                str(mock_port),
                "--no-access-log",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        trivial = subprocess.Popen(
            [sys.executable, __file__, "--serve-trivial", str(trivial_port)],
            env=env,
        )
        try:
            health = _wait_for(f"http://{HOST}:{mock_port}/_mock/health", mock, 120)
            ready = time.perf_counter() - spawned
            while not health["warm"]:
                time.sleep(0.1)
                health = _wait_for(f"http://{HOST}:{mock_port}/_mock/health", mock, 120)
            warm = time.perf_counter() - spawned
            _wait_for_trivial(trivial_port, trivial)
            print(
                f"mock start-up on {health['records']:,} records: {ready:.1f} s from launch to "
                f"first answer (read + check + index {health['startup_seconds']:.1f} s; "
                f"target < 10 s); every record encoded {warm:.1f} s after launch"
            )
            print(
                f"{health['visible_records']:,} records served on {health['today']}; "
                f"{CONCURRENCY} clients; <= {args.seconds:.0f} s or {args.requests:,} "
                "requests per run\n"
            )
            print(
                f"best of {args.rounds} alternating rounds per server (CPU: the server's own "
                "CPU time per answer, median of the rounds)"
            )
            print(
                f"  {'server':27} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
                f"{'CPU us':>7}  statuses"
            )
            for name, requests in scenarios.items():
                size = _answer_bytes(mock_port, requests)
                sized = [_with_header(r, "X-Bench-Answer-Bytes", str(size)) for r in requests]
                fresh = [_with_header(r, "X-Bench-Fresh", "1") for r in sized]
                targets = {
                    "trivial": (trivial_port, requests, trivial.pid),
                    "trivial, same-size answer": (trivial_port, sized, trivial.pid),
                    "trivial, fresh same-size": (trivial_port, fresh, trivial.pid),
                    "mock": (mock_port, requests, mock.pid),
                }
                # rounds alternate between the servers; the best round of each counts, which
                # keeps other processes' bursts on this shared machine out of the comparison
                rounds: dict[str, list[dict[str, Any]]] = {label: [] for label in targets}
                for _ in range(args.rounds):
                    for label, (port, batch, pid) in targets.items():
                        rounds[label].append(load(port, batch, args.seconds, args.requests, pid))
                runs = {
                    label: max(found, key=lambda r: r["rps"]) for label, found in rounds.items()
                }
                cpu = {label: _median_cpu(found) for label, found in rounds.items()}
                print(f"{name} (mock answers {size:,} bytes on average)")
                for label, result in runs.items():
                    print(
                        f"  {label:27} {result['requests']:9,} {result['rps']:8.0f} "
                        f"{result['p50_ms']:8.1f} {result['p99_ms']:8.1f} "
                        f"{_shown(cpu[label]):>7}  {result['statuses']}"
                    )
                mock_run = runs["mock"]
                ratio = mock_run["rps"] / runs["trivial"]["rps"]
                same = mock_run["rps"] / runs["trivial, same-size answer"]["rps"]
                floor = runs["trivial, fresh same-size"]["rps"] / runs["trivial"]["rps"]
                verdict = "ok" if ratio >= 0.5 and mock_run["p99_ms"] < 50 else "MISSED"
                print(
                    f"  mock / trivial throughput {ratio:.2f} (target >= 0.5); "
                    f"mock / same-size trivial {same:.2f}; p99 {mock_run['p99_ms']:.1f} ms "
                    f"(target < 50): {verdict}"
                )
                print(
                    f"  fresh same-size / trivial {floor:.2f}: about the most a server copying its "
                    "answers out of a large store gets here"
                )
                if cpu["mock"] and cpu["trivial"]:
                    print(
                        f"  CPU per answer: trivial / mock {cpu['trivial'] / cpu['mock']:.2f} "
                        "(the throughput ratio when each server has a core to itself)"
                    )
                print()
        finally:
            for process in (mock, trivial):
                process.terminate()
                process.wait(timeout=30)


def _median_cpu(found: list[dict[str, Any]]) -> float | None:
    values = sorted(r["cpu_us"] for r in found if r["cpu_us"] is not None)
    return values[len(values) // 2] if values else None


def _shown(cpu_us: float | None) -> str:
    return "-" if cpu_us is None else f"{cpu_us:.0f}"


def _wait_for_trivial(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the trivial server exited")
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("the trivial server did not start")


if __name__ == "__main__":
    main()
