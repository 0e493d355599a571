"""Database-level protection of the audit log (等保 8.1.4.3c): no UPDATE ever, no DELETE of rows
younger than the 180-day retention floor (网络安全法 art. 21(3)).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE TRIGGER core_auditlog_no_update BEFORE UPDATE ON core_auditlog
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    """,
    """
    CREATE TRIGGER core_auditlog_retention BEFORE DELETE ON core_auditlog
    WHEN OLD.occurred_at > datetime('now', '-180 days')
    BEGIN SELECT RAISE(ABORT, 'audit rows younger than 180 days cannot be deleted'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditlog_no_update;",
    "DROP TRIGGER IF EXISTS core_auditlog_retention;",
]

POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION core_auditlog_guard() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION 'audit log is append-only';
        END IF;
        IF OLD.occurred_at > now() - interval '180 days' THEN
            RAISE EXCEPTION 'audit rows younger than 180 days cannot be deleted';
        END IF;
        RETURN OLD;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_auditlog_guard BEFORE UPDATE OR DELETE ON core_auditlog
    FOR EACH ROW EXECUTE FUNCTION core_auditlog_guard();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditlog_guard ON core_auditlog;",
    "DROP FUNCTION IF EXISTS core_auditlog_guard();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
