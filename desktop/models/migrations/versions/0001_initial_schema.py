"""initial schema: every table of the first release, plus the full-text search indexes

Revision ID: 0001
Revises:
Create Date: 2026-11-29 03:47:12.886228
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "activity_type",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("five_task_code", sa.String(length=40), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_type")),
        sa.UniqueConstraint("code", name=op.f("uq_activity_type_code")),
    )
    op.create_table(
        "attachment",
        sa.Column("owner_entity", sa.String(length=30), nullable=False),
        sa.Column("owner_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=50), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "catalog_version",
        sa.Column("catalog_version", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_version")),
        sa.UniqueConstraint("catalog_version", name=op.f("uq_catalog_version_catalog_version")),
    )
    op.create_table(
        "demand_category",
        sa.Column("catalog_version", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("default_due_days", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_category")),
        sa.UniqueConstraint(
            "catalog_version", "code", name=op.f("uq_demand_category_catalog_version")
        ),
    )
    op.create_table(
        "demand_number_counter",
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_demand_number_counter")),
    )
    op.create_table(
        "demand_topic",
        sa.Column("catalog_version", sa.String(length=20), nullable=False),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_topic")),
        sa.UniqueConstraint(
            "catalog_version", "code", name=op.f("uq_demand_topic_catalog_version")
        ),
    )
    op.create_table(
        "outbox",
        sa.Column("device_seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("device_seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("op_id", name=op.f("uq_outbox_op_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_record_id"), ["record_id"], unique=False)

    op.create_table(
        "service_menu_item",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.Column("topic_code", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("provider", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_menu_item")),
    )
    op.create_table(
        "star_scheme",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_star_scheme")),
        sa.UniqueConstraint("code", name=op.f("uq_star_scheme_code")),
    )
    op.create_table(
        "station",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("division_code", sa.String(length=12), nullable=False),
        sa.Column("township", sa.String(length=100), nullable=False),
        sa.Column("county", sa.String(length=100), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("local_value", sa.JSON(), nullable=False),
        sa.Column("server_value", sa.JSON(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("acknowledged", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflict_record_id"), ["record_id"], unique=False)

    op.create_table(
        "sync_rejection",
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("acknowledged", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_sync_rejection")),
    )
    with op.batch_alter_table("sync_rejection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sync_rejection_record_id"), ["record_id"], unique=False
        )

    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "grid",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("leader_contact_id", sa.String(length=36), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["leader_contact_id"],
            ["contact.id"],
            name=op.f("fk_grid_leader_contact_id_contact"),
            use_alter=True,
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_grid_station_id_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid")),
    )
    with op.batch_alter_table("grid", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grid_station_id"), ["station_id"], unique=False)

    op.create_table(
        "team",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("owner", sa.String(length=10), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["team.id"], name=op.f("fk_team_parent_id_team")),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_team_station_id_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
    )
    op.create_table(
        "activity",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("activity_type_code", sa.String(length=40), nullable=False),
        sa.Column("five_task_code", sa.String(length=40), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("team_id", sa.String(length=36), nullable=True),
        sa.Column("audience_count", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("linked_demand_ids", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_activity_station_id_station")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_activity_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_station_id"), ["station_id"], unique=False)

    op.create_table(
        "contact",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("proxy_phone", sa.String(length=20), nullable=True),
        sa.Column("proxy_relation", sa.String(length=20), nullable=True),
        sa.Column("group_name", sa.String(length=50), nullable=False),
        sa.Column("grid_id", sa.String(length=36), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("consent_contact", sa.Boolean(), nullable=False),
        sa.Column("consent_sensitive", sa.Boolean(), nullable=False),
        sa.Column("guardian_consent", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("pinyin_full", sa.String(length=200), nullable=False),
        sa.Column("pinyin_initials", sa.String(length=50), nullable=False),
        sa.Column("search_rowid", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["grid_id"], ["grid.id"], name=op.f("fk_contact_grid_id_grid")),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_contact_station_id_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
        sa.UniqueConstraint("search_rowid", name=op.f("uq_contact_search_rowid")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_grid_id"), ["grid_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_station_id"), ["station_id"], unique=False)

    op.create_table(
        "demand",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("requester_contact_id", sa.String(length=36), nullable=True),
        sa.Column("requester_name", sa.String(length=50), nullable=False),
        sa.Column("requester_phone", sa.String(length=20), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("entered_by", sa.String(length=50), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.Column("topic_code", sa.String(length=40), nullable=False),
        sa.Column("catalog_version", sa.String(length=20), nullable=False),
        sa.Column("menu_item_id", sa.String(length=36), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("urgency", sa.String(length=20), nullable=False),
        sa.Column("grid_id", sa.String(length=36), nullable=True),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assigned_team_id", sa.String(length=36), nullable=True),
        sa.Column("assigned_team_name", sa.String(length=100), nullable=False),
        sa.Column("dispatched_at", sa.DateTime(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("reject_reason", sa.Text(), nullable=False),
        sa.Column("merged_into_id", sa.String(length=36), nullable=True),
        sa.Column("evaluation", sa.String(length=30), nullable=True),
        sa.Column("evaluation_note", sa.Text(), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(), nullable=True),
        sa.Column("requester_pinyin", sa.String(length=250), nullable=False),
        sa.Column("search_rowid", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["grid_id"], ["grid.id"], name=op.f("fk_demand_grid_id_grid")),
        sa.ForeignKeyConstraint(
            ["menu_item_id"],
            ["service_menu_item.id"],
            name=op.f("fk_demand_menu_item_id_service_menu_item"),
        ),
        sa.ForeignKeyConstraint(
            ["requester_contact_id"],
            ["contact.id"],
            name=op.f("fk_demand_requester_contact_id_contact"),
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_demand_station_id_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand")),
        sa.UniqueConstraint("number", name=op.f("uq_demand_number")),
        sa.UniqueConstraint("search_rowid", name=op.f("uq_demand_search_rowid")),
    )
    with op.batch_alter_table("demand", schema=None) as batch_op:
        batch_op.create_index(
            "ix_demand_category_registered", ["category_code", "registered_at"], unique=False
        )
        batch_op.create_index(
            "ix_demand_channel_registered", ["channel", "deleted_at", "registered_at"], unique=False
        )
        batch_op.create_index("ix_demand_due", ["due_date", "status"], unique=False)
        batch_op.create_index(
            "ix_demand_category_status", ["category_code", "status", "deleted_at"], unique=False
        )
        batch_op.create_index("ix_demand_registered", ["deleted_at", "registered_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_demand_requester_contact_id"), ["requester_contact_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_demand_station_id"), ["station_id"], unique=False)
        batch_op.create_index(
            "ix_demand_status_registered", ["status", "deleted_at", "registered_at"], unique=False
        )

    op.create_table(
        "volunteer",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("team_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("volunteer_no", sa.String(length=40), nullable=False),
        sa.Column("skills", sa.String(length=200), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("pinyin_full", sa.String(length=200), nullable=False),
        sa.Column("pinyin_initials", sa.String(length=50), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_volunteer_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_volunteer_station_id_station")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_volunteer_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer")),
    )
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_station_id"), ["station_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_volunteer_team_id"), ["team_id"], unique=False)

    op.create_table(
        "demand_event",
        sa.Column("demand_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("actor", sa.String(length=10), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["demand_id"], ["demand.id"], name=op.f("fk_demand_event_demand_id_demand")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_event")),
    )
    with op.batch_alter_table("demand_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demand_event_demand_id"), ["demand_id"], unique=False)

    op.create_table(
        "points_entry",
        sa.Column("volunteer_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("activity_id", sa.String(length=36), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_points_entry_activity_id_activity")
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteer.id"], name=op.f("fk_points_entry_volunteer_id_volunteer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_entry")),
    )
    with op.batch_alter_table("points_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_points_entry_volunteer_id"), ["volunteer_id"], unique=False
        )

    op.create_table(
        "service_record",
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("volunteer_id", sa.String(length=36), nullable=False),
        sa.Column("start_at", sa.DateTime(), nullable=False),
        sa.Column("end_at", sa.DateTime(), nullable=False),
        sa.Column("break_minutes", sa.Integer(), nullable=False),
        sa.Column("credited_minutes", sa.Integer(), nullable=False),
        sa.Column("corrects_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_service_record_activity_id_activity")
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["service_record.id"],
            name=op.f("fk_service_record_corrects_id_service_record"),
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_service_record_volunteer_id_volunteer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_record")),
    )
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_record_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_record_volunteer_id"), ["volunteer_id"], unique=False
        )

    # Full-text indexes fed by desktop.models.search: documents are pre-tokenised into single
    # characters (uni), character bigrams (bi), pinyin keys (py) and phone-digit trigrams (ph),
    # so 1- and 2-character Chinese keywords hit the index instead of scanning.
    for table in ("demand_fts", "contact_fts"):
        op.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5(uni, bi, py, ph, tokenize = 'unicode61')"
        )


def downgrade() -> None:
    op.execute("DROP TABLE contact_fts")
    op.execute("DROP TABLE demand_fts")

    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_record_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_service_record_activity_id"))

    op.drop_table("service_record")
    with op.batch_alter_table("points_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_points_entry_volunteer_id"))

    op.drop_table("points_entry")
    with op.batch_alter_table("demand_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demand_event_demand_id"))

    op.drop_table("demand_event")
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_team_id"))
        batch_op.drop_index(batch_op.f("ix_volunteer_station_id"))

    op.drop_table("volunteer")
    with op.batch_alter_table("demand", schema=None) as batch_op:
        batch_op.drop_index("ix_demand_status_registered")
        batch_op.drop_index(batch_op.f("ix_demand_station_id"))
        batch_op.drop_index(batch_op.f("ix_demand_requester_contact_id"))
        batch_op.drop_index("ix_demand_registered")
        batch_op.drop_index("ix_demand_category_status")
        batch_op.drop_index("ix_demand_due")
        batch_op.drop_index("ix_demand_channel_registered")
        batch_op.drop_index("ix_demand_category_registered")

    op.drop_table("demand")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_station_id"))
        batch_op.drop_index(batch_op.f("ix_contact_grid_id"))

    op.drop_table("contact")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_station_id"))
        batch_op.drop_index(batch_op.f("ix_activity_starts_at"))

    op.drop_table("activity")
    op.drop_table("team")
    with op.batch_alter_table("grid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grid_station_id"))

    op.drop_table("grid")
    op.drop_table("sync_state")
    with op.batch_alter_table("sync_rejection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_rejection_record_id"))

    op.drop_table("sync_rejection")
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflict_record_id"))

    op.drop_table("sync_conflict")
    op.drop_table("station")
    op.drop_table("star_scheme")
    op.drop_table("service_menu_item")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_record_id"))

    op.drop_table("outbox")
    op.drop_table("demand_topic")
    op.drop_table("demand_number_counter")
    op.drop_table("demand_category")
    op.drop_table("catalog_version")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_owner_id"))

    op.drop_table("attachment")
    op.drop_table("activity_type")
