"""Request statuses become translatable (3 of 3): locale and translation key required, one row
per (translation key, locale) and per (code, locale), the Persian and English columns gone."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eservices", "0012_status_translations"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="requeststatus",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="requeststatus",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="requeststatus",
            unique_together={("translation_key", "locale")},
        ),
        migrations.AddConstraint(
            model_name="requeststatus",
            constraint=models.UniqueConstraint(
                fields=("code", "locale"), name="eservices_status_code_locale"
            ),
        ),
        migrations.RemoveField(model_name="requeststatus", name="name_fa"),
        migrations.RemoveField(model_name="requeststatus", name="name_en"),
        migrations.RemoveField(model_name="requeststatus", name="public_name_fa"),
        migrations.RemoveField(model_name="requeststatus", name="public_name_en"),
        migrations.RemoveField(model_name="requeststatus", name="sms_template_fa"),
        migrations.RemoveField(model_name="requeststatus", name="sms_template_en"),
    ]
