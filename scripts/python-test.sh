#!/usr/bin/env bash
# Builds the Python package into .venv and runs its tests (python/tests).
#
# Usage, from anywhere in the repository:
#   bash scripts/python-test.sh [pytest arguments…]
#   bash scripts/python-test.sh --build-only      (build and install, no tests: `make build-dev`)
#
# - Creates .venv with $PYTHON (default python3, which must be 3.10 or later) if it is missing.
# - Installs maturin, then `maturin develop --extras test` builds the extension (dev profile;
#   set PROFILE=release for an optimised build) into the venv and installs the `test` extra of
#   pyproject.toml (pytest, mypy, pandas, networkx, matplotlib, tqdm, dask[distributed], and
#   nbclient with ipykernel for the example notebook), so the test dependencies are listed in
#   one place.
# - Installs a font with Chinese glyphs (scripts/setup-fonts.sh: Debian's fonts-noto-cjk, when
#   run as root and none is there) for the coverage heat map's labels.
# - Runs pytest with the [tool.pytest.ini_options] of pyproject.toml.
# Running it again reuses the venv and cargo's incremental build.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

python=${PYTHON:-python3}
profile=${PROFILE:-dev}

if [[ ! -x .venv/bin/python ]]; then
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
        || { echo "python-test.sh: $python is older than 3.10" >&2; exit 2; }
    echo "==> creating .venv with $("$python" --version)"
    "$python" -m venv .venv
fi

# shellcheck disable=SC1091
source .venv/bin/activate

echo "==> installing maturin"
python -m pip install --quiet --disable-pip-version-check 'maturin>=1.9.4,<2'

echo "==> maturin develop ($profile profile)"
maturin_args=(--extras test)
if [[ $profile == release ]]; then
    maturin_args+=(--release)
fi
maturin develop "${maturin_args[@]}"

if [[ ${1:-} == --build-only ]]; then
    exit 0
fi

bash scripts/setup-fonts.sh

echo "==> pytest"
python -m pytest "$@"
