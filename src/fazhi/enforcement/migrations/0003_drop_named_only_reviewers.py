# Dropping rows in a migration of its own: on PostgreSQL, deleting rows that deferred foreign
# keys point at leaves trigger events pending, and the ALTER TABLE of the next migration must
# not run in the same transaction.

from django.db import migrations


def drop_named_only_reviewers(apps, schema_editor):
    # A reviewer named only by external_name cannot be matched to an InvitedSupervisor; there
    # is no production data, so such rows (and their sheets) are dropped rather than guessed.
    BatchReviewer = apps.get_model("enforcement", "BatchReviewer")
    BatchReviewer.objects.filter(user__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("enforcement", "0002_training_exams_supervision_reviews"),
    ]

    operations = [
        migrations.RunPython(drop_named_only_reviewers, migrations.RunPython.noop),
    ]
