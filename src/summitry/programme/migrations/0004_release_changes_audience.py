"""Record, in the published versions made before, who may read about each change: the item's
audience and invited organisations as they are now (items gone since are shown to staff only)."""

from django.db import migrations


def add_audiences(apps, schema_editor):
    Release = apps.get_model("programme", "ProgrammeRelease")
    Item = apps.get_model("programme", "ProgrammeItem")
    for release in Release.objects.all():
        ids = {int(key) for key in release.snapshot} | {c["item"] for c in release.changes}
        items = {item.pk: item for item in Item.objects.filter(pk__in=ids)}

        def seen_by(pk):
            item = items.get(int(pk))
            if item is None:
                return {"audience": None, "invitees": []}
            return {
                "audience": item.audience,
                "invitees": sorted(item.invitees.values_list("pk", flat=True)),
            }

        for key, state in release.snapshot.items():
            state.setdefault("audience", seen_by(key)["audience"])
            state.setdefault("invitees", seen_by(key)["invitees"])
        for change in release.changes:
            if "audience" not in change:
                change.update(seen_by(change["item"]))
        release.save(update_fields=["snapshot", "changes"])


class Migration(migrations.Migration):
    dependencies = [("programme", "0003_programmerelease")]
    operations = [migrations.RunPython(add_audiences, migrations.RunPython.noop)]
