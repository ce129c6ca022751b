"""``washer wash`` and ``washer rules check`` through the CLI: output, summary, exact errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from washer.cli import main
from washer.keys import ENV_VAR, Key
from washer.mock.data import read_records

from ._checks import read
from ._extract import make_extract

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def files(tmp_path: Path, key: Key) -> dict[str, Path]:
    extract = make_extract(rows=30, seed=3)
    csv = tmp_path / "in" / "extract.csv"
    csv.parent.mkdir()
    extract.frame.write_csv(csv)
    key_file = tmp_path / "k.key"
    key_file.write_text(bytes(range(32)).hex() + "\n")
    return {"csv": csv, "key": key_file, "dir": tmp_path}


def _run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def _tree(path: Path) -> dict[str, str]:
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def test_wash_prints_a_summary_and_where_the_output_is(files: dict[str, Path]) -> None:
    out = files["dir"] / "out"
    code, stdout, stderr = _run(
        "wash",
        files["csv"],
        "--rules",
        ROOT / "rules/innreise.toml",
        "--key-file",
        files["key"],
        "--out",
        out,
        "--reference-date",
        "2024-05-17",
    )
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert lines[0].startswith("Washed 1 file: 3")
    assert "persons" in lines[0] and "employers" in lines[0]
    assert lines[1].startswith("Dates moved by ")
    assert lines[1].endswith("the newest trip date is now 2024-05-16 (reference date 2024-05-17).")
    assert lines[2:] == ["Output:", f"  {out / 'extract.csv'}", f"  {out / 'manifest.json'}"]
    assert stderr == ""  # no progress bar when not on a terminal, no warning for this key


def test_a_kept_anchor_column_is_not_said_to_have_moved(files: dict[str, Path]) -> None:
    rules = files["dir"] / "keep.toml"
    text = (ROOT / "rules/innreise.toml").read_text(encoding="utf-8")
    rules.write_text(re.sub(r"(?m)^a_date = .*$", 'a_date = "keep"', text), encoding="utf-8")
    out = files["dir"] / "out"
    args = ["--rules", rules, "--key-file", files["key"], "--out", out]
    code, stdout, stderr = _run("wash", files["csv"], *args, "--reference-date", "2024-05-17")
    assert code == 0, stderr
    kept = pl.read_csv(files["csv"], infer_schema=False)["a_date"]
    assert pl.read_csv(out / "extract.csv", infer_schema=False)["a_date"].equals(kept)
    line = stdout.splitlines()[1]
    assert line.startswith("Dates moved by ") and "newest trip date is now" not in line
    assert "the trip date itself is kept as it is" in line
    assert json.loads((out / "manifest.json").read_text())["newest_anchor_date_washed"] is None


def test_reference_date_defaults_to_today_and_key_comes_from_the_environment(
    files: dict[str, Path],
) -> None:
    out = files["dir"] / "out"
    env = {ENV_VAR: files["key"].read_text()}
    code, _, stderr = _run(
        "wash", files["csv"], "--rules", ROOT / "rules/innreise.toml", "--out", out, env=env
    )
    assert code == 0, stderr
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert max(read(out / "extract.csv")["a_date"].to_list()) == yesterday.isoformat()


def test_demo_key_is_named_as_such(files: dict[str, Path]) -> None:
    code, _, stderr = _run(
        "wash",
        files["csv"],
        "--rules",
        ROOT / "rules/innreise.toml",
        "--key-file",
        ROOT / "fixtures/demo.key",
        "--out",
        files["dir"] / "out",
    )
    assert code == 0
    assert stderr.startswith("Warning: this is the public demo key")


def _bad(files: dict[str, Path], name: str, data: bytes) -> Path:
    path = files["dir"] / "in" / name
    path.write_bytes(data)
    return path


def _error_case(files: dict[str, Path], case: str) -> tuple[list[str | Path], str]:
    rules = ROOT / "rules/innreise.toml"
    key = files["key"]
    out = files["dir"] / "out"
    csv = files["csv"]
    header = csv.read_bytes().split(b"\n", 1)[0]
    if case == "empty":
        p = _bad(files, "empty.csv", b"")
        return ["wash", p, "--rules", rules, "--key-file", key, "--out", out], f"{p} is empty"
    if case == "binary":
        p = _bad(files, "blob.csv", bytes(range(256)))
        return (
            ["wash", p, "--rules", rules, "--key-file", key, "--out", out],
            f"{p} is not a CSV, JSON or Parquet file (it holds binary data)",
        )
    if case == "ragged":
        lines = csv.read_bytes().split(b"\n")
        lines[3] = lines[3].rsplit(b",", 2)[0]
        p = _bad(files, "ragged.csv", b"\n".join(lines))
        return (
            ["wash", p, "--rules", rules, "--key-file", key, "--out", out],
            f"{p}: line 4 has 53 fields, but the header has 55",
        )
    if case == "unknown column":
        p = _bad(files, "extra.csv", header + b",p_shoe_size\n" + b"," * 55 + b"44\n")
        return (
            ["wash", p, "--rules", rules, "--key-file", key, "--out", out],
            f'{p}: no rule in {rules} for column "p_shoe_size" (every column must be '
            "named; add it under [columns])",
        )
    if case == "no header":
        # its first record read as the header: the message must not print its values
        p = _bad(files, "noheader.csv", b"Kari,Nordmann,15088545610\nOla,Hansen,01019012345\n")
        return (
            ["wash", p, "--rules", rules, "--key-file", key, "--out", out],
            f"{p}: none of its 3 columns has a rule in {rules} (does its first line name "
            "the columns?)",
        )
    if case == "bad rules":
        r = files["dir"] / "bad.toml"
        r.write_text('[columns]\np_phone = { transform = "phnoe" }\n')
        return (
            ["wash", csv, "--rules", r, "--key-file", key, "--out", out],
            f'{r}, line 2: columns.p_phone.transform: unknown transform "phnoe" '
            '(did you mean "phone"?)',
        )
    if case == "missing key":
        return (
            ["wash", csv, "--rules", rules, "--out", out],
            f"no key: give --key-file FILE or set {ENV_VAR}",
        )
    if case == "bad key":
        k = files["dir"] / "short.key"
        k.write_text("abc\n")
        return (
            ["wash", csv, "--rules", rules, "--key-file", k, "--out", out],
            f"key file {k}: a key is 64 hex digits",
        )
    if case == "binary key":
        # 32 random bytes written as they are, not as the hex text `washer keygen` writes
        k = files["dir"] / "raw.key"
        k.write_bytes(bytes(range(200, 232)))
        return (
            ["wash", csv, "--rules", rules, "--key-file", k, "--out", out],
            f"key file {k}: a key is 64 hex digits (`washer keygen FILE` writes one)",
        )
    if case == "overwrite":
        return (
            ["wash", csv, "--rules", rules, "--key-file", key, "--out", csv.parent],
            f"{csv.parent / 'extract.csv'} would overwrite the input {csv}",
        )
    if case == "report over input":
        # a JSON extract and an audit report share the .json suffix: one typo away
        p = files["dir"] / "in" / "extract.json"
        pl.read_csv(csv, infer_schema=False).write_json(p)
        return (
            ["wash", p, "--rules", rules, "--key-file", key, "--out", out, "--audit-report", p],
            f"{p} would overwrite the input {p}",
        )
    if case == "same name":
        other = csv.parent / "sub"
        other.mkdir()
        twin = other / "extract.parquet"
        pl.read_csv(csv, infer_schema=False).write_parquet(twin)
        return (
            [
                "wash",
                csv,
                twin,
                "--rules",
                rules,
                "--key-file",
                key,
                "--out",
                out,
                "--format",
                "csv",
            ],
            f"{csv} and {twin} would both be written to {out / 'extract.csv'}",
        )
    if case == "reference date":
        return (
            [
                "wash",
                csv,
                "--rules",
                rules,
                "--key-file",
                key,
                "--out",
                out,
                "--reference-date",
                "17.05.2024",
            ],
            "--reference-date must be a date like 2021-09-04",
        )
    if case == "no anchor date":
        frame = pl.read_csv(csv, infer_schema=False).with_columns(
            pl.lit(None, pl.String).alias("a_date")
        )
        p = files["dir"] / "in" / "nodates.csv"
        frame.write_csv(p)
        return (
            ["wash", p, "--rules", rules, "--key-file", key, "--out", out],
            "no date in column a_date of any input: nothing to anchor the date shift",
        )
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    [
        "empty",
        "binary",
        "ragged",
        "unknown column",
        "no header",
        "bad rules",
        "missing key",
        "bad key",
        "binary key",
        "overwrite",
        "report over input",
        "same name",
        "reference date",
        "no anchor date",
    ],
)
def test_bad_input_gives_one_error_line_and_leaves_nothing(
    files: dict[str, Path], case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    args, message = _error_case(files, case)
    before = _tree(files["dir"])
    code, stdout, stderr = _run(*args)
    assert (code, stdout, stderr) == (2, "", f"Error: {message}\n")
    assert _tree(files["dir"]) == before  # inputs untouched, nothing written, no temp dir
    assert [p.name for p in files["dir"].iterdir() if p.name.startswith(".washer")] == []


def test_a_directory_washed_into_twice_is_read_as_its_last_run(files: dict[str, Path]) -> None:
    out = files["dir"] / "out"
    args = ["--rules", ROOT / "rules/innreise.toml", "--key-file", files["key"], "--out", out]
    for fmt in ("parquet", "csv"):  # the first run's extract.parquet stays beside the second's
        code, _, stderr = _run("wash", files["csv"], *args, "--format", fmt)
        assert code == 0, stderr
    assert {p.name for p in out.iterdir()} == {"extract.parquet", "extract.csv", "manifest.json"}
    rows = pl.read_csv(files["csv"], infer_schema=False).height
    assert read_records(out).frame.height == rows  # the mock serves each record once
    report = files["dir"] / "audit.json"
    code, _, stderr = _run("audit", files["csv"], "--washed", out, "--report", report)
    assert code == 0, stderr
    audited = json.loads(report.read_text())
    assert "extract.parquet" not in json.dumps(audited)
    (out / "extract.csv").unlink()
    code, _, stderr = _run("audit", files["csv"], "--washed", out)
    assert code == 2
    assert stderr.strip() == (
        f"Error: {out / 'extract.csv'}: listed in {out / 'manifest.json'}, but missing"
    )


def test_no_original_value_is_printed_even_in_errors(files: dict[str, Path]) -> None:
    frame = pl.read_csv(files["csv"], infer_schema=False)
    secret = frame["p_unique_id"].drop_nulls()[0]
    lines = files["csv"].read_bytes().split(b"\n")
    lines[2] = lines[2] + b",extra"
    bad = files["dir"] / "in" / "bad.csv"
    bad.write_bytes(b"\n".join(lines))
    code, stdout, stderr = _run(
        "wash",
        bad,
        "--rules",
        ROOT / "rules/innreise.toml",
        "--key-file",
        files["key"],
        "--out",
        files["dir"] / "out",
    )
    assert code == 2
    assert secret not in stdout + stderr


def test_rules_check_validates_a_file_and_its_fit_to_an_input(files: dict[str, Path]) -> None:
    rules = ROOT / "rules/innreise.toml"
    code, stdout, _ = _run("rules", "check", rules, files["csv"])
    assert code == 0
    assert stdout.splitlines() == [
        f"{rules}: OK (55 column rules; [person], [employer])",
        f"{files['csv']}: OK, every one of its 55 columns has a rule",
    ]
    extra = _bad(files, "extra.csv", b"a_date,p_shoe_size\n2021-01-01,44\n")
    code, stdout, stderr = _run("rules", "check", rules, extra)
    assert code == 2
    assert stderr == (
        f'Error: {extra}: no rule in {rules} for column "p_shoe_size" (every column must be '
        "named; add it under [columns])\n"
    )


def test_rules_check_refuses_inputs_without_the_anchor_as_the_wash_does(
    files: dict[str, Path],
) -> None:
    # Event dates move by the newest a_date: inputs that lack a_date cannot be washed.
    rules = ROOT / "rules/innreise.toml"
    no_anchor = _bad(files, "no-anchor.csv", b"p_updated,a_travel_method\n2021-01-01,1\n")
    code, _, stderr = _run("rules", "check", rules, no_anchor)
    assert code == 2
    line = rules.read_text(encoding="utf-8").splitlines().index('anchor = "a_date"') + 1
    assert stderr == (
        f'Error: {rules}, line {line}: dates.anchor: no input has the column "a_date" that '
        "event dates move by\n"
    )
    out = files["dir"] / "out"
    wash = ["wash", no_anchor, "--rules", rules, "--key-file", files["key"], "--out", out]
    assert _run(*wash)[2] == stderr
    # beside an input that has a_date it is fine: the run has one anchor for all inputs
    code, stdout, _ = _run("rules", "check", rules, no_anchor, files["csv"])
    assert code == 0
    assert stdout.splitlines()[1:] == [
        f"{no_anchor}: OK, every one of its 2 columns has a rule; 53 rules name columns it lacks",
        f"{files['csv']}: OK, every one of its 55 columns has a rule",
    ]


def test_rules_transforms_lists_every_transform() -> None:
    from washer.transforms import SPECS

    code, stdout, _ = _run("rules", "transforms")
    assert code == 0
    listed = [line.split()[0] for line in stdout.splitlines() if not line.startswith(" ")]
    assert listed == sorted(SPECS)


def test_rules_transforms_shows_the_values_an_option_takes() -> None:
    from washer.transforms import SPECS

    _, stdout, _ = _run("rules", "transforms")
    blocks = dict(re.findall(r"(?m)^(\S+)  \[.*\]\n((?:    .*\n)*)", stdout))
    for name, spec in SPECS.items():
        for option in spec.options:
            (line,) = [
                x for x in blocks[name].splitlines() if x.startswith(f"    {option.name} = ")
            ]
            for choice in option.choices:  # e.g. style = "synthetic" (default) or "realistic"
                default = " (default)" if choice == option.default else ""
                assert f'"{choice}"{default}' in line, (name, option.name, choice)


@pytest.mark.parametrize("mode", ["--in-memory", "--stream"])
def test_a_record_polars_cannot_parse_is_one_error_line_streamed_too(
    files: dict[str, Path], mode: str
) -> None:
    # A bare quote inside an unquoted field passes the field count (the csv module reads
    # it), but polars refuses the record; streamed, it is parsed only during the wash.
    lines = files["csv"].read_bytes().split(b"\n")
    lines[2] = b'5" ' + lines[2]
    bad = _bad(files, "quote.csv", b"\n".join(lines))
    before = _tree(files["dir"])
    code, stdout, stderr = _run(
        "wash",
        bad,
        "--rules",
        ROOT / "rules/innreise.toml",
        "--key-file",
        files["key"],
        "--out",
        files["dir"] / "out",
        mode,
    )
    assert (code, stdout, stderr) == (2, "", f"Error: {bad} cannot be read as CSV\n")
    assert _tree(files["dir"]) == before


def _wash_args(files: dict[str, Path], source: Path, out: Path) -> list[str | Path]:
    rules = ROOT / "rules/innreise.toml"
    return ["wash", source, "--rules", rules, "--key-file", files["key"], "--out", out]


def test_a_terminated_wash_leaves_no_staging_directory(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    import washer.wash as wash_module

    # A streamed Windows-1252 input is transcoded into the staging directory: a copy of the
    # originals, which must not outlive a `kill` of the wash.
    source = files["dir"] / "in" / "cp1252.csv"
    source.write_bytes(files["csv"].read_text(encoding="utf-8").encode("cp1252", "replace"))
    build = wash_module.build_tables
    staged: list[Path] = []

    def killed_while_building(*args: object, **kwargs: object) -> object:
        staged.extend(files["dir"].glob(".washer-tmp-*/work/*"))
        os.kill(os.getpid(), signal.SIGTERM)
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(wash_module, "build_tables", killed_while_building)
    # Should the command not catch SIGTERM itself, this test's handler notes it (rather than
    # the signal ending the test run).
    unhandled: list[int] = []

    def noting(signum: int, frame: object) -> None:
        unhandled.append(signum)

    before = signal.signal(signal.SIGTERM, noting)
    try:
        out = files["dir"] / "out"
        code, _, stderr = _run(*_wash_args(files, source, out), "--stream")
        assert not unhandled, "the wash did not catch SIGTERM"
        assert signal.getsignal(signal.SIGTERM) is noting  # the command put it back
    finally:
        signal.signal(signal.SIGTERM, before)
    assert (code, stderr.strip()) == (143, "Error: terminated")
    assert staged, "the streamed input was transcoded into the staging directory"
    assert not list(files["dir"].glob(".washer-tmp-*")) and not out.exists()


def test_the_staging_directories_of_washes_that_died_are_removed(files: dict[str, Path]) -> None:
    import os
    import socket
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = "-"
    here = f"{socket.gethostname()} {namespace}"
    owners = {
        "dead": f"{here} {dead.pid}\n",  # this host, a process that has ended
        "live": f"{here} {os.getpid()}\n",  # a wash still running
        "elsewhere": f"another-host {namespace} {dead.pid}\n",  # cannot tell from here
        "container": f"{socket.gethostname()} pid:[1] {dead.pid}\n",  # another pid namespace
        "unowned": None,  # not ours to judge
    }
    for name, owner in owners.items():
        directory = files["dir"] / f".washer-tmp-{name}"
        (directory / "work").mkdir(parents=True)
        (directory / "work" / "extract.utf8.csv").write_text("a copy\n")
        if owner is not None:
            (directory / "owner").write_text(owner)
    out = files["dir"] / "out"
    code, stdout, stderr = _run(*_wash_args(files, files["csv"], out))
    assert code == 0, stderr
    dead_dir = files["dir"] / ".washer-tmp-dead"
    assert not dead_dir.exists()
    assert f"Removed {dead_dir}: the staging directory of a wash that died." in stdout
    left = sorted(p.name for p in files["dir"].glob(".washer-tmp-*"))
    assert left == [
        ".washer-tmp-container",
        ".washer-tmp-elsewhere",
        ".washer-tmp-live",
        ".washer-tmp-unowned",
    ]
