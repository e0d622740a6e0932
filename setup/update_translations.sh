#!/usr/bin/env bash
# Bring each addon's i18n/<addon>.pot and i18n/fr.po up to date with its code and views.
#   bash setup/update_translations.sh                  every addon of the repository
#   bash setup/update_translations.sh periscolaire_pes one addon (or several, comma-separated)
# The addons are installed with their demo data and French on a new database; Odoo exports the terms; setup/fill_french_po.py then fills fr.po. Our source strings are
# French, so a new term's French text is the term itself; terms of Odoo's own fields keep the
# French that Odoo ships.
set -euo pipefail
# shellcheck source=setup/common.sh
source "$(dirname "$0")/common.sh"
cd "$REPO_DIR"

ODOO=$(find_odoo_src)
[ -n "$ODOO" ] || { warn "No Odoo 18 tree: nothing to export."; exit 1; }
ADDONS=${1:-$OUR_ADDONS}
ADDONS_PATH=$(odoo_addons_path "$ODOO")
DB=pf_i18n_$$
trap 'drop_db "$DB"' EXIT
start_postgres
LOG=$PF_HOME/logs/i18n.log
mkdir -p "$(dirname "$LOG")"
odoo_bin() {
    "$PY" "$ODOO/odoo-bin" --addons-path="$ADDONS_PATH" --data-dir="$ODOO_DATA_DIR" -d "$DB" \
        --no-http --max-cron-threads=0 --stop-after-init "$@"
}

say "Installing $OUR_ADDONS with their demo data and French on $DB (log: $LOG)"
createdb "$DB"
odoo_bin -i "$OUR_ADDONS" --load-language=fr_FR >"$LOG" 2>&1 || {
    tail -n 30 "$LOG" >&2
    exit 1
}
for addon in ${ADDONS//,/ }; do
    mkdir -p "$addon/i18n"
    say "$addon: exporting the terms"
    odoo_bin --modules="$addon" --i18n-export="$addon/i18n/$addon.pot" >>"$LOG" 2>&1
    odoo_bin --modules="$addon" --language=fr_FR --i18n-export="$addon/i18n/fr.po" >>"$LOG" 2>&1
    "$PY" "$SETUP_DIR/fill_french_po.py" "$addon/i18n/fr.po"
done
