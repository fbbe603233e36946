"""stars, commendations and points: 星级认定, 表彰, the county's points rules and 礼遇, team leaders

``star_award`` records a star level certified for a volunteer (eligibility from hours alone
awards nothing); ``commendation`` an honour for a volunteer or a team; ``points_rule`` (points
per hour served or per activity) and ``reward`` (what points are redeemed for) are the county's
reference data, with built-in defaults; ``team.leader_volunteer_id`` names a squad's leader.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op

from desktop.models.reference_data import load_reference, reference_id

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _bookkeeping() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "star_award",
        sa.Column("volunteer_id", sa.String(length=36), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("certified_by", sa.String(length=100), nullable=False),
        sa.Column("scheme_code", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteer.id"], name=op.f("fk_star_award_volunteer_id_volunteer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_star_award")),
    )
    op.create_index(op.f("ix_star_award_volunteer_id"), "star_award", ["volunteer_id"])
    op.create_table(
        "commendation",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("issuing_body", sa.String(length=100), nullable=False),
        sa.Column("volunteer_id", sa.String(length=36), nullable=True),
        sa.Column("team_id", sa.String(length=36), nullable=True),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_commendation_station_id_station")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_commendation_team_id_team")
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_commendation_volunteer_id_volunteer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commendation")),
    )
    op.create_index(op.f("ix_commendation_station_id"), "commendation", ["station_id"])
    op.create_index(op.f("ix_commendation_volunteer_id"), "commendation", ["volunteer_id"])
    extras: list[tuple[str, list[sa.Column[Any]]]] = [
        ("points_rule", [sa.Column("basis", sa.String(length=20), nullable=False),
                         sa.Column("points", sa.Integer(), nullable=False)]),
        ("reward", [sa.Column("kind", sa.String(length=20), nullable=False),
                    sa.Column("cost", sa.Integer(), nullable=False)]),
    ]  # fmt: skip
    for table, extra in extras:
        op.create_table(
            table,
            sa.Column("code", sa.String(length=40), nullable=False),
            sa.Column("name", sa.String(length=100), nullable=False),
            *extra,
            sa.Column("active", sa.Boolean(), nullable=False),
            sa.Column("sort_order", sa.Integer(), nullable=False),
            *_bookkeeping(),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("code", name=op.f(f"uq_{table}_code")),
        )
    # In place (a copy of the table would trip the foreign keys of the records naming a team);
    # SQLite keeps the reference in the column's definition.
    op.execute(
        "ALTER TABLE team ADD COLUMN leader_volunteer_id VARCHAR(36) "
        "CONSTRAINT fk_team_leader_volunteer_id_volunteer REFERENCES volunteer (id)"
    )
    _seed_points()


def _seed_points() -> None:
    """The built-in points rules and 礼遇, in a database seeded before they existed."""
    conn = op.get_bind()
    if not conn.execute(sa.text("SELECT count(*) FROM activity_type")).scalar():
        return  # not seeded yet: the first start seeds everything
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    points = load_reference("points.json")
    for order, (code, name, basis, value) in enumerate(points["rules"]):
        conn.execute(
            sa.text(
                "INSERT INTO points_rule (id, code, name, basis, points, active, sort_order, "
                "created_at, updated_at) VALUES (:id, :code, :name, :basis, :points, 1, :order, "
                ":now, :now)"
            ),
            {"id": reference_id("points_rule", code), "code": code, "name": name,
             "basis": basis, "points": value, "order": order, "now": now},
        )  # fmt: skip
    for order, (code, name, kind, cost) in enumerate(points["rewards"]):
        conn.execute(
            sa.text(
                "INSERT INTO reward (id, code, name, kind, cost, active, sort_order, "
                "created_at, updated_at) VALUES (:id, :code, :name, :kind, :cost, 1, :order, "
                ":now, :now)"
            ),
            {"id": reference_id("reward", code), "code": code, "name": name, "kind": kind,
             "cost": cost, "order": order, "now": now},
        )  # fmt: skip


def downgrade() -> None:
    op.execute("ALTER TABLE team DROP COLUMN leader_volunteer_id")
    op.drop_table("reward")
    op.drop_table("points_rule")
    op.drop_index(op.f("ix_commendation_volunteer_id"), table_name="commendation")
    op.drop_index(op.f("ix_commendation_station_id"), table_name="commendation")
    op.drop_table("commendation")
    op.drop_index(op.f("ix_star_award_volunteer_id"), table_name="star_award")
    op.drop_table("star_award")
