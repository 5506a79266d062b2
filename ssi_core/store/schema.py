"""The tables, and the migrations that create them: each applied once, in order, and recorded
in schema_migrations so that a database made by an older version is brought up to date."""

from __future__ import annotations

from ssi_core.pillars import GROUP_PILLAR_IDS
from ssi_core.store.backend import Connection

# Plain SQL that DuckDB and PostgreSQL both accept (sequences, not SERIAL/IDENTITY, for DuckDB).
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "initial schema",
        [
            "CREATE SEQUENCE IF NOT EXISTS profiles_id_seq START 1",
            """CREATE TABLE IF NOT EXISTS profiles (
                id INTEGER PRIMARY KEY DEFAULT nextval('profiles_id_seq'),
                owner VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                industry VARCHAR,
                industry_ssi DOUBLE PRECISION,
                network_ssi DOUBLE PRECISION,
                is_demo BOOLEAN NOT NULL DEFAULT FALSE,
                created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
                UNIQUE (owner, name)
            )""",
            """CREATE TABLE IF NOT EXISTS snapshots (
                profile_id INTEGER NOT NULL,
                date DATE NOT NULL,
                ssi DOUBLE PRECISION,
                professional_brand DOUBLE PRECISION,
                find_right_people DOUBLE PRECISION,
                insight_engagement DOUBLE PRECISION,
                strong_relationship DOUBLE PRECISION,
                industry_ssi DOUBLE PRECISION,
                industry_top_pct DOUBLE PRECISION,
                network_ssi DOUBLE PRECISION,
                network_top_pct DOUBLE PRECISION,
                industry VARCHAR,
                source VARCHAR,
                PRIMARY KEY (profile_id, date)
            )""",
            "CREATE SEQUENCE IF NOT EXISTS assessments_id_seq START 1",
            """CREATE TABLE IF NOT EXISTS assessments (
                id INTEGER PRIMARY KEY DEFAULT nextval('assessments_id_seq'),
                profile_id INTEGER NOT NULL,
                created_at TIMESTAMP NOT NULL,
                date DATE NOT NULL,
                questionnaire_version VARCHAR NOT NULL,
                answers VARCHAR NOT NULL,
                ssi DOUBLE PRECISION NOT NULL,
                professional_brand DOUBLE PRECISION NOT NULL,
                find_right_people DOUBLE PRECISION NOT NULL,
                insight_engagement DOUBLE PRECISION NOT NULL,
                strong_relationship DOUBLE PRECISION NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS assessments_profile ON assessments (profile_id)",
            "CREATE SEQUENCE IF NOT EXISTS imports_id_seq START 1",
            """CREATE TABLE IF NOT EXISTS imports (
                id INTEGER PRIMARY KEY DEFAULT nextval('imports_id_seq'),
                profile_id INTEGER NOT NULL,
                file_name VARCHAR,
                sha256 VARCHAR,
                format VARCHAR,
                rows_read INTEGER,
                rows_accepted INTEGER,
                rows_skipped INTEGER,
                new_days INTEGER,
                replaced_days INTEGER,
                imported_at TIMESTAMP NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS imports_profile ON imports (profile_id)",
            """CREATE TABLE IF NOT EXISTS action_status (
                profile_id INTEGER NOT NULL,
                action_id VARCHAR NOT NULL,
                done_at TIMESTAMP NOT NULL,
                PRIMARY KEY (profile_id, action_id)
            )""",
        ],
    ),
    (
        2,
        "data version per owner",
        [
            # Bumped first in every write: a cheap version() for PostgreSQL, and the row lock
            # that serialises one owner's writes (two tabs creating the same profile).
            """CREATE TABLE IF NOT EXISTS data_versions (
                owner VARCHAR PRIMARY KEY,
                version BIGINT NOT NULL
            )""",
        ],
    ),
    (
        3,
        "group pillars",
        [
            # The industry's and the network's average of each pillar, beside the member's own.
            # Every stored day keeps its values and gets NULL here: unknown, never 0.
            f"ALTER TABLE snapshots ADD COLUMN IF NOT EXISTS {column} DOUBLE PRECISION"
            for column in GROUP_PILLAR_IDS
        ],
    ),
    (
        4,
        "weekly activity and answers from the data archive",
        [
            # Counts only, one row per profile and Monday; NULL where the archive lacked the
            # file (unknown, never 0).
            """CREATE TABLE IF NOT EXISTS activity_weeks (
                profile_id INTEGER NOT NULL,
                week DATE NOT NULL,
                posts INTEGER,
                comments INTEGER,
                reactions INTEGER,
                invitations_sent INTEGER,
                connections INTEGER,
                messages_sent INTEGER,
                PRIMARY KEY (profile_id, week)
            )""",
            # JSON {question id: {"fact": ..., "value": count}} of the answers that came from
            # the member's data archive; NULL for an assessment answered from memory.
            "ALTER TABLE assessments ADD COLUMN IF NOT EXISTS sources VARCHAR",
        ],
    ),
    (
        5,
        "goals",
        [
            # One goal per profile: a target SSI by a date, optionally per pillar (NULL: none)
            # and a rank ("Top N%") in the industry or the network.
            """CREATE TABLE IF NOT EXISTS goals (
                profile_id INTEGER PRIMARY KEY,
                target_ssi DOUBLE PRECISION NOT NULL,
                target_date DATE NOT NULL,
                professional_brand DOUBLE PRECISION,
                find_right_people DOUBLE PRECISION,
                insight_engagement DOUBLE PRECISION,
                strong_relationship DOUBLE PRECISION,
                rank_group VARCHAR,
                rank_top_pct DOUBLE PRECISION,
                set_at TIMESTAMP NOT NULL
            )""",
        ],
    ),
    (
        6,
        "teams",
        [
            # A team: its coaches see what each member shares; members see the team's averages.
            "CREATE SEQUENCE IF NOT EXISTS teams_id_seq START 1",
            """CREATE TABLE IF NOT EXISTS teams (
                id INTEGER PRIMARY KEY DEFAULT nextval('teams_id_seq'),
                name VARCHAR NOT NULL,
                created_by VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL
            )""",
            # One row per member: the profile they share and what of it (share: nothing, total
            # or pillars; share_history adds the days before the latest). Deleting it (leaving)
            # touches none of the member's own data.
            "CREATE SEQUENCE IF NOT EXISTS team_members_id_seq START 1",
            """CREATE TABLE IF NOT EXISTS team_members (
                id INTEGER PRIMARY KEY DEFAULT nextval('team_members_id_seq'),
                team_id INTEGER NOT NULL,
                owner VARCHAR NOT NULL,
                display_name VARCHAR NOT NULL,
                profile_id INTEGER,
                role VARCHAR NOT NULL CHECK (role IN ('coach', 'member')),
                share VARCHAR NOT NULL CHECK (share IN ('nothing', 'total', 'pillars')),
                share_history BOOLEAN NOT NULL DEFAULT FALSE,
                joined_at TIMESTAMP NOT NULL,
                UNIQUE (team_id, owner)
            )""",
            "CREATE INDEX IF NOT EXISTS team_members_owner ON team_members (owner)",
            # Only a code's SHA-256 is kept: the code itself is shown once, to the coach.
            "CREATE SEQUENCE IF NOT EXISTS team_invitations_id_seq START 1",
            """CREATE TABLE IF NOT EXISTS team_invitations (
                id INTEGER PRIMARY KEY DEFAULT nextval('team_invitations_id_seq'),
                team_id INTEGER NOT NULL,
                code_sha256 VARCHAR NOT NULL UNIQUE,
                created_at TIMESTAMP NOT NULL,
                revoked_at TIMESTAMP
            )""",
        ],
    ),
]


def migrate(con: Connection) -> None:
    """Apply the migrations this database has not had yet (the caller holds the migration
    lock and commits)."""
    con.execute(
        """CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
            applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"""
    )
    applied = set(con.execute("SELECT version FROM schema_migrations").scalars())
    for version, name, statements in MIGRATIONS:
        if version in applied:
            continue
        for statement in statements:
            con.execute(statement)
        con.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (:v, :n)",
            {"v": version, "n": name},
        )
