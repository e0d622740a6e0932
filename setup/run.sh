#!/usr/bin/env bash
# Start the demo server: creates (once) a database with both addons and their demo data, then runs
# Odoo in the foreground (Ctrl-C stops it).
#   PF_DB      database name            (default: portail_familles_demo)
#   PF_PORT    HTTP port                (default: 8069)
#   PF_UPDATE  1: update the addons in an existing database before starting
#   PF_RESET   1: drop the demo database and create it again
#   ODOO_SRC   Odoo 18.0 source tree    (default: ~/.local/share/portail-familles/odoo)
set -euo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "$0")/common.sh"

DB=${PF_DB:-portail_familles_demo}
PORT=${PF_PORT:-8069}
LOG_DIR=$PF_HOME/logs
mkdir -p "$LOG_DIR"

ODOO=$(find_odoo_src)
if [ -z "$ODOO" ]; then
    warn "No Odoo 18 tree at ${ODOO_SRC:-$DEFAULT_ODOO_SRC}: set ODOO_SRC or run setup/install.sh."
    exit 1
fi
ADDONS_PATH=$(odoo_addons_path "$ODOO")
odoo_bin() {
    "$PY" "$ODOO/odoo-bin" --addons-path="$ADDONS_PATH" --data-dir="$ODOO_DATA_DIR" -d "$DB" "$@"
}

start_postgres
[ "${PF_RESET:-0}" = 1 ] && drop_db "$DB"
if ! db_exists "$DB"; then
    log=$LOG_DIR/create-$DB.log
    say "Creating the demo database $DB with $OUR_ADDONS and their demo data (a few minutes; log: $log)"
    # The town is French: the company gets France, the euro and French before accounting is
    # installed, so that the French chart of accounts is the one set up; then the addons, and
    # the demo payment provider for paying invoices from the portal.
    if ! { odoo_bin -i base --load-language=fr_FR --stop-after-init --no-http \
            --max-cron-threads=0 &&
        "$PY" "$ODOO/odoo-bin" shell --addons-path="$ADDONS_PATH" --data-dir="$ODOO_DATA_DIR" \
            -d "$DB" --no-http <"$SETUP_DIR/demo_company_fr.py" &&
        odoo_bin -i "$OUR_ADDONS,payment_demo" --stop-after-init --no-http \
            --max-cron-threads=0; } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        drop_db "$DB"
        warn "Creating the demo database failed (log: $log)."
        exit 1
    fi
elif [ "${PF_UPDATE:-0}" = 1 ]; then
    log=$LOG_DIR/update-$DB.log
    say "Updating $OUR_ADDONS in $DB (log: $log)"
    odoo_bin -u "$OUR_ADDONS" --stop-after-init --no-http --max-cron-threads=0 >"$log" 2>&1 || {
        tail -n 40 "$log" >&2
        exit 1
    }
fi

cat <<EOF

  Portail Familles — demo server (database $DB)
    Parents' portal:  http://localhost:$PORT/my      parent: durand@example.com / durand
                                                     another family: claire.martin@example.com / martin
                                                     Jade's two households (separated parents, alternate weeks):
                                                       father: julien.moreau@example.com / moreau
                                                       mother: camille.leroy@example.com / leroy
    Login page:       http://localhost:$PORT/web/login
    Back office:      http://localhost:$PORT/odoo    staff:  admin / admin (manager), agent / agent
    Website:          http://localhost:$PORT/
  Ctrl-C stops the server.

EOF
exec "$PY" "$ODOO/odoo-bin" --addons-path="$ADDONS_PATH" --data-dir="$ODOO_DATA_DIR" -d "$DB" \
    --db-filter="^$DB\$" --http-port="$PORT" --max-cron-threads=1
