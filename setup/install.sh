#!/usr/bin/env bash
# Install what the addons need on Debian 12 / Ubuntu 24.04: PostgreSQL, wkhtmltopdf, Chromium,
# a Python virtual environment outside the repository with Odoo 18's requirements and the test and
# lint tools, axe-core (npm) for the accessibility check, and an Odoo 18.0 source tree. Safe to run
# again: it only does what is missing.
#
# Odoo comes from ODOO_SRC when set, else from ~/.local/share/portail-familles/odoo when a tree is
# there, else from a shallow clone of the 18.0 branch into that path.
set -euo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "$0")/common.sh"

ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}
APT_PACKAGES=(
    postgresql postgresql-client libpq-dev libldap2-dev libsasl2-dev
    build-essential python3-dev python3-venv git
    wkhtmltopdf chromium fonts-dejavu-core
)

install_debian_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "Debian packages: all present"
        return
    fi
    say "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Prefer Python 3.11 (Odoo 18's reference version on Debian 12), else 3.12 (Ubuntu 24.04), else the
# system python3 when it is one of them.
pick_python() {
    local candidate
    for candidate in python3.11 python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && python_supported "$candidate" &&
            "$candidate" -c 'import venv' 2>/dev/null; then
            command -v "$candidate"
            return
        fi
    done
    return 1
}

create_venv() {
    if [ -x "$PY" ] && "$PY" -c 'import sys' 2>/dev/null; then
        if ! python_supported "$PY"; then
            warn "$VENV runs $("$PY" -V): the addons need Python $PYTHON_MIN to $PYTHON_MAX. Remove $VENV and run this script again."
            exit 1
        fi
        say "Python environment: $VENV ($("$PY" -V))"
    else
        local python
        python=$(pick_python) || {
            warn "No Python $PYTHON_MIN to $PYTHON_MAX found: install python3.11 and run this script again."
            exit 1
        }
        say "Creating the Python environment $VENV with $python"
        mkdir -p "$(dirname "$VENV")"
        "$python" -m venv "$VENV"
    fi
    # --build-constraint (pip >= 25.3) lets old source distributions build with an older setuptools.
    if ! "$PY" -m pip install --help 2>/dev/null | grep -q -- '--build-constraint'; then
        say "Upgrading pip"
        "$PY" -m pip install -q --upgrade 'pip>=25.3'
    fi
}

# Echo the Odoo tree to use, cloning it when there is none; echo nothing when none can be had.
get_odoo_source() {
    if [ -n "${ODOO_SRC:-}" ]; then
        if [ "$(odoo_tree_major "$ODOO_SRC")" = 18 ]; then
            (cd "$ODOO_SRC" && pwd)
        else
            warn "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree: continuing without Odoo."
        fi
        return 0
    fi
    if [ -e "$DEFAULT_ODOO_SRC" ]; then
        if [ "$(odoo_tree_major "$DEFAULT_ODOO_SRC")" = 18 ]; then
            echo "$DEFAULT_ODOO_SRC"
        else
            warn "$DEFAULT_ODOO_SRC is not an Odoo 18.0 source tree: continuing without Odoo."
        fi
        return 0
    fi
    say "Cloning Odoo 18.0 (shallow) into $DEFAULT_ODOO_SRC" >&2
    local tmp=$DEFAULT_ODOO_SRC.partial
    rm -rf "$tmp"
    if GIT_TERMINAL_PROMPT=0 git clone -q --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$tmp" >&2; then
        mv "$tmp" "$DEFAULT_ODOO_SRC"
        echo "$DEFAULT_ODOO_SRC"
    else
        rm -rf "$tmp"
        warn "Could not get Odoo 18.0 (ODOO_SRC is unset, nothing is at $DEFAULT_ODOO_SRC and cloning $ODOO_GIT_URL failed): installing everything else, the Odoo tests will be skipped."
    fi
}

# Register the Odoo tree as the installed distribution `odoo`, so that pip resolves OCA's addons,
# which require odoo==18.0.*: as OCA's CI does, an editable install of the tree without its
# dependencies; for a tree whose setup.py is not Odoo's own, a wheel with the tree's name and
# version and a .pth (setup/odoo_dist_wheel.py says why).
register_odoo() {
    local src=$1 wanted tmp wheel
    [ -n "$src" ] || return 0
    "$PY" "$SETUP_DIR/odoo_dist_wheel.py" registered "$src" && return
    wanted=$("$PY" "$SETUP_DIR/odoo_dist_wheel.py" version "$src")
    say "Registering $src as the Python distribution odoo $wanted"
    if "$PY" -m pip install -q --no-deps -e "$src" >"$VENV/.odoo-editable.log" 2>&1 &&
        "$PY" "$SETUP_DIR/odoo_dist_wheel.py" registered "$src"; then
        return
    fi
    say "The tree's setup.py is not Odoo's own (see $VENV/.odoo-editable.log): registering it by a wheel"
    "$PY" -m pip uninstall -q -y odoo >/dev/null 2>&1 || true
    tmp=$(mktemp -d)
    wheel=$("$PY" "$SETUP_DIR/odoo_dist_wheel.py" wheel "$src" "$tmp")
    "$PY" -m pip install -q --no-deps --no-index --force-reinstall "$wheel"
    rm -rf "$tmp"
    "$PY" "$SETUP_DIR/odoo_dist_wheel.py" registered "$src"
}

install_python_packages() {
    local src=$1 files=("$REPO_DIR/requirements.txt" "$REPO_DIR/requirements-dev.txt") args=() f
    # OCA's addons need the odoo distribution that register_odoo makes: only with an Odoo tree.
    [ -n "$src" ] && files=("$src/requirements.txt" "${files[@]}" "$REPO_DIR/requirements-oca.txt")
    for f in "${files[@]}"; do args+=(-r "$f"); done
    # A stamp of the requirement files skips pip when nothing changed since the last run.
    local stamp_file=$VENV/.portail-familles-requirements stamp
    stamp=$(cat "${files[@]}" "$REPO_DIR/setup/build-constraints.txt" | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ] && "$PY" -m pip check >/dev/null 2>&1; then
        say "Python packages: up to date"
        return
    fi
    say "Installing Python packages${src:+ (with the requirements of Odoo 18 and the OCA addons)}"
    "$PY" -m pip install -q --build-constraint "$REPO_DIR/setup/build-constraints.txt" "${args[@]}"
    "$PY" -m pip check
    echo "$stamp" >"$stamp_file"
}

# axe-core, pinned with its checksum by setup/axe/package-lock.json, into $AXE_DIR (outside the
# repository: only the tests use it, the addons never ship it).
install_axe() {
    local lock=$SETUP_DIR/axe/package-lock.json
    if [ -f "$AXE_JS" ] && cmp -s "$lock" "$AXE_DIR/package-lock.json"; then
        say "axe-core: up to date ($AXE_DIR)"
        return
    fi
    if ! command -v npm >/dev/null 2>&1; then
        say "Installing npm"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm
    fi
    say "Installing axe-core into $AXE_DIR"
    mkdir -p "$AXE_DIR"
    cp "$SETUP_DIR/axe/package.json" "$lock" "$AXE_DIR/"
    (cd "$AXE_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
}

SECONDS=0
install_debian_packages
start_postgres
create_venv
ODOO=$(get_odoo_source)
register_odoo "$ODOO"
install_python_packages "$ODOO"
install_axe
if [ -n "$ODOO" ]; then
    "$PY" -c 'import odoo.release; print("Odoo", odoo.release.version, "from", odoo.__path__[0])'
    say "Done in ${SECONDS}s. Next: bash setup/run.sh (demo server) or bash setup/test.sh (tests)."
else
    say "Done in ${SECONDS}s, without Odoo. bash setup/test.sh runs the lint and the plain Python tests."
fi
