"""Keep the delegation's summit on each delegate, indexed with the place."""

import django.db.models.deletion
from django.db import migrations, models


def fill_summit(apps, schema_editor):
    Delegate = apps.get_model("delegations", "Delegate")
    Delegation = apps.get_model("delegations", "Delegation")
    for delegation_id, summit_id in Delegation.objects.values_list("pk", "summit_id"):
        Delegate.objects.filter(delegation_id=delegation_id).update(summit_id=summit_id)


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0002_delegate_badge_photo"),
        ("summits", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="delegate",
            name="summit",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="delegates",
                to="summits.summit",
                verbose_name="summit",
            ),
        ),
        migrations.RunPython(fill_summit, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="delegate",
            name="summit",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="delegates",
                to="summits.summit",
                verbose_name="summit",
            ),
        ),
        migrations.AddIndex(
            model_name="delegate",
            index=models.Index(fields=["summit", "place"], name="delegate_places_of_summit"),
        ),
    ]
