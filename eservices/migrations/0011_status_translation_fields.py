"""Request statuses become translatable (1 of 3): the locale, translation key and one name,
public name and SMS text beside the Persian and English columns, and a code unique per locale
instead of everywhere. 0012 moves the data, 0013 drops the old columns.

Three migrations because PostgreSQL refuses to alter a table whose rows changed earlier in the
same transaction (deferred foreign-key checks), and each migration is one transaction.
"""

import django.db.models.deletion
from django.db import migrations, models

import eservices.requests.statuses


class Migration(migrations.Migration):
    dependencies = [
        ("eservices", "0010_private_files_and_sources"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="requeststatus",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="requeststatus",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="requeststatus",
            name="name",
            field=models.CharField(default="", max_length=100, verbose_name="name"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="requeststatus",
            name="public_name",
            field=models.CharField(
                blank=True,
                help_text="What citizens see; empty means the name.",
                max_length=100,
                verbose_name="public name",
            ),
        ),
        migrations.AddField(
            model_name="requeststatus",
            name="sms_template",
            field=models.TextField(
                blank=True,
                help_text="Sent to the registrant's mobile when a request moves to this status; empty sends nothing. Placeholders: {tracking_number}, {status}, {service}.",
                validators=[eservices.requests.statuses.validate_sms_template],
                verbose_name="SMS text",
            ),
        ),
        # Blank allowed so that undoing 0013 can add the columns back before 0012 fills them.
        migrations.AlterField(
            model_name="requeststatus",
            name="name_fa",
            field=models.CharField(blank=True, max_length=100, verbose_name="name (Persian)"),
        ),
        migrations.AlterField(
            model_name="requeststatus",
            name="name_en",
            field=models.CharField(blank=True, max_length=100, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            model_name="requeststatus",
            name="code",
            field=models.SlugField(
                help_text="How the desk and its settings name the status; the same in every language.",
                max_length=32,
                verbose_name="code",
            ),
        ),
    ]
