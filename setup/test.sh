#!/usr/bin/env bash
# The test command. In order: ruff and pylint-odoo; the plain Python tests in tests/; then, when an
# Odoo 18 tree is there (ODOO_SRC when set, else ~/.local/share/portail-familles/odoo), the addons'
# Odoo tests on a throw-away database, an install without demo data, and the end-to-end tests in
# tests/e2e against a running server; the accessibility checks (axe-core in Chromium) run among the
# Odoo tests. The last line is the RESULT line; the exit status is non-zero
# on any failure or lint error. Logs of the last run: .odoo-test/ in the repository.
set -uo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "$0")/common.sh"
cd "$REPO_DIR" || exit 1

LOG_DIR=$REPO_DIR/.odoo-test
# Odoo test tags: only our addons' tests (PF_TEST_TAGS narrows them, e.g. /periscolaire_billing).
TEST_TAGS=${PF_TEST_TAGS:-/${OUR_ADDONS//,/,\/}}
mapfile -t ADDONS_DIRS < <(our_addon_dirs)
PASSED=0
FAILED=0
PROBLEMS=()
mkdir -p "$LOG_DIR"

problem() {
    PROBLEMS+=("$1")
    warn "$1"
}

if [ ! -x "$PY" ]; then
    problem "no Python environment at $VENV: run setup/install.sh first"
    echo "RESULT: 0 passed, 0 failed; odoo tests: SKIPPED (no Odoo 18 found)"
    exit 1
fi
if ! python_supported "$PY"; then
    problem "$VENV runs $("$PY" -V): the addons need Python $PYTHON_MIN to $PYTHON_MAX (see setup/install.sh)"
    echo "RESULT: 0 passed, 1 failed; odoo tests: SKIPPED (no Odoo 18 found)"
    exit 1
fi

# ---------------------------------------------------------------------------------------------
say "Lint: ruff"
"$VENV/bin/ruff" check --output-format=concise "${ADDONS_DIRS[@]}" tests ||
    problem "lint: ruff check found errors"
"$VENV/bin/ruff" format --check --output-format=concise "${ADDONS_DIRS[@]}" tests ||
    problem "lint: files not formatted (run: $VENV/bin/ruff format ${ADDONS_DIRS[*]} tests)"
say "Lint: pylint-odoo"
"$VENV/bin/pylint" --rcfile=.pylintrc "${ADDONS_DIRS[@]}" || problem "lint: pylint-odoo found errors"

# ---------------------------------------------------------------------------------------------
# Run pytest and add its counts (from its JUnit report) to PASSED / FAILED.
run_pytest() {
    local name=$1 xml=$LOG_DIR/pytest-$1.xml rc counts
    shift
    rm -f "$xml"
    "$PY" -m pytest -q -rfEs --junitxml="$xml" "$@"
    rc=$?
    if [ $rc -eq 5 ]; then
        say "pytest ($name): no test collected"
        return
    fi
    if [ ! -f "$xml" ]; then
        problem "pytest ($name) stopped with exit status $rc before running tests"
        return
    fi
    counts=$("$PY" - "$xml" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
total = sum(int(s.get(k, 0)) for s in suites for k in ("tests",))
bad = sum(int(s.get(k, 0)) for s in suites for k in ("failures", "errors"))
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(total - bad - skipped, bad)
EOF
    )
    read -r p f <<<"$counts"
    PASSED=$((PASSED + p))
    FAILED=$((FAILED + f))
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
        problem "pytest ($name) exited with status $rc"
    fi
}

say "Plain Python tests (tests/)"
run_pytest plain tests

# ---------------------------------------------------------------------------------------------
ODOO=$(find_odoo_src)
if [ -n "$ODOO" ] && ! "$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import odoo.release' "$ODOO" 2>/dev/null; then
    warn "Odoo 18 at $ODOO does not import in $VENV (run setup/install.sh)"
    ODOO=
fi
if [ -z "$ODOO" ]; then
    say "No Odoo 18 tree at ${ODOO_SRC:-$DEFAULT_ODOO_SRC}: Odoo tests skipped"
    ODOO_STATUS="SKIPPED (no Odoo 18 found)"
    finish=1
else
    finish=0
fi

ODOO_LOG_LINE='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ [0-9]+ '
# Lines at the levels given as a regex in $1 of log file $2.
log_lines() { grep -E "${ODOO_LOG_LINE}($1) " "$2"; }

# ERROR/CRITICAL lines of log file $1, less Odoo's logged-and-retried serialization failures:
# concurrent validations make PostgreSQL refuse a transaction ("bad query: ... could not
# serialize access due to concurrent update", logged as ERROR by odoo.sql_db), which Odoo then
# retries ("SERIALIZATION_FAILURE, N tries left"). As many are let through as there are retries.
unexpected_errors() {
    "$PY" - "$1" <<'EOF'
import re
import sys

entry = re.compile(r"^\d{4}-\d{2}-\d{2} [0-9:,]+ \d+ (\w+) \S+ ([\w.]+): ")
entries = []
with open(sys.argv[1], errors="replace") as log:
    for line in log:
        match = entry.match(line)
        if match:
            entries.append([match[1], match[2], line.rstrip("\n"), line])
        elif entries:
            entries[-1][3] += line
retried = sum(
    1
    for _level, logger, first, _text in entries
    if logger == "odoo.service.model" and re.search(r"SERIALIZATION_FAILURE, \d+ tries left", first)
)
for level, logger, first, text in entries:
    if level not in ("ERROR", "CRITICAL"):
        continue
    if (
        retried
        and logger == "odoo.sql_db"
        and ": bad query: " in first
        and "could not serialize access due to concurrent update" in text
    ):
        retried -= 1
        continue
    print(first)
EOF
}

# The lines that the command "${@:3}" lists from log file $2 (given last) fail check $1: the
# first 20 are printed and the problem reported. Status 1 when there are some.
log_problems() {
    local check=$1 log=$2 lines
    shift 2
    lines=$("$@" "$log")
    [ -z "$lines" ] && return 0
    head -n 20 <<<"$lines" >&2
    problem "$check: $(grep -c '' <<<"$lines") line(s) in $log"
    return 1
}

TEST_DB=
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    [ -n "$TEST_DB" ] && drop_db "$TEST_DB"
    [ -n "${NODEMO_DB:-}" ] && drop_db "$NODEMO_DB"
}
trap cleanup EXIT

odoo_bin() {
    "$PY" "$ODOO/odoo-bin" --addons-path="$ADDONS_PATH" --data-dir="$ODOO_DATA_DIR" "$@"
}

# Build (once) and echo the name of a template database with our dependencies installed.
# $1: "demo" or "nodemo". The name is keyed by the Odoo tree, its version and the dependencies.
template_db() {
    local kind=$1 key name build log
    key=$(printf '%s|%s|%s|%s' "$ODOO" "$ODOO_VERSION" "$DEPENDS" "$kind" | sha1sum | cut -c1-10)
    name=pf_tmpl_${kind}_$key
    (
        flock 9
        db_exists "$name" && exit 0
        build=${name}_build
        log=$LOG_DIR/template-$kind.log
        drop_db "$build"
        say "Building the template database $name ($DEPENDS, $kind), once" >&2
        local extra=()
        [ "$kind" = nodemo ] && extra=(--without-demo=all)
        if odoo_bin -d "$build" -i "$DEPENDS" "${extra[@]}" --stop-after-init --no-http \
            --max-cron-threads=0 --log-level=warn >"$log" 2>&1; then
            psql -d postgres -qc "ALTER DATABASE \"$build\" RENAME TO \"$name\"" &&
                { [ ! -d "$ODOO_DATA_DIR/filestore/$build" ] ||
                    mv "$ODOO_DATA_DIR/filestore/$build" "$ODOO_DATA_DIR/filestore/$name"; }
        else
            warn "building $name failed, see $log"
            tail -n 30 "$log" >&2
            drop_db "$build"
            exit 1
        fi
    ) 9>"$PF_HOME/.template-db.lock" || return 1
    echo "$name"
}

if [ $finish -eq 0 ]; then
    ODOO_VERSION=$("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import odoo.release as r; print(r.version)' "$ODOO")
    ODOO_SERIES=$("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import odoo.release as r; print(r.serie)' "$ODOO")
    ODOO_STATUS="ran (Odoo $ODOO_SERIES)"
    ADDONS_PATH=$(odoo_addons_path "$ODOO")
    DEPENDS=$("$PY" - "${ADDONS_DIRS[@]}" <<'EOF'
import ast
import sys

ours = set(sys.argv[1:])
deps = set()
for addon in ours:
    with open(f"{addon}/__manifest__.py") as manifest:
        deps |= set(ast.literal_eval(manifest.read()).get("depends", []))
print(",".join(sorted(deps - ours)))
EOF
    )
    say "Odoo $ODOO_VERSION at $ODOO"
    start_postgres || problem "PostgreSQL could not be started"
fi

# Drop the copies that an interrupted earlier run left behind (their process is gone).
drop_stale_copies() {
    local db pid
    for db in $(psql -d postgres -tAc "SELECT datname FROM pg_database WHERE datname ~ '^pf_(test|nodemo)_[0-9]+$'"); do
        pid=${db##*_}
        kill -0 "$pid" 2>/dev/null || drop_db "$db"
    done
}
[ $finish -eq 0 ] && drop_stale_copies

# --- Odoo tests of our addons on a copy of the demo template ---------------------------------
if [ $finish -eq 0 ] && TEMPLATE=$(template_db demo); then
    TEST_DB=pf_test_$$
    drop_db "$TEST_DB"
    clone_db "$TEMPLATE" "$TEST_DB"
    PORT=$(free_port)
    LOG=$LOG_DIR/odoo-tests.log
    say "Odoo tests: installing $OUR_ADDONS with their tests on $TEST_DB (log: $LOG)"
    # PF_AXE_JS: the accessibility tests run axe-core from there (setup/install.sh installs it).
    PF_AXE_JS=$AXE_JS timeout 3600 "$PY" "$ODOO/odoo-bin" --addons-path="$ADDONS_PATH" \
        --data-dir="$ODOO_DATA_DIR" -d "$TEST_DB" -i "$OUR_ADDONS" --test-enable \
        --test-tags "$TEST_TAGS" --stop-after-init --log-level=test \
        --http-port="$PORT" --http-interface=127.0.0.1 --max-cron-threads=0 >"$LOG" 2>&1
    rc=$?
    read -r o_failed o_errors o_total < <(
        grep -oE 'odoo.tests.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$LOG" |
            awk '{f += $2; e += $4; t += $7} END {print f + 0, e + 0, t + 0}'
    )
    PASSED=$((PASSED + o_total - o_failed - o_errors))
    FAILED=$((FAILED + o_failed + o_errors))
    say "Odoo tests: $o_total run, $o_failed failed, $o_errors error(s)"
    if ! log_problems "Odoo tests" "$LOG" log_lines 'ERROR|CRITICAL'; then
        [ $((o_failed + o_errors)) -eq 0 ] && FAILED=$((FAILED + 1))
    elif [ $rc -ne 0 ]; then
        tail -n 30 "$LOG" >&2
        problem "Odoo tests: odoo-bin exited with status $rc"
        FAILED=$((FAILED + 1))
    fi
    # The accessibility checks log one line per set of pages (see periscolaire_portal/tests/axe.py).
    grep -oE 'axe-core [0-9.]+: .*' "$LOG" | sed 's/^/==> Accessibility: /'
    warnings=$(log_lines 'WARNING' "$LOG" | grep -c '')
    [ "$warnings" -gt 0 ] && say "Odoo tests: $warnings WARNING line(s) in $LOG"

    # --- End-to-end tests against a server on the same database ------------------------------
    E2E_PORT=$(free_port)
    E2E_LOG=$LOG_DIR/e2e-server.log
    say "End-to-end tests: server on http://127.0.0.1:$E2E_PORT (log: $E2E_LOG)"
    "$PY" "$ODOO/odoo-bin" --addons-path="$ADDONS_PATH" --data-dir="$ODOO_DATA_DIR" \
        -d "$TEST_DB" --db-filter="^$TEST_DB\$" --http-port="$E2E_PORT" \
        --http-interface=127.0.0.1 --max-cron-threads=0 --log-level=info >"$E2E_LOG" 2>&1 &
    SERVER_PID=$!
    if wait_http "http://127.0.0.1:$E2E_PORT/web/login" 180; then
        PF_E2E_URL=http://127.0.0.1:$E2E_PORT PF_E2E_DB=$TEST_DB PF_E2E_LOG=$E2E_LOG \
            run_pytest e2e tests/e2e
    else
        tail -n 30 "$E2E_LOG" >&2
        problem "End-to-end tests: the server did not answer on /web/login"
        FAILED=$((FAILED + 1))
    fi
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
    log_problems "End-to-end tests" "$E2E_LOG" unexpected_errors || FAILED=$((FAILED + 1))
    drop_db "$TEST_DB"
    TEST_DB=
elif [ $finish -eq 0 ]; then
    problem "Odoo tests: the template database could not be built"
    FAILED=$((FAILED + 1))
fi

# --- Our addons install without demo data and without any warning -----------------------------
if [ $finish -eq 0 ] && TEMPLATE=$(template_db nodemo); then
    NODEMO_DB=pf_nodemo_$$
    drop_db "$NODEMO_DB"
    clone_db "$TEMPLATE" "$NODEMO_DB"
    LOG=$LOG_DIR/odoo-install-nodemo.log
    say "Install check: $OUR_ADDONS without demo data (log: $LOG)"
    odoo_bin -d "$NODEMO_DB" -i "$OUR_ADDONS" --stop-after-init --no-http --max-cron-threads=0 \
        >"$LOG" 2>&1
    rc=$?
    if log_problems "Install check" "$LOG" log_lines 'WARNING|ERROR|CRITICAL' &&
        [ $rc -eq 0 ]; then
        PASSED=$((PASSED + 1))
    else
        [ $rc -ne 0 ] && problem "Install check: odoo-bin exited with status $rc"
        FAILED=$((FAILED + 1))
    fi
    drop_db "$NODEMO_DB"
    NODEMO_DB=
elif [ $finish -eq 0 ]; then
    problem "Install check: the template database without demo data could not be built"
    FAILED=$((FAILED + 1))
fi

# ---------------------------------------------------------------------------------------------
if [ ${#PROBLEMS[@]} -gt 0 ]; then
    echo
    say "Problems:"
    printf '  - %s\n' "${PROBLEMS[@]}"
fi
echo "RESULT: $PASSED passed, $FAILED failed; odoo tests: $ODOO_STATUS"
[ ${#PROBLEMS[@]} -eq 0 ] && [ "$FAILED" -eq 0 ]
