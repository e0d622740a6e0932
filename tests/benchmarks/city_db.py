"""Database helpers shared by the city-scale generator, benchmark and load test.

Plain psycopg2 on the local PostgreSQL (the current user is a superuser, as
``setup/install.sh`` makes it), no Odoo import.
"""

import io
import os
import shutil
import subprocess
from pathlib import Path

import psycopg2
from psycopg2 import sql

PF_HOME = Path(os.environ.get("PF_HOME", Path.home() / ".local/share/portail-familles"))
ODOO_DATA_DIR = Path(os.environ.get("PF_ODOO_DATA_DIR", PF_HOME / "odoo-data"))
REPO_DIR = Path(__file__).resolve().parents[2]


def connect(dbname):
    return psycopg2.connect(dbname=dbname)


def db_exists(name):
    with connect("postgres") as conn, conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cur.fetchone())


def _admin(statement):
    conn = connect("postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(statement)
    finally:
        conn.close()


def drop_db(name):
    _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    shutil.rmtree(ODOO_DATA_DIR / "filestore" / name, ignore_errors=True)


def clone_db(source, target):
    """Copy a database and its filestore (compiled assets live there)."""
    _admin(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(target), sql.Identifier(source)
        )
    )
    store = ODOO_DATA_DIR / "filestore"
    if (store / source).is_dir():
        shutil.rmtree(store / target, ignore_errors=True)
        subprocess.run(["cp", "-a", str(store / source), str(store / target)], check=True)


def columns(cur, table):
    cur.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cur.fetchall()]


def clone_rows(cur, table, template_id, source, overrides):
    """``INSERT INTO table SELECT … FROM table t, <source> g WHERE t.id = template``.

    Every column not in ``overrides`` (SQL expressions over ``t`` and ``g``) is
    copied from the template row, so columns added by later versions of the
    addons get the template's value instead of breaking the insert.
    """
    names = columns(cur, table)
    unknown = set(overrides) - set(names)
    if unknown:
        raise ValueError(f"{table} has no column {', '.join(sorted(unknown))}")
    select = [
        sql.SQL(overrides[name])
        if name in overrides
        else sql.SQL("t.{}").format(sql.Identifier(name))
        for name in names
    ]
    cur.execute(
        sql.SQL(
            "INSERT INTO {table} ({cols}) SELECT {select} FROM {table} t, {source} WHERE t.id = %s"
        ).format(
            table=sql.Identifier(table),
            cols=sql.SQL(", ").join(map(sql.Identifier, names)),
            select=sql.SQL(", ").join(select),
            source=sql.SQL(source),
        ),
        [template_id],
    )
    return cur.rowcount


def next_id(cur, table):
    cur.execute(sql.SQL("SELECT COALESCE(MAX(id), 0) FROM {}").format(sql.Identifier(table)))
    return cur.fetchone()[0]


def reset_sequence(cur, table):
    cur.execute(
        sql.SQL(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 0) + 1, false)"
            " FROM {}"
        ).format(sql.Identifier(table)),
        [table],
    )


def copy_rows(cur, table, header, rows):
    """Load ``rows`` (tuples) into an existing table with COPY."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(r"\N" if value is None else str(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cur.copy_expert(
        sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, header))
        ),
        buffer,
    )
