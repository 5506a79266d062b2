"""Teams in the store: who belongs, what each member shares, and the team's numbers.

Who may see what is decided here, in the SQL, never by a page: every query starts from the
members the asking owner may see, reads a member's days only when that member shares them, and
returns a team's aggregates only when at least MIN_SHARING members share. A team id or a member
id from a URL or a form is therefore harmless: asked by an owner who is not in the team, every
query returns nothing.

The local app (one owner, a coach's own profiles) uses the same queries over the owner's
profiles, each sharing everything.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from ssi_core.errors import SSIError
from ssi_core.history import TREND_MIN_POINTS, TREND_WINDOW_DAYS
from ssi_core.pillars import PILLAR_IDS
from ssi_core.store.duckdb_backend import DuckDBFile

if TYPE_CHECKING:
    from ssi_core.store.backend import Connection

# Aggregates over fewer sharing members than this are withheld: they would all but name them.
MIN_SHARING = 5
# A member without a measured day for this long is flagged.
STALE_DAYS = 14
# "The change over 4 weeks": the latest SSI against the latest day at least this long before it.
CHANGE_DAYS = 28
# The history chart: weekly means over this many weeks, one line per member up to LINES_MAX
# members, the team's median and middle half beyond.
HISTORY_WEEKS = 26
LINES_MAX = 20
SHARE_CHOICES = ("nothing", "total", "pillars")
ROLES = ("coach", "member")
TEAM_NAME_MAX = 80
DISPLAY_NAME_MAX = 80
# 16 random bytes: a code nobody guesses, short enough to read out.
INVITATION_BYTES = 16

# Why a team's aggregate is not returned.
FEW_SHARING = "few_sharing"
NOT_SHARING = "not_sharing"

ROW_COLUMNS = [
    "member_id", "label", "role", "share", "share_history", "is_me", "last_date", "days_since",
    "ssi", *PILLAR_IDS, "change_4w", "goal_status",
]  # fmt: skip


@dataclass(frozen=True)
class Membership:
    """One of the owner's teams, as the owner sees it."""

    team_id: int
    team_name: str
    member_id: int
    role: str
    share: str
    share_history: bool
    display_name: str
    profile: str | None

    @property
    def is_coach(self) -> bool:
        return self.role == "coach"


@dataclass(frozen=True)
class Invitation:
    id: int
    created_at: datetime
    revoked: bool


@dataclass(frozen=True)
class TeamSummary:
    """A team's averages of its members' latest measured values, or why they are withheld.

    `averages` holds the mean SSI, pillars and 4-week change (each over the members sharing it;
    a value shared by fewer than MIN_SHARING members is None), `withheld` the reason when even
    the SSI's average is withheld. `place` is the asking member's rank by SSI among the sharing
    members (1 is the highest), given only to a member who shares their total.
    """

    members: int
    sharing: int
    sharing_pillars: int
    sharing_history: int
    averages: dict[str, float | None] | None
    withheld: str | None
    place: int | None
    place_withheld: str | None


def hash_code(code: str) -> str:
    """What is stored of an invitation code: the code is random, so a plain SHA-256 is enough
    and a lookup by it reveals nothing of other codes."""
    return hashlib.sha256(code.strip().encode("utf-8")).hexdigest()


def check_share(share: str) -> str:
    if share not in SHARE_CHOICES:
        raise SSIError(f"Unknown sharing choice {share!r}: use one of {', '.join(SHARE_CHOICES)}.")
    return share


def _check_name(value: str, what: str, limit: int) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise SSIError(f"A {what} needs a name.")
    if len(cleaned) > limit:
        raise SSIError(f"The {what}'s name is longer than {limit} characters.")
    return cleaned


# --- the members an owner may see ---------------------------------------------------------
# Each gives: member_id, label, role, share, share_history, is_me, profile_id, and the flags
# share_total / share_pillars / share_days that every value below is masked with.

# The teams the owner alone coaches while others belong to them: the owner may not leave such
# a team, and deleting the account deletes it.
_SOLE_COACH_TEAMS = """SELECT t.id, t.name FROM teams t
    JOIN team_members me ON me.team_id = t.id AND me.owner = :owner AND me.role = 'coach'
    WHERE NOT EXISTS (SELECT 1 FROM team_members c
                      WHERE c.team_id = t.id AND c.role = 'coach' AND c.owner <> :owner)
      AND EXISTS (SELECT 1 FROM team_members o WHERE o.team_id = t.id AND o.owner <> :owner)
    ORDER BY t.name, t.id"""
_FLAGS = """tm.share IN ('total', 'pillars') AS share_total,
            tm.share = 'pillars' AS share_pillars,
            tm.share IN ('total', 'pillars') AND tm.share_history AS share_days"""

# A coach sees every member (numbers only as shared); any other member only their own row,
# with everything of it. An owner not in the team matches no row.
_VISIBLE_MEMBERS = f"""SELECT tm.id AS member_id, tm.display_name AS label, tm.role, tm.share,
        tm.share_history, FALSE AS is_me, tm.profile_id, {_FLAGS}
    FROM team_members tm
    WHERE tm.team_id = :team
      AND EXISTS (SELECT 1 FROM team_members me
                  WHERE me.team_id = :team AND me.owner = :owner AND me.role = 'coach')
      AND tm.owner <> :owner
    UNION ALL
    SELECT tm.id, tm.display_name, tm.role, tm.share, tm.share_history, TRUE, tm.profile_id,
        TRUE, TRUE, TRUE
    FROM team_members tm
    WHERE tm.team_id = :team AND tm.owner = :owner"""

# For the team's aggregates: every member of a team the owner belongs to, masked by their choice.
_TEAM_MEMBERS = f"""SELECT tm.id AS member_id, tm.display_name AS label, tm.role, tm.share,
        tm.share_history, tm.owner = :owner AS is_me, tm.profile_id, {_FLAGS}
    FROM team_members tm
    WHERE tm.team_id = :team
      AND EXISTS (SELECT 1 FROM team_members me WHERE me.team_id = :team AND me.owner = :owner)"""

# The local app: every profile of the owner, sharing everything.
_LOCAL_MEMBERS = """SELECT p.id AS member_id, p.name AS label, 'member' AS role,
        'pillars' AS share, TRUE AS share_history, FALSE AS is_me, p.id AS profile_id,
        TRUE AS share_total, TRUE AS share_pillars, TRUE AS share_days
    FROM profiles p WHERE p.owner = :owner"""

_PILLARS_OF = ", ".join(f"CASE WHEN m.share_pillars THEN l.{p} END AS {p}" for p in PILLAR_IDS)

# A member's goal status, as ssi_core.goals.goal_status() reads it on that member's own page
# ("reached", "on_track", "behind"), worked out here so that only the word leaves the database:
# the goal is joined only for a member who shares their total with history (its pace is their
# SSI's), and a member without a measured SSI has none. Reached: the latest SSI, every pillar
# with a target and the rank meet their targets. On track: the recent pace (the least-squares
# slope of the measured days in the TREND_WINDOW_DAYS ending at the profile's last day, from
# TREND_MIN_POINTS days on) is at least the pace still needed by the target date.
_GAP = "round(CAST(greatest({target} - coalesce({value}, 0), 0) AS NUMERIC(18, 6)), 2)"
_DAYS_LEFT = "greatest(g.target_date - CAST(:today AS DATE), 0)"
_SSI_GAP = _GAP.format(target="g.target_ssi", value="l.ssi")
_PACE_NEEDED = f"CASE WHEN {_DAYS_LEFT} > 0 THEN round({_SSI_GAP} * 7 / {_DAYS_LEFT}, 2) END"
_PACE_RECENT = f"""CASE WHEN t.points >= {TREND_MIN_POINTS}
    THEN round(CAST(t.slope * 7 AS NUMERIC(18, 6)), 4) END"""
_REACHED = " AND ".join(
    [
        f"{_SSI_GAP} = 0",
        *(f"coalesce({_GAP.format(target=f'g.{p}', value=f'l.{p}')}, 0) = 0" for p in PILLAR_IDS),
        "(g.rank_group IS NULL OR r.top_pct <= g.rank_top_pct)",
    ]
)
_GOAL_STATUS = f"""CASE WHEN g.profile_id IS NULL OR l.ssi IS NULL THEN NULL
            WHEN {_REACHED} THEN 'reached'
            WHEN {_PACE_RECENT} >= {_PACE_NEEDED} THEN 'on_track'
            ELSE 'behind' END"""
# The goal's inputs beyond the latest day, each read only for a member whose goal is joined:
# the profile's last day (the trend's window ends there), the trend, the rank's latest value.
# The window's upper bound changes no row, but without it PostgreSQL's planner takes the window
# for a third of each history, and above its cost threshold compiles the query (JIT): 1.7 s
# of compiling for 0.07 s of work at 1,000 members.
_GOAL_JOINS = f"""
    LEFT JOIN goals g ON m.share_days AND g.profile_id = m.profile_id
    LEFT JOIN LATERAL (
        SELECT max(s.date) AS last_day FROM snapshots s
        WHERE g.profile_id IS NOT NULL AND s.profile_id = m.profile_id) a ON TRUE
    LEFT JOIN LATERAL (
        SELECT count(*) AS points,
            regr_slope(CAST(s.ssi AS DOUBLE PRECISION),
                       CAST(s.date - a.last_day AS DOUBLE PRECISION)) AS slope
        FROM snapshots s
        WHERE g.profile_id IS NOT NULL AND s.profile_id = m.profile_id AND s.ssi IS NOT NULL
          AND s.date > a.last_day - {TREND_WINDOW_DAYS} AND s.date <= a.last_day) t ON TRUE
    LEFT JOIN LATERAL (
        SELECT CASE WHEN g.rank_group = 'industry' THEN s.industry_top_pct
                    ELSE s.network_top_pct END AS top_pct
        FROM snapshots s
        WHERE g.rank_group IS NOT NULL AND s.profile_id = m.profile_id
          AND (CASE WHEN g.rank_group = 'industry' THEN s.industry_top_pct
                    ELSE s.network_top_pct END) IS NOT NULL
        ORDER BY s.date DESC LIMIT 1) r ON TRUE"""

# Each member's latest measured day and the day 4 weeks before it: one index lookup each
# (LATERAL ... LIMIT 1 on the (profile_id, date) key), never a scan of everyone's history.
# A member's days are read only when they share them (the condition is in the join). The
# goal's status is worked out for the member rows only ({goal} and {goal_joins}), not for the
# team's averages, which do not use it.
_LATEST = f"""latest AS (
    SELECT m.member_id, m.label, m.role, m.share, m.share_history, m.is_me, m.share_total,
        m.share_pillars, m.share_days, l.date AS last_date,
        CAST(:today AS DATE) - l.date AS days_since,
        l.ssi, {_PILLARS_OF},
        CASE WHEN m.share_days THEN l.ssi - b.ssi END AS change_4w,
        {{goal}} AS goal_status
    FROM members m
    LEFT JOIN LATERAL (
        SELECT s.date, s.ssi, {", ".join(f"s.{p}" for p in PILLAR_IDS)} FROM snapshots s
        WHERE m.share_total AND s.profile_id = m.profile_id AND s.ssi IS NOT NULL
        ORDER BY s.date DESC LIMIT 1) l ON TRUE
    LEFT JOIN LATERAL (
        SELECT s.ssi FROM snapshots s
        WHERE m.share_days AND s.profile_id = m.profile_id AND s.ssi IS NOT NULL
          AND s.date <= l.date - {CHANGE_DAYS}
        ORDER BY s.date DESC LIMIT 1) b ON TRUE{{goal_joins}}
)"""

_ROWS = f"""SELECT {", ".join(ROW_COLUMNS)} FROM latest ORDER BY ssi DESC NULLS LAST, label"""

_AVERAGE_OF = ", ".join(f"avg({p}) AS {p}" for p in PILLAR_IDS)
_SUMMARY = f"""SELECT count(*) AS members,
        count(ssi) AS sharing,
        count(professional_brand) AS sharing_pillars,
        count(change_4w) AS sharing_history,
        avg(ssi) AS ssi, {_AVERAGE_OF}, avg(change_4w) AS change_4w,
        (SELECT me.ssi FROM latest me WHERE me.is_me AND me.share_total) AS my_ssi,
        1 + count(*) FILTER (WHERE ssi > (SELECT me.ssi FROM latest me
                                         WHERE me.is_me AND me.share_total)) AS place
    FROM latest"""

# Weekly means per member sharing their history.
_WEEKLY = """weekly AS (
    SELECT m.member_id, m.label, CAST(date_trunc('week', s.date) AS DATE) AS week,
        avg(s.ssi) AS ssi
    FROM members m JOIN snapshots s ON s.profile_id = m.profile_id
    WHERE m.share_days AND s.ssi IS NOT NULL AND s.date >= :since
    GROUP BY m.member_id, m.label, CAST(date_trunc('week', s.date) AS DATE)
)"""

_LINES = f"WITH members AS ({{members}}), {_WEEKLY} SELECT * FROM weekly ORDER BY week, label"
_BAND = f"""WITH members AS ({{members}}), {_WEEKLY}
    SELECT week, count(*) AS members, avg(ssi) AS mean,
        percentile_cont(0.25) WITHIN GROUP (ORDER BY ssi) AS low,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY ssi) AS median,
        percentile_cont(0.75) WITHIN GROUP (ORDER BY ssi) AS high
    FROM weekly GROUP BY week HAVING count(*) >= :min_sharing ORDER BY week"""


def _summary_of(row: tuple) -> TeamSummary:
    members, sharing, sharing_pillars, sharing_history, ssi, *rest = row
    pillars = dict(zip(PILLAR_IDS, rest[: len(PILLAR_IDS)], strict=True))
    change, my_ssi, place = rest[len(PILLAR_IDS) :]
    enough = sharing >= MIN_SHARING
    averages = None
    if enough:
        averages = {"ssi": float(ssi)}
        for pid, value in pillars.items():
            keep = sharing_pillars >= MIN_SHARING and value is not None
            averages[pid] = float(value) if keep else None
        keep = sharing_history >= MIN_SHARING and change is not None
        averages["change_4w"] = float(change) if keep else None
    place_withheld = None
    if my_ssi is None:
        place, place_withheld = None, NOT_SHARING
    elif not enough:
        place, place_withheld = None, FEW_SHARING
    return TeamSummary(
        members=int(members),
        sharing=int(sharing),
        sharing_pillars=int(sharing_pillars),
        sharing_history=int(sharing_history),
        averages=averages,
        withheld=None if enough else FEW_SHARING,
        place=int(place) if place is not None else None,
        place_withheld=place_withheld,
    )


def _rows_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reindex(columns=ROW_COLUMNS)
    for column in ("ssi", *PILLAR_IDS, "change_4w", "days_since"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["last_date"] = pd.to_datetime(frame["last_date"]).dt.date
    frame["is_me"] = frame["is_me"].astype(bool)
    status = [v if isinstance(v, str) else None for v in frame["goal_status"]]
    frame["goal_status"] = pd.Series(status, index=frame.index, dtype=object)
    return frame.reset_index(drop=True)


class TeamQueries:
    """The Store's team operations (mixed into Store: `_run`, `_db`, `owner`, `_profile_id`)."""

    # --- versions: a team's numbers change with any member's data ------------------------------

    def team_version(self, team_id: int) -> float | str:
        """A token that changes when the team or any member's data is written (PostgreSQL: a
        digest of every member's data version and the team's own, member by member, so that a
        member leaving can never leave it unchanged as a sum could; DuckDB: the file's stamp)."""
        if isinstance(self._db, DuckDBFile):
            return sum(self.version())
        return str(
            self._run(
                lambda con: con.execute(
                    """SELECT md5(coalesce(string_agg(d.owner || '=' || CAST(d.version AS VARCHAR),
                                                      ',' ORDER BY d.owner), ''))
                       FROM data_versions d
                       WHERE d.owner = :team_key OR d.owner IN (
                           SELECT tm.owner FROM team_members tm WHERE tm.team_id = :team
                             AND EXISTS (SELECT 1 FROM team_members me
                                         WHERE me.team_id = :team AND me.owner = :owner))""",
                    self._params(team=team_id, team_key=_team_key(team_id)),
                ).scalar()
            )
        )

    def _bump_team(self, con: Connection, team_id: int) -> None:
        con.execute(
            """INSERT INTO data_versions (owner, version) VALUES (:key, 1)
               ON CONFLICT (owner) DO UPDATE SET version = data_versions.version + 1""",
            {"key": _team_key(team_id)},
        )

    def _drop_team(self, con: Connection, team_id: int) -> None:
        """The team, its memberships and its codes; no member's own data."""
        for table, column in (
            ("team_invitations", "team_id"),
            ("team_members", "team_id"),
            ("teams", "id"),
        ):
            con.execute(f"DELETE FROM {table} WHERE {column} = :team", {"team": team_id})

    # --- the owner's teams ---------------------------------------------------------------------

    def my_teams(self) -> list[Membership]:
        rows = self._run(
            lambda con: con.execute(
                """SELECT t.id, t.name, tm.id, tm.role, tm.share, tm.share_history,
                          tm.display_name, p.name
                   FROM team_members tm JOIN teams t ON t.id = tm.team_id
                   LEFT JOIN profiles p ON p.id = tm.profile_id AND p.owner = tm.owner
                   WHERE tm.owner = :owner ORDER BY t.name, t.id""",
                self._params(),
            ).all()
        )
        return [Membership(*row) for row in rows]

    def _membership(self, con: Connection, team_id: int) -> tuple[int, str] | None:
        rows = con.execute(
            "SELECT id, role FROM team_members WHERE team_id = :team AND owner = :owner",
            self._params(team=team_id),
        ).all()
        return (rows[0][0], rows[0][1]) if rows else None

    def _require_coach(self, con: Connection, team_id: int) -> None:
        found = self._membership(con, team_id)
        if found is None or found[1] != "coach":
            raise SSIError("Only a coach of this team can do that.")

    def create_team(self, name: str, display_name: str, profile: str) -> int:
        """A new team with the owner as its coach (sharing nothing yet); returns its id."""
        name = _check_name(name, "team", TEAM_NAME_MAX)
        display_name = _check_name(display_name, "member", DISPLAY_NAME_MAX)

        def create(con: Connection) -> int:
            now = datetime.now()
            team_id = con.execute(
                """INSERT INTO teams (name, created_by, created_at)
                   VALUES (:name, :owner, :now) RETURNING id""",
                self._params(name=name, now=now),
            ).scalar()
            self._add_member(con, team_id, display_name, profile, "coach", "nothing", False)
            self._bump_team(con, team_id)
            return team_id

        return self._run(create, write=True)

    def _add_member(
        self,
        con: Connection,
        team_id: int,
        display_name: str,
        profile: str,
        role: str,
        share: str,
        share_history: bool,
    ) -> None:
        con.execute(
            """INSERT INTO team_members (team_id, owner, display_name, profile_id, role, share,
                   share_history, joined_at)
               VALUES (:team, :owner, :display_name, :profile_id, :role, :share, :history,
                   :now)""",
            self._params(
                team=team_id,
                display_name=display_name,
                profile_id=self._profile_id(con, profile, create=True),
                role=role,
                share=check_share(share),
                history=bool(share_history),
                now=datetime.now(),
            ),
        )

    def delete_team(self, team_id: int) -> None:
        """Delete the team, its memberships and invitations (a coach only); no member's own
        data is touched."""

        def delete(con: Connection) -> None:
            self._require_coach(con, team_id)
            self._drop_team(con, team_id)
            self._bump_team(con, team_id)

        self._run(delete, write=True)

    # --- invitations ---------------------------------------------------------------------------

    def new_invitation(self, team_id: int) -> str:
        """A fresh invitation code (a coach only); it is returned this once and stored hashed."""
        code = secrets.token_urlsafe(INVITATION_BYTES)

        def create(con: Connection) -> None:
            self._require_coach(con, team_id)
            con.execute(
                """INSERT INTO team_invitations (team_id, code_sha256, created_at)
                   VALUES (:team, :code, :now)""",
                {"team": team_id, "code": hash_code(code), "now": datetime.now()},
            )
            self._bump_team(con, team_id)

        self._run(create, write=True)
        return code

    def invitations(self, team_id: int) -> list[Invitation]:
        """The team's invitations, newest first (for a coach; nothing for anyone else)."""
        rows = self._run(
            lambda con: con.execute(
                """SELECT i.id, i.created_at, i.revoked_at IS NOT NULL FROM team_invitations i
                   WHERE i.team_id = :team AND EXISTS (
                       SELECT 1 FROM team_members me WHERE me.team_id = :team
                         AND me.owner = :owner AND me.role = 'coach')
                   ORDER BY i.created_at DESC, i.id DESC""",
                self._params(team=team_id),
            ).all()
        )
        return [Invitation(*row) for row in rows]

    def revoke_invitation(self, team_id: int, invitation_id: int) -> None:
        def revoke(con: Connection) -> None:
            self._require_coach(con, team_id)
            con.execute(
                """UPDATE team_invitations SET revoked_at = :now
                   WHERE id = :id AND team_id = :team AND revoked_at IS NULL""",
                {"id": invitation_id, "team": team_id, "now": datetime.now()},
            )
            self._bump_team(con, team_id)

        self._run(revoke, write=True)

    def join_team(
        self,
        code: str,
        display_name: str,
        profile: str,
        share: str = "nothing",
        share_history: bool = False,
    ) -> int:
        """Join the team a valid (unrevoked) invitation code is for; returns the team's id.

        Joining a team one is already in changes nothing.
        """
        display_name = _check_name(display_name, "member", DISPLAY_NAME_MAX)
        check_share(share)

        def join(con: Connection) -> int:
            team_id = con.execute(
                """SELECT team_id FROM team_invitations
                   WHERE code_sha256 = :code AND revoked_at IS NULL""",
                {"code": hash_code(code or "")},
            ).scalar()
            if team_id is None:
                raise SSIError("This invitation code is not valid: it was revoked or mistyped.")
            if self._membership(con, team_id) is None:
                self._add_member(con, team_id, display_name, profile, "member", share,
                                 share_history)  # fmt: skip
                self._bump_team(con, team_id)
            return team_id

        return self._run(join, write=True)

    # --- a member's own choices ----------------------------------------------------------------

    def set_sharing(
        self, team_id: int, share: str, share_history: bool, profile: str | None = None
    ) -> None:
        """What the owner shares with the team, from now on (and which profile, if given)."""
        check_share(share)

        def update(con: Connection) -> None:
            if self._membership(con, team_id) is None:
                raise SSIError("You are not in this team.")
            params = self._params(team=team_id, share=share, history=bool(share_history))
            profile_set = ""
            if profile is not None:
                params["profile_id"] = self._profile_id(con, profile, create=True)
                profile_set = ", profile_id = :profile_id"
            con.execute(
                f"""UPDATE team_members SET share = :share, share_history = :history
                        {profile_set}
                    WHERE team_id = :team AND owner = :owner""",
                params,
            )
            self._bump_team(con, team_id)

        self._run(update, write=True)

    def leave_team(self, team_id: int) -> None:
        """Leave the team at once; the last coach must name another coach or delete the team."""

        def leave(con: Connection) -> None:
            found = self._membership(con, team_id)
            if found is None:
                return
            # First: the team's version row, locked until this commits, so that two coaches
            # leaving at once count each other's leaving (see delete_account).
            self._bump_team(con, team_id)
            coaches = con.execute(
                "SELECT count(*) FROM team_members WHERE team_id = :team AND role = 'coach'",
                {"team": team_id},
            ).scalar()
            members = con.execute(
                "SELECT count(*) FROM team_members WHERE team_id = :team", {"team": team_id}
            ).scalar()
            if found[1] == "coach" and coaches == 1 and members > 1:
                raise SSIError(
                    "You are the team's only coach: name another coach or delete the team."
                )
            con.execute("DELETE FROM team_members WHERE id = :id", {"id": found[0]})
            if members == 1:  # the last one out: nothing of the team is left to see
                self._drop_team(con, team_id)

        self._run(leave, write=True)

    def name_coach(self, team_id: int, member_id: int) -> None:
        """Make another member of the team a coach (a coach only)."""

        def name(con: Connection) -> None:
            self._require_coach(con, team_id)
            con.execute(
                "UPDATE team_members SET role = 'coach' WHERE id = :id AND team_id = :team",
                {"id": member_id, "team": team_id},
            )
            self._bump_team(con, team_id)

        self._run(name, write=True)

    def sole_coach_teams(self) -> list[str]:
        """The names of the teams the owner alone coaches and others belong to: deleting the
        account deletes them too (a sole coach may not just leave a team)."""
        rows = self._run(lambda con: con.execute(_SOLE_COACH_TEAMS, self._params()).all())
        return [name for _id, name in rows]

    def delete_account(self) -> None:
        """Delete everything of the owner: every team membership first, then every profile. A
        team left with no member goes with its codes, as when its last member leaves, and so
        does a team the owner alone coached (its memberships with it; no member's own data):
        a team nobody can manage is not kept."""

        def delete(con: Connection) -> None:
            teams = con.execute(
                "SELECT team_id FROM team_members WHERE owner = :owner ORDER BY team_id",
                self._params(),
            ).scalars()
            # First: each team's version row, locked until this commits (in one order, so two
            # deletions cannot wait on each other). On PostgreSQL a statement sees what was
            # committed before it began: two coaches of one team deleting their accounts at once
            # would each still see the other as coach, and the team would be left with none.
            # Locked first, the second waits, then sees the first gone.
            for team_id in teams:
                self._bump_team(con, team_id)
            orphaned = {row[0] for row in con.execute(_SOLE_COACH_TEAMS, self._params()).all()}
            con.execute("DELETE FROM team_members WHERE owner = :owner", self._params())
            for team_id in teams:
                left = con.execute(
                    "SELECT count(*) FROM team_members WHERE team_id = :team", {"team": team_id}
                ).scalar()
                if not left or team_id in orphaned:
                    self._drop_team(con, team_id)

        self._run(delete, write=True)
        for profile in self.profiles():
            self.delete_profile(profile.name)

    # --- the numbers ---------------------------------------------------------------------------

    def _latest(self, members: str, query: str, params: dict, goals: bool = False) -> pd.DataFrame:
        latest = _LATEST.format(
            goal=_GOAL_STATUS if goals else "CAST(NULL AS VARCHAR)",
            goal_joins=_GOAL_JOINS if goals else "",
        )
        sql = f"WITH members AS ({members}), {latest} {query}"
        return self._run(lambda con: self._db.frame(con, sql, params))

    def team_rows(self, team_id: int, today: date | None = None) -> pd.DataFrame:
        """One row per member the owner may see (ROW_COLUMNS), numbers only as shared: a coach
        sees every member, a member only themselves, anyone else nothing."""
        params = self._params(team=team_id, today=today or date.today())
        return _rows_frame(self._latest(_VISIBLE_MEMBERS, _ROWS, params, goals=True))

    def team_summary(self, team_id: int, today: date | None = None) -> TeamSummary | None:
        """The team's averages (when enough members share) and the owner's place; None for an
        owner who is not in the team."""
        params = self._params(team=team_id, today=today or date.today())
        frame = self._latest(_TEAM_MEMBERS, _SUMMARY, params)
        if frame.empty or int(frame.iloc[0]["members"]) == 0:
            return None
        return _summary_of(tuple(None if pd.isna(v) else v for v in frame.iloc[0].tolist()))

    def team_history(self, team_id: int, today: date | None = None) -> tuple[str, pd.DataFrame]:
        """The SSI over the last HISTORY_WEEKS weeks of the members sharing their history, for
        a coach (anyone else: their own line only): ("lines", member_id/label/week/ssi) for a
        few members, ("band", week/members/mean/low/median/high) for many."""
        return self._history(_VISIBLE_MEMBERS, self._params(team=team_id), today)

    def local_rows(self, today: date | None = None) -> pd.DataFrame:
        """Every profile of the owner side by side (the local app's team)."""
        params = self._params(today=today or date.today())
        return _rows_frame(self._latest(_LOCAL_MEMBERS, _ROWS, params, goals=True))

    def local_summary(self, today: date | None = None) -> TeamSummary | None:
        """The averages over every profile of the owner: all are the owner's own, so nothing
        is withheld however few they are."""
        params = self._params(today=today or date.today())
        frame = self._latest(_LOCAL_MEMBERS, _SUMMARY, params)
        values = tuple(None if pd.isna(v) else v for v in frame.iloc[0].tolist())
        members, sharing, sharing_pillars, sharing_history, ssi, *rest = values
        if not members:
            return None
        pillars = dict(zip(PILLAR_IDS, rest[: len(PILLAR_IDS)], strict=True))
        averages = {"ssi": ssi, **pillars, "change_4w": rest[len(PILLAR_IDS)]}
        return TeamSummary(
            members=int(members),
            sharing=int(sharing),
            sharing_pillars=int(sharing_pillars),
            sharing_history=int(sharing_history),
            averages={k: None if v is None else float(v) for k, v in averages.items()},
            withheld=None,
            place=None,
            place_withheld=None,
        )

    def local_history(self, today: date | None = None) -> tuple[str, pd.DataFrame]:
        return self._history(_LOCAL_MEMBERS, self._params(), today)

    def _history(self, members: str, params: dict, today: date | None) -> tuple[str, pd.DataFrame]:
        since = (today or date.today()) - timedelta(weeks=HISTORY_WEEKS)
        params = {**params, "since": since, "min_sharing": MIN_SHARING}
        count_sql = f"""WITH members AS ({members})
            SELECT count(*) FROM members WHERE share_days"""

        def read(con: Connection) -> tuple[str, pd.DataFrame]:
            count = con.execute(count_sql, params).scalar() or 0
            kind = "lines" if count <= LINES_MAX else "band"
            sql = (_LINES if kind == "lines" else _BAND).format(members=members)
            return kind, self._db.frame(con, sql, params)

        kind, frame = self._run(read)
        if "week" in frame.columns:
            frame["week"] = pd.to_datetime(frame["week"]).dt.date
        for column in ("ssi", "mean", "low", "median", "high"):
            if column in frame.columns:
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        return kind, frame


def _team_key(team_id: int) -> str:
    """The team's row in data_versions (no owner starts so: an OIDC issuer is a URL)."""
    return f"team:{int(team_id)}"
