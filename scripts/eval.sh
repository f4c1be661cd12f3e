#!/usr/bin/env bash
# Runs eval/run.py in a virtual environment that has the baseline's and the scorer's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv-eval}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check scikit-learn opencc
exec "$venv/bin/python" eval/run.py --variants "$@"
