"""Files → coverage JSON through Python against the CLI, on the same synthetic corpus, in one run.

Usage (after `cargo build --release -p policy-trace-cli`, `policy-trace bench -n 10000` for the
corpus, and `PROFILE=release bash scripts/python-test.sh --build-only` for the extension):

    .venv/bin/python scripts/python_bench.py [--dir target/bench/synth-10000-1] [--repeat 2]

Each run is a process of its own, timed from outside (wall, user and system CPU, peak memory from
wait4): the CLI is `policy-trace report --national REF DIR -o cli.json`; "Python" is
`load(REF)`, `load_dir(DIR)`, `compare(national, docs)` and `Comparison.save("py.json")`;
"report_files" is `report_files(REF, [DIR], "py-report.json")`, the one-call path. The 1-minute
load average is printed before each run, and the JSON files are compared byte for byte with the
CLI's. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import time
from pathlib import Path

PYTHON_PIPELINE = """
import sys
import policy_trace as pt
national = pt.load(sys.argv[1])
docs = pt.load_dir(sys.argv[2], progress=False)
comparison = pt.compare(national, docs, progress=False)
comparison.save(sys.argv[3])
"""

REPORT_FILES_PIPELINE = """
import sys
import policy_trace as pt
pt.report_files(sys.argv[1], [sys.argv[2]], sys.argv[3], progress=False)
"""


def timed(argv: list[str]) -> dict[str, float]:
    """Runs a command; its wall time, CPU times and peak memory (MB)."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(argv)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"python_bench: {' '.join(argv)} failed ({status})")
    return {"load": load, "wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def show(name: str, r: dict[str, float]) -> None:
    print(
        f"{name:<12} load {r['load']:.2f}: {r['wall']:.2f} s wall, {r['user']:.2f} s user, {r['sys']:.2f} s sys, "
        f"peak {r['peak_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("target/bench/synth-10000-1"))
    parser.add_argument("--cli", type=Path, default=Path("target/release/policy-trace"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-two-step", action="store_true", help="time the CLI and report_files only")
    args = parser.parse_args()
    lineage = json.loads((args.dir / "lineage.json").read_text(encoding="utf-8"))
    national = args.dir / lineage["national"]["file"]
    n = len(lineage["documents"])
    cli_out, py_out = args.dir.with_suffix(".cli.json"), args.dir.with_suffix(".py.json")
    rf_out = args.dir.with_suffix(".report-files.json")
    print(f"python_bench: {n} local documents in {args.dir}, {os.cpu_count()} cores")
    for _ in range(args.repeat):
        cli = timed([str(args.cli), "report", "--national", str(national), str(args.dir), "-o", str(cli_out)])
        show("CLI", cli)
        if not args.skip_two_step:
            py = timed([sys.executable, "-c", PYTHON_PIPELINE, str(national), str(args.dir), str(py_out)])
            show("Python", py)
            ratio("Python", py, cli)
        rf = timed([sys.executable, "-c", REPORT_FILES_PIPELINE, str(national), str(args.dir), str(rf_out)])
        show("report_files", rf)
        ratio("report_files", rf, cli)
    if not args.skip_two_step:
        print(f"coverage JSON identical (Python, CLI): {filecmp.cmp(cli_out, py_out, shallow=False)}")
    print(f"coverage JSON identical (report_files, CLI): {filecmp.cmp(cli_out, rf_out, shallow=False)}")


def ratio(name: str, r: dict[str, float], cli: dict[str, float]) -> None:
    print(
        f"{name} / CLI wall: {r['wall'] / cli['wall']:.3f} ({(r['wall'] / cli['wall'] - 1) * 100:+.1f}%); "
        f"user CPU {r['user'] / cli['user']:.3f}"
    )


if __name__ == "__main__":
    main()
