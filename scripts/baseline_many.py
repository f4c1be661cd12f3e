#!/usr/bin/env python3
"""Runs eval/baseline.py's pipeline on every local document of a folder, in one Python process.

usage: baseline_many.py BASELINE.py METHOD NATIONAL.txt DIR [--limit N]

baseline.py aligns one local document per call; starting Python and importing scikit-learn
for each document would count start-up, not work. This driver imports baseline.py once and
calls its main() for each document (output discarded), as a researcher's loop would.
Prints `documents=N seconds=S` on stdout. Used by `policy-trace bench --baseline-python`.
"""
import contextlib, glob, importlib.util, io, os, sys, time


def main():
    args = sys.argv[1:]
    limit = None
    if "--limit" in args:
        i = args.index("--limit")
        limit = int(args[i + 1])
        del args[i:i + 2]
    script, method, national, folder = args
    spec = importlib.util.spec_from_file_location("baseline", script)
    baseline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(baseline)
    files = sorted(glob.glob(os.path.join(folder, "*.txt")))[:limit]
    start = time.perf_counter()
    for path in files:
        sys.argv = ["baseline.py", method, national, path]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            baseline.main()
    print(f"documents={len(files)} seconds={time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()
