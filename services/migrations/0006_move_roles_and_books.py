# Roles moved to the editorial app and book renders to the books app; their tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0005_book_changes_appendix"),
        ("editorial", "0001_initial"),
        ("books", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="historicalrole",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalrole",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="historicalrole",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="role",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="role",
                    name="units",
                ),
                migrations.RemoveField(
                    model_name="role",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="BookRender",
                ),
                migrations.DeleteModel(
                    name="HistoricalRole",
                ),
                migrations.DeleteModel(
                    name="Role",
                ),
            ],
            database_operations=[],
        ),
    ]
