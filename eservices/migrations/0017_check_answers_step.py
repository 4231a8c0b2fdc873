from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eservices", "0016_form_field_default_today"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicepage",
            name="check_answers",
            field=models.BooleanField(
                default=False,
                help_text="Before the request is sent, the citizen sees all their answers on one "
                "page, with a link to change each one.",
                verbose_name="check-your-answers step",
            ),
        ),
    ]
