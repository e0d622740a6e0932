"""Build a city-scale copy of the demo database, for the benchmarks.

Run (see tests/benchmarks/README.md):

    python tests/benchmarks/city_generate.py --source pf_city_base --target pf_city --scale 1

``--source`` is a database with both addons and their demo data (the one
``setup/run.sh`` creates); it is copied to ``--target`` (dropped first when it
exists), then filled with plain SQL (COPY and INSERT…SELECT, no ORM). At scale
1.0: 8 sites, 25 activities, about 1,800 families, 3,000 children, 1,000,000
reservations of the current school year, each with its validated request line,
and 10,000 pending lines in about 770 requests awaiting the nightly run. Sites
and activities do not scale; families, children and rows do.

Every generated family has a portal user ``parentNNNN@example.com`` with the
password ``parent``; its children have their documents validated. Families
whose number is a multiple of 100 have two children at one school and nothing
booked (for the periodic booking measure).
"""

import argparse
import math
import random
import sys
import time
from datetime import date, datetime, timedelta

from city_db import (
    clone_db,
    clone_rows,
    columns,
    connect,
    copy_rows,
    db_exists,
    drop_db,
    next_id,
    reset_sequence,
)
from passlib.hash import pbkdf2_sha512

FAMILIES = 1800
CHILD_COUNTS = (1,) * 50 + (2,) * 35 + (3,) * 15  # 1.65 children a family
RESERVATIONS = 1_000_000
PENDING_REQUESTS = 770
PENDING_LINES_PER_REQUEST = 13
NEW_SITES = ("TILLEULS", "CHATEAU", "GARE", "PARC", "COLLINE")
#: Activities of each new school, cloned from the demo activity of that name.
NEW_SITE_ACTIVITIES = ("MATIN ELE EUROPA", "MIDI ELE EUROPA", "GOUTER ELE EUROPA 17H")
#: Share of a school's children booked on each kind of activity (whole year).
BOOKING_SHARE = {"MATIN": 0.6, "MIDI": 0.95, "GOUTER": 0.75, "CREATIF": 0.15, "LIBRE": 0.12}
WEDNESDAY_SHARE = 0.3
PASSWORD = "parent"
SURNAMES = (
    "MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL "
    "LEFEBVRE LEROY ROUX DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPONT LAMBERT FONTAINE "
    "ROUSSEAU VINCENT MULLER LEFEVRE FAURE ANDRE MERCIER BLANC GUERIN BOYER GARNIER CHEVALIER "
    "FRANCOIS LEGRAND GAUTHIER GARCIA PERRIN ROBIN CLEMENT MORIN NICOLAS HENRY ROUSSEL MATHIEU "
    "GAUTIER MASSON MARCHAND DUVAL DENIS DUMONT MARIE LEMAIRE NOEL MEYER DUFOUR MEUNIER WEBER "
    "SCHMITT KLEIN HOFFMANN BECKER WAGNER SCHNEIDER"
).split()
FIRST_NAMES = (
    "Léa Emma Chloé Inès Jade Louise Alice Lina Rose Anna Mila Julia Zoé Lou Ambre Léna Nina "
    "Manon Sarah Eva Gabriel Léo Raphaël Arthur Louis Jules Adam Maël Lucas Hugo Noah Liam "
    "Sacha Nathan Tom Paul Ethan Victor Théo Nolan Timéo Aaron Axel Malo Robin Martin Noé Sami"
).split()


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def one(cur, query, params=None):
    cur.execute(query, params)
    return cur.fetchone()[0]


class CityGenerator:
    def __init__(self, cur, scale, seed):
        self.cur = cur
        self.scale = scale
        self.random = random.Random(seed)
        self.now = datetime.now().replace(microsecond=0)
        self.today = self.now.date()

    # ------------------------------------------------------------------
    # Reference rows of the demo
    # ------------------------------------------------------------------
    def load_demo(self):
        cur = self.cur
        self.company_id = one(cur, "SELECT company_id FROM periscolaire_family ORDER BY id LIMIT 1")
        self.template = {
            "user": one(cur, "SELECT id FROM res_users WHERE share AND active ORDER BY id DESC"),
            "family": one(cur, "SELECT id FROM periscolaire_family ORDER BY id LIMIT 1"),
            "child": one(cur, "SELECT id FROM periscolaire_child ORDER BY id LIMIT 1"),
            "site": one(cur, "SELECT id FROM periscolaire_site ORDER BY id LIMIT 1"),
            "category": one(cur, "SELECT id FROM periscolaire_activity_category ORDER BY id"),
            "request": one(cur, "SELECT id FROM periscolaire_request ORDER BY id LIMIT 1"),
            "line": one(cur, "SELECT id FROM periscolaire_request_line ORDER BY id LIMIT 1"),
            "reservation": one(cur, "SELECT id FROM periscolaire_reservation ORDER BY id LIMIT 1"),
            "document": one(
                cur, "SELECT id FROM periscolaire_document WHERE state = 'validated' LIMIT 1"
            ),
            "follower": one(
                cur,
                "SELECT id FROM mail_followers WHERE res_model = 'periscolaire.request' LIMIT 1",
            ),
        }
        self.template["partner"] = one(
            cur, "SELECT partner_id FROM res_users WHERE id = %s", [self.template["user"]]
        )
        cur.execute("SELECT id, name, site_id, category_id FROM periscolaire_activity")
        self.demo_activities = {name: (id_, site, cat) for id_, name, site, cat in cur.fetchall()}
        cur.execute(
            "SELECT id, name, open_to_all FROM periscolaire_site WHERE active IS NOT FALSE"
            " ORDER BY id"
        )
        sites = cur.fetchall()
        self.school_sites = [site_id for site_id, _name, open_to_all in sites if not open_to_all]
        self.open_sites = [site_id for site_id, _name, open_to_all in sites if open_to_all]

    # ------------------------------------------------------------------
    # Sites and activities (fixed, whatever the scale)
    # ------------------------------------------------------------------
    def add_sites_and_activities(self):
        cur = self.cur
        base_site = next_id(cur, "periscolaire_site")
        base_category = next_id(cur, "periscolaire_activity_category")
        max_sequence = one(
            cur, "SELECT COALESCE(MAX(sequence), 0) FROM periscolaire_activity_category"
        )
        max_number = one(cur, "SELECT COALESCE(MAX(number), 0) FROM periscolaire_activity")
        names = ", ".join(f"({index}, '{name}')" for index, name in enumerate(NEW_SITES, start=1))
        source = f"(VALUES {names}) AS g(n, name)"
        clone_rows(
            cur,
            "periscolaire_site",
            self.template["site"],
            source,
            {"id": f"{base_site} + g.n", "name": "g.name", "code": "left(g.name, 3)"},
        )
        clone_rows(
            cur,
            "periscolaire_activity_category",
            self.template["category"],
            source,
            {"id": f"{base_category} + g.n", "name": "g.name", "sequence": f"{max_sequence} + g.n"},
        )
        base_activity = next_id(cur, "periscolaire_activity")
        rows = []
        for site_index, site_name in enumerate(NEW_SITES, start=1):
            for kind_index, template_name in enumerate(NEW_SITE_ACTIVITIES):
                kind = template_name.split()[0]
                rows.append(
                    (
                        len(rows) + 1,
                        self.demo_activities[template_name][0],
                        base_site + site_index,
                        base_category + site_index,
                        max_number + 10 * site_index + kind_index,
                        f"{kind} ELE {site_name}",
                    )
                )
        # The last school has no after-school snack: 25 activities in all.
        rows.pop()
        values = ", ".join(
            f"({n}, {t}, {s}, {c}, {num}, '{name}')" for n, t, s, c, num, name in rows
        )
        source = f"(VALUES {values}) AS g(n, template, site, category, number, name)"
        for template_id in {row[1] for row in rows}:
            clone_rows(
                cur,
                "periscolaire_activity",
                template_id,
                f"(SELECT * FROM {source} WHERE template = {template_id}) AS g",
                {
                    "id": f"{base_activity} + g.n",
                    "site_id": "g.site",
                    "category_id": "g.category",
                    "number": "g.number",
                    "name": "g.name",
                },
            )
        self.clone_tariffs(base_activity, rows)
        for table in (
            "periscolaire_site",
            "periscolaire_activity_category",
            "periscolaire_activity",
        ):
            reset_sequence(cur, table)
        self.school_sites += [base_site + index for index in range(1, len(NEW_SITES) + 1)]

    def clone_tariffs(self, base_activity, rows):
        """Each new activity gets the tariff versions of its demo model."""
        cur = self.cur
        if "periscolaire_tariff" not in {t for (t,) in self._tables()}:
            return
        for n, template_activity, _site, _category, number, name in rows:
            cur.execute(
                "SELECT id FROM periscolaire_tariff WHERE activity_id = %s", [template_activity]
            )
            for (tariff_id,) in cur.fetchall():
                new_id = next_id(cur, "periscolaire_tariff") + 1
                clone_rows(
                    cur,
                    "periscolaire_tariff",
                    tariff_id,
                    "(SELECT 1) AS g",
                    {
                        "id": str(new_id),
                        "activity_id": str(base_activity + n),
                        "name": f"replace(t.name, split_part(t.name, ' — ', 1), "
                        f"'{number}) {name}')",
                    },
                )
                for child_table in (
                    "periscolaire_tariff_bracket",
                    "periscolaire_tariff_sibling_discount",
                ):
                    names = [c for c in columns(cur, child_table) if c != "id"]
                    select = ", ".join(str(new_id) if c == "tariff_id" else c for c in names)
                    cur.execute(
                        f"INSERT INTO {child_table} ({', '.join(names)})"
                        f" SELECT {select} FROM {child_table} WHERE tariff_id = %s",
                        [tariff_id],
                    )
                reset_sequence(cur, "periscolaire_tariff")

    def _tables(self):
        self.cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return self.cur.fetchall()

    # ------------------------------------------------------------------
    # Families, parents, children, documents
    # ------------------------------------------------------------------
    def add_families(self):
        cur = self.cur
        count = max(20, round(FAMILIES * self.scale))
        base_partner = next_id(cur, "res_partner")
        base_user = next_id(cur, "res_users")
        base_family = next_id(cur, "periscolaire_family")
        base_child = next_id(cur, "periscolaire_child")
        families, children = [], []
        for n in range(1, count + 1):
            surname = SURNAMES[(n * 7) % len(SURNAMES)]
            quiet = n % 100 == 0
            site = self.school_sites[n % len(self.school_sites)]
            kids = 2 if quiet else CHILD_COUNTS[(n * 37) % len(CHILD_COUNTS)]
            resident = n % 10 != 0
            qf = 300 + (n * 131) % 1700
            families.append(
                (n, base_family + n, base_partner + n, base_user + n, surname, resident, qf, quiet)
            )
            for k in range(kids):
                born = date(2014, 1, 1) + timedelta(days=(n * 97 + k * 811) % (365 * 9))
                first = FIRST_NAMES[(n * 13 + k * 7) % len(FIRST_NAMES)]
                children.append(
                    (
                        len(children) + 1,
                        base_child + len(children) + 1,
                        base_family + n,
                        first,
                        surname,
                        born,
                        site,
                    )
                )
        cur.execute(
            "CREATE TEMP TABLE pf_family (n int, id int, partner_id int, user_id int,"
            " name varchar, resident bool, qf int, quiet bool)"
        )
        copy_rows(
            cur,
            "pf_family",
            ("n", "id", "partner_id", "user_id", "name", "resident", "qf", "quiet"),
            families,
        )
        cur.execute(
            "CREATE TEMP TABLE pf_child (n int, id int, family_id int, first_name varchar,"
            " last_name varchar, birth_date date, site_id int)"
        )
        copy_rows(
            cur,
            "pf_child",
            ("n", "id", "family_id", "first_name", "last_name", "birth_date", "site_id"),
            children,
        )
        self._insert_people()
        self.families = families
        self.children = children
        log(f"{len(families)} families, {len(children)} children")

    def _insert_people(self):
        cur = self.cur
        login = "'parent' || lpad(g.n::text, 4, '0') || '@example.com'"
        partner_cols = set(columns(cur, "res_partner"))
        overrides = {
            "id": "g.partner_id",
            "name": "initcap(g.name) || ' ' || g.n",
            "complete_name": "initcap(g.name) || ' ' || g.n",
            "email": login,
            "email_normalized": login,
            "commercial_partner_id": "g.partner_id",
            "create_date": "now() at time zone 'utc'",
            "write_date": "now() at time zone 'utc'",
        }
        for name in ("signup_type", "partner_gid", "ref", "barcode", "vat"):
            if name in partner_cols:
                overrides[name] = "NULL"
        clone_rows(cur, "res_partner", self.template["partner"], "pf_family g", overrides)
        password = pbkdf2_sha512.using(rounds=600_000).hash(PASSWORD)
        user_overrides = {
            "id": "g.user_id",
            "partner_id": "g.partner_id",
            "login": login,
            "password": f"'{password}'",
            "create_date": "now() at time zone 'utc'",
            "write_date": "now() at time zone 'utc'",
        }
        if "totp_secret" in columns(cur, "res_users"):
            user_overrides["totp_secret"] = "NULL"
        clone_rows(cur, "res_users", self.template["user"], "pf_family g", user_overrides)
        cur.execute(
            "INSERT INTO res_groups_users_rel (gid, uid) SELECT r.gid, g.user_id"
            " FROM res_groups_users_rel r, pf_family g WHERE r.uid = %s",
            [self.template["user"]],
        )
        cur.execute(
            "INSERT INTO res_company_users_rel (cid, user_id) SELECT r.cid, g.user_id"
            " FROM res_company_users_rel r, pf_family g WHERE r.user_id = %s",
            [self.template["user"]],
        )
        clone_rows(
            cur,
            "periscolaire_family",
            self.template["family"],
            "pf_family g",
            {
                "id": "g.id",
                "name": "g.name",
                "referent_id": "g.partner_id",
                "is_resident": "g.resident",
                "qf": "g.qf",
                "qf_date_start": "NULL",
                "qf_date_end": "NULL",
                "ical_token": "NULL",
                "create_date": "now() at time zone 'utc'",
                "write_date": "now() at time zone 'utc'",
            },
        )
        clone_rows(
            cur,
            "periscolaire_child",
            self.template["child"],
            "pf_child g",
            {
                "id": "g.id",
                "family_id": "g.family_id",
                "first_name": "g.first_name",
                "last_name": "g.last_name",
                "name": "upper(g.last_name || ' ' || g.first_name)",
                "birth_date": "g.birth_date",
                "site_id": "g.site_id",
                "allergies": "NULL",
                "create_date": "now() at time zone 'utc'",
                "write_date": "now() at time zone 'utc'",
            },
        )
        self._insert_documents()
        for table in ("res_partner", "res_users", "periscolaire_family", "periscolaire_child"):
            reset_sequence(cur, table)

    def _insert_documents(self):
        """Every document of every child (and the référent's) validated, so
        that nothing blocks their bookings."""
        cur = self.cur
        school_year_end = date(self.school_year_start().year + 1, 8, 31)
        base = next_id(cur, "periscolaire_document")
        cur.execute(
            "CREATE TEMP TABLE pf_document AS"
            " SELECT row_number() OVER () AS n, c.family_id, c.id AS child_id, t.id AS type_id,"
            "   t.sequence, t.name || ' — ' || upper(c.last_name || ' ' || c.first_name) AS name"
            " FROM pf_child c, periscolaire_document_type t"
            " WHERE t.target = 'child' AND t.active"
            " UNION ALL"
            " SELECT 0, f.id, NULL, t.id, t.sequence, t.name"
            " FROM pf_family f, periscolaire_document_type t"
            " WHERE t.target = 'referent' AND t.active"
        )
        cur.execute(
            "UPDATE pf_document SET n = s.n FROM (SELECT ctid AS c, row_number() OVER () AS n"
            " FROM pf_document) s WHERE pf_document.ctid = s.c"
        )
        clone_rows(
            cur,
            "periscolaire_document",
            self.template["document"],
            "pf_document g",
            {
                "id": f"{base} + g.n",
                "family_id": "g.family_id",
                "child_id": "g.child_id",
                "type_id": "g.type_id",
                "type_sequence": "g.sequence",
                "name": "g.name",
                "state": "'validated'",
                "refuse_reason": "NULL",
                "validated_on": f"'{self.school_year_start()}'",
                "expiry_date": f"'{school_year_end}'",
                "reminder_sent_for": "NULL",
            },
        )
        reset_sequence(cur, "periscolaire_document")

    def school_year_start(self):
        year = self.today.year if self.today.month >= 8 else self.today.year - 1
        return date(year, 9, 1)

    # ------------------------------------------------------------------
    # A school year of bookings
    # ------------------------------------------------------------------
    def compute_open_days(self):
        """Open days of every activity: its weekdays in its period, minus the
        closed days (public holidays and school holidays)."""
        cur = self.cur
        cur.execute(
            "CREATE TEMP TABLE pf_open_day AS"
            " SELECT a.id AS activity_id, d::date AS day"
            " FROM periscolaire_activity a,"
            "      generate_series(a.date_start, a.date_end, interval '1 day') d"
            " WHERE a.active AND (ARRAY[a.mon, a.tue, a.wed, a.thu, a.fri, a.sat, a.sun])"
            "       [extract(isodow FROM d)::int] IS TRUE"
            "   AND NOT EXISTS (SELECT 1 FROM periscolaire_closed_day c"
            "       WHERE c.company_id = a.company_id AND d BETWEEN c.date_start AND c.date_end)"
        )
        cur.execute("CREATE INDEX ON pf_open_day (activity_id, day)")
        cur.execute("SELECT activity_id, count(*) FROM pf_open_day GROUP BY activity_id")
        self.open_day_counts = dict(cur.fetchall())
        cur.execute(
            "SELECT id, site_id, split_part(name, ' ', 1) FROM periscolaire_activity WHERE active"
        )
        self.activities_by_site = {}
        for activity_id, site_id, kind in cur.fetchall():
            self.activities_by_site.setdefault(site_id, []).append((activity_id, kind))

    def choose_pairs(self):
        """(child, activity) booked for the whole year, scaled to the target
        number of reservations."""
        target = RESERVATIONS * self.scale
        quiet = {family[1] for family in self.families if family[7]}
        offered = []
        for _n, child_id, family_id, _first, _last, _born, site_id in self.children:
            if family_id in quiet:
                continue
            for activity_id, kind in self.activities_by_site.get(site_id, []):
                offered.append((child_id, activity_id, BOOKING_SHARE.get(kind, 0.5)))
            for site in self.open_sites:
                for activity_id, _kind in self.activities_by_site.get(site, []):
                    offered.append((child_id, activity_id, WEDNESDAY_SHARE))
        expected = sum(self.open_day_counts.get(a, 0) * share for _c, a, share in offered)
        factor = target / expected if expected else 1.0
        draws = [self.random.random() for _pair in offered]
        self.pairs = [
            (child_id, activity_id)
            for (child_id, activity_id, share), draw in zip(offered, draws, strict=True)
            if draw < min(0.98, share * factor)
        ]

    def add_bookings(self):
        """One processed request per (child, activity), a validated line and a
        confirmed reservation per open day; past days ticked."""
        cur = self.cur
        family_of = {child[1]: child[2] for child in self.children}
        base_request = next_id(cur, "periscolaire_request")
        submitted = datetime.combine(
            self.school_year_start() - timedelta(days=10), datetime.min.time()
        )
        pairs = [
            (
                n,
                child_id,
                activity_id,
                family_of[child_id],
                base_request + n,
                submitted + timedelta(seconds=17 * n),
            )
            for n, (child_id, activity_id) in enumerate(self.pairs, start=1)
        ]
        cur.execute(
            "CREATE TEMP TABLE pf_pair (n int, child_id int, activity_id int, family_id int,"
            " request_id int, submitted_at timestamp)"
        )
        copy_rows(
            cur,
            "pf_pair",
            ("n", "child_id", "activity_id", "family_id", "request_id", "submitted_at"),
            pairs,
        )
        self._insert_requests("pf_pair", "processed")
        cur.execute(
            "CREATE TEMP TABLE pf_booking AS"
            " SELECT row_number() OVER (ORDER BY p.n, d.day) AS n, p.child_id, p.activity_id,"
            "        p.family_id, p.request_id, p.submitted_at, d.day"
            " FROM pf_pair p JOIN pf_open_day d ON d.activity_id = p.activity_id"
        )
        base_reservation = next_id(cur, "periscolaire_reservation")
        base_line = next_id(cur, "periscolaire_request_line")
        self._insert_lines(
            "pf_booking",
            base_line,
            state="'validated'",
            action="'book'",
            reservation=f"{base_reservation} + g.n",
        )
        attendance = (
            "CASE WHEN g.day >= CURRENT_DATE THEN 'unknown'"
            " WHEN mod(g.n, 53) = 0 THEN 'absent_justified'"
            " WHEN mod(g.n, 71) = 0 THEN 'absent_unjustified'"
            " WHEN mod(g.n, 97) = 0 THEN 'unknown' ELSE 'present' END"
        )
        clone_rows(
            cur,
            "periscolaire_reservation",
            self.template["reservation"],
            "(SELECT b.*, a.site_id, a.category_id, a.company_id, a.has_meal"
            "  FROM pf_booking b JOIN periscolaire_activity a ON a.id = b.activity_id) g",
            {
                "id": f"{base_reservation} + g.n",
                "child_id": "g.child_id",
                "family_id": "g.family_id",
                "activity_id": "g.activity_id",
                "site_id": "g.site_id",
                "category_id": "g.category_id",
                "company_id": "g.company_id",
                "date": "g.day",
                "state": "'confirmed'",
                "cancel_reason": "NULL",
                "cancelled_at": "NULL",
                "closure_id": "NULL",
                "request_line_id": f"{base_line} + g.n",
                "attendance": attendance,
                "has_meal": "g.has_meal",
                "meal_count": "CASE WHEN g.has_meal THEN 1 ELSE 0 END",
                "create_date": "g.submitted_at",
                "write_date": "g.submitted_at",
                **self._billing_overrides("periscolaire_reservation"),
            },
        )
        log(f"{one(cur, 'SELECT count(*) FROM pf_booking')} reservations in {len(pairs)} requests")

    def _billing_overrides(self, table):
        present = set(columns(self.cur, table))
        return {
            name: "NULL"
            for name in ("invoice_line_id", "refund_line_id", "invoice_id")
            if name in present
        }

    def _insert_requests(self, source, state):
        """One request per distinct request_id of ``source`` (followed by the
        family's référent, as the ORM does)."""
        cur = self.cur
        cur.execute(
            f"CREATE TEMP TABLE pf_request_{state} AS"
            f" SELECT DISTINCT ON (request_id) request_id AS id, family_id, submitted_at"
            f" FROM {source} ORDER BY request_id"
        )
        number = one(cur, "SELECT number_next FROM ir_sequence WHERE code = 'periscolaire.request'")
        prefix = one(
            cur, "SELECT COALESCE(prefix, '') FROM ir_sequence WHERE code = 'periscolaire.request'"
        )
        clone_rows(
            cur,
            "periscolaire_request",
            self.template["request"],
            f"(SELECT r.*, row_number() OVER (ORDER BY r.id) AS n FROM pf_request_{state} r) g",
            {
                "id": "g.id",
                "family_id": "g.family_id",
                "name": f"'{prefix}' || ({number} + g.n)",
                "state": f"'{state}'",
                "submitted_at": "g.submitted_at",
                "is_late": "false",
                "exception_reason": "NULL",
                "exception_comment": "NULL",
                "access_token": "NULL",
                "create_date": "g.submitted_at",
                "write_date": "g.submitted_at",
            },
        )
        cur.execute(
            "UPDATE ir_sequence SET number_next = number_next + %s"
            " WHERE code = 'periscolaire.request'",
            [cur.rowcount],
        )
        base_follower = next_id(cur, "mail_followers")
        clone_rows(
            cur,
            "mail_followers",
            self.template["follower"],
            f"(SELECT r.id, f.referent_id, row_number() OVER (ORDER BY r.id) AS n"
            f"  FROM pf_request_{state} r JOIN periscolaire_family f ON f.id = r.family_id) g",
            {"id": f"{base_follower} + g.n", "res_id": "g.id", "partner_id": "g.referent_id"},
        )
        cur.execute(
            "INSERT INTO mail_followers_mail_message_subtype_rel"
            " (mail_followers_id, mail_message_subtype_id)"
            " SELECT f.id, s.mail_message_subtype_id FROM mail_followers f,"
            "   mail_followers_mail_message_subtype_rel s"
            " WHERE f.id > %s AND s.mail_followers_id = %s",
            [base_follower, self.template["follower"]],
        )
        reset_sequence(cur, "periscolaire_request")
        reset_sequence(cur, "mail_followers")

    def _insert_lines(self, source, base_line, state, action, reservation):
        cur = self.cur
        clone_rows(
            cur,
            "periscolaire_request_line",
            self.template["line"],
            f"(SELECT b.*, a.site_id, a.company_id, pp.lst_price"
            f"  FROM {source} b JOIN periscolaire_activity a ON a.id = b.activity_id"
            f"  LEFT JOIN (SELECT p.id, t.list_price AS lst_price FROM product_product p"
            f"             JOIN product_template t ON t.id = p.product_tmpl_id) pp"
            f"    ON pp.id = a.product_id) g",
            {
                "id": f"{base_line} + g.n",
                "request_id": "g.request_id",
                "family_id": "g.family_id",
                "company_id": "g.company_id",
                "child_id": "g.child_id",
                "activity_id": "g.activity_id",
                "site_id": "g.site_id",
                "date": "g.day",
                "action": action,
                "state": state,
                "price": "COALESCE(g.lst_price, 0)",
                "is_late": "false",
                "waiting_rank": "0",
                "refuse_reason": "NULL",
                "reservation_id": reservation,
                "submitted_at": "g.submitted_at",
                "create_date": "g.submitted_at",
                "write_date": "g.submitted_at",
            },
        )

    def add_pending(self):
        """Requests sent today for the coming weeks, awaiting the nightly run:
        new activities for a few weeks, and some cancellations."""
        cur = self.cur
        count = max(10, round(PENDING_REQUESTS * self.scale))
        booked = {}
        for child_id, activity_id in self.pairs:
            booked.setdefault(child_id, set()).add(activity_id)
        eligible = [c for c in self.children if c[1] in booked]
        first_day = self.today + timedelta(days=10)
        cur.execute(
            "SELECT activity_id, array_agg(day ORDER BY day) FROM pf_open_day"
            " WHERE day >= %s GROUP BY activity_id",
            [first_day],
        )
        days_of = dict(cur.fetchall())
        base_request = next_id(cur, "periscolaire_request")
        evening = datetime.combine(self.today, datetime.min.time()) + timedelta(hours=17)
        rows = []
        for r in range(1, count + 1):
            _n, child_id, family_id, *_rest, site_id = eligible[(r * 7919) % len(eligible)]
            own = booked[child_id]
            free = [a for a, _kind in self.activities_by_site.get(site_id, []) if a not in own]
            cancel = r % 10 == 0 or not free
            activity_id = sorted(own)[r % len(own)] if cancel else free[r % len(free)]
            days = days_of.get(activity_id, [])
            start = (r * 3) % max(1, len(days) - PENDING_LINES_PER_REQUEST)
            for day in days[start : start + PENDING_LINES_PER_REQUEST]:
                rows.append(
                    (
                        len(rows) + 1,
                        child_id,
                        activity_id,
                        family_id,
                        base_request + r,
                        evening + timedelta(seconds=11 * r),
                        day,
                        "cancel" if cancel else "book",
                    )
                )
        cur.execute(
            "CREATE TEMP TABLE pf_pending (n int, child_id int, activity_id int, family_id int,"
            " request_id int, submitted_at timestamp, day date, action varchar)"
        )
        copy_rows(
            cur,
            "pf_pending",
            (
                "n",
                "child_id",
                "activity_id",
                "family_id",
                "request_id",
                "submitted_at",
                "day",
                "action",
            ),
            rows,
        )
        self._insert_requests("pf_pending", "submitted")
        self._insert_lines(
            "pf_pending",
            next_id(cur, "periscolaire_request_line"),
            state="'pending'",
            action="g.action",
            reservation="NULL",
        )
        log(f"{len(rows)} pending lines in {count} requests")

    def set_capacities(self):
        """Capacities that fit the town: the busiest day plus a little room,
        so that the pending requests fill some activities and wait on others."""
        cur = self.cur
        cur.execute(
            "WITH busiest AS (SELECT activity_id, max(n) AS n FROM"
            "  (SELECT activity_id, count(*) AS n FROM pf_booking GROUP BY activity_id, day) d"
            "  GROUP BY activity_id)"
            " UPDATE periscolaire_activity a SET"
            "  capacity = CASE WHEN a.capacity_mode = 'places'"
            "    THEN ceil(b.n * 1.05)::int + 3 ELSE a.capacity END,"
            "  staff_count = CASE WHEN a.capacity_mode = 'staffing'"
            "    THEN ceil(b.n / 8.0)::int + 1 ELSE a.staff_count END"
            " FROM busiest b WHERE b.activity_id = a.id"
        )

    def finish(self):
        for table in (
            "periscolaire_request",
            "periscolaire_request_line",
            "periscolaire_reservation",
        ):
            reset_sequence(self.cur, table)


def generate(dbname, scale, seed):
    conn = connect(dbname)
    try:
        with conn, conn.cursor() as cur:
            # Reservations and their lines point at each other: the foreign keys
            # are checked once everything is in, not row by row.
            cur.execute("SET session_replication_role = replica")
            city = CityGenerator(cur, scale, seed)
            city.load_demo()
            city.add_sites_and_activities()
            city.add_families()
            city.compute_open_days()
            city.choose_pairs()
            city.add_bookings()
            city.add_pending()
            city.set_capacities()
            city.finish()
            cur.execute("SET session_replication_role = origin")
            check_foreign_keys(cur)
        conn.autocommit = True
        with conn.cursor() as cur:
            log("VACUUM ANALYZE")
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()


def check_foreign_keys(cur):
    """The links written with the checks off point at real rows."""
    for query in (
        "SELECT count(*) FROM periscolaire_reservation r LEFT JOIN periscolaire_request_line l"
        " ON l.id = r.request_line_id WHERE r.request_line_id IS NOT NULL AND l.id IS NULL",
        "SELECT count(*) FROM periscolaire_request_line l LEFT JOIN periscolaire_reservation r"
        " ON r.id = l.reservation_id WHERE l.reservation_id IS NOT NULL AND r.id IS NULL",
        "SELECT count(*) FROM periscolaire_request_line l LEFT JOIN periscolaire_request q"
        " ON q.id = l.request_id WHERE q.id IS NULL",
    ):
        if one(cur, query):
            raise RuntimeError(f"dangling links: {query}")


def summary(dbname):
    with connect(dbname) as conn, conn.cursor() as cur:
        for label, table, where in (
            ("sites", "periscolaire_site", "true"),
            ("activities", "periscolaire_activity", "active"),
            ("families", "periscolaire_family", "true"),
            ("children", "periscolaire_child", "true"),
            ("reservations", "periscolaire_reservation", "true"),
            ("request lines", "periscolaire_request_line", "true"),
            ("pending lines", "periscolaire_request_line", "state = 'pending'"),
            ("submitted requests", "periscolaire_request", "state = 'submitted'"),
        ):
            log(f"{label}: {one(cur, f'SELECT count(*) FROM {table} WHERE {where}'):,}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", required=True, help="demo database with both addons")
    parser.add_argument("--target", default="pf_city", help="database to create")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: a town of 1,800 families")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not db_exists(args.source):
        sys.exit(f"No database {args.source}: create it with setup/run.sh (see README).")
    started = time.monotonic()
    log(f"copying {args.source} to {args.target}")
    drop_db(args.target)
    clone_db(args.source, args.target)
    try:
        generate(args.target, args.scale, args.seed)
    except BaseException:
        drop_db(args.target)
        raise
    summary(args.target)
    log(f"done in {math.ceil(time.monotonic() - started)} s")


if __name__ == "__main__":
    main()
