# Shared settings and helpers for install.sh, run.sh and test.sh (sourced, not executed).
# shellcheck shell=bash

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SETUP_DIR=$REPO_DIR/setup
# Stable paths outside the repository, so that every clone shares them.
PF_HOME=${PF_HOME:-$HOME/.local/share/portail-familles}
VENV=${PF_VENV:-$PF_HOME/venv}
PY=$VENV/bin/python
DEFAULT_ODOO_SRC=$PF_HOME/odoo
# The Python versions the addons run on: Odoo 18 supports 3.10 to 3.12, our code needs 3.11
# (enum.StrEnum, datetime.UTC).
PYTHON_MIN=3.11
PYTHON_MAX=3.12
# axe-core for the accessibility check of test.sh: installed by install.sh with npm (the version
# pinned in setup/axe/package-lock.json), outside the repository like the virtual environment.
AXE_DIR=$PF_HOME/axe
AXE_JS=$AXE_DIR/node_modules/axe-core/axe.min.js
# Odoo's data directory (filestore, sessions) for the databases these scripts create.
ODOO_DATA_DIR=${PF_ODOO_DATA_DIR:-$PF_HOME/odoo-data}

# Our addons: every folder of the repository that holds a manifest, in name order.
our_addon_dirs() {
    find "$REPO_DIR" -mindepth 2 -maxdepth 2 -name __manifest__.py -printf '%h\n' |
        xargs -n1 basename | sort
}
# shellcheck disable=SC2034  # used by the scripts that source this file
OUR_ADDONS=$(our_addon_dirs | paste -sd, -)

# Whether the Python interpreter $1 is one the addons run on (PYTHON_MIN to PYTHON_MAX).
python_supported() {
    "$1" -c 'import sys; lo, hi = (tuple(map(int, v.split("."))) for v in sys.argv[1:3]); sys.exit(not lo <= sys.version_info[:2] <= hi)' \
        "$PYTHON_MIN" "$PYTHON_MAX" 2>/dev/null
}

say() { printf '==> %s\n' "$*"; }
warn() { printf '!!! %s\n' "$*" >&2; }

# Run a command as root: directly when we are root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        warn "'$*' needs root rights and sudo is missing"
        return 1
    fi
}

# Run a command as the postgres system user.
as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres "$@"
    fi
}

# Print the major version of the Odoo tree given as $1 (nothing when it is not an Odoo tree).
odoo_tree_major() {
    local src=$1 release=$1/odoo/release.py
    [ -f "$src/odoo-bin" ] && [ -f "$release" ] || return 0
    sed -n 's/^version_info = (\([0-9]*\),.*/\1/p' "$release"
}

# Resolve the Odoo 18 source tree: ODOO_SRC when set (and then only it), else the default path.
# Prints the path, or nothing when no Odoo 18 tree is there.
find_odoo_src() {
    local src=${ODOO_SRC:-$DEFAULT_ODOO_SRC}
    if [ "$(odoo_tree_major "$src")" = 18 ]; then
        (cd "$src" && pwd)
    fi
}

# The addons path for an Odoo tree: a nightly has its addons in odoo/addons, a git clone also in addons/.
odoo_addons_path() {
    local src=$1 path=$REPO_DIR
    [ -d "$src/addons" ] && path=$path,$src/addons
    printf '%s,%s/odoo/addons\n' "$path" "$src"
}

# Start the local PostgreSQL cluster when it is down, and make the current user a superuser role.
start_postgres() {
    local version cluster status
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
        warn "PostgreSQL is not installed (run setup/install.sh)"
        return 1
    fi
    read -r version cluster status < <(pg_lsclusters --no-header | awk '{print $1, $2, $4}' | sort -rn | head -1)
    if [ -z "${version:-}" ]; then
        version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -1)
        say "Creating the PostgreSQL $version cluster"
        as_root pg_createcluster "$version" main >/dev/null
        cluster=main
        status=down
    fi
    if [ "$status" != online ]; then
        say "Starting PostgreSQL $version/$cluster"
        as_root pg_ctlcluster "$version" "$cluster" start
    fi
    local me
    me=$(id -un)
    if ! as_postgres psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$me'" | grep -q 1; then
        say "Creating the PostgreSQL role $me"
        as_postgres createuser --superuser "$me"
    fi
}

db_exists() {
    [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# Drop a database and its filestore.
drop_db() {
    dropdb --if-exists "$1" >/dev/null 2>&1 || true
    rm -rf "${ODOO_DATA_DIR:?}/filestore/$1"
}

# Copy a database and its filestore (createdb -T copies only the database).
clone_db() {
    local from=$1 to=$2
    createdb -T "$from" "$to"
    if [ -d "$ODOO_DATA_DIR/filestore/$from" ]; then
        mkdir -p "$ODOO_DATA_DIR/filestore"
        cp -a "$ODOO_DATA_DIR/filestore/$from" "$ODOO_DATA_DIR/filestore/$to"
    fi
}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Wait until $1 answers HTTP 200, for at most $2 seconds.
wait_http() {
    local url=$1 deadline=$((SECONDS + $2))
    while [ $SECONDS -lt "$deadline" ]; do
        if "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$url" 2>/dev/null; then
            return 0
        fi
        sleep 2
    done
    return 1
}
