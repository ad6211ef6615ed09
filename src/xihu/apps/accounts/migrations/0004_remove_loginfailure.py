"""Failed logins move to django-axes (its AccessAttempt and AccessFailureLog tables): the
home-made LoginFailure table goes. Its rows only throttled the last 15 minutes, so nothing of
lasting value is lost; axes' own migrations create its tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_role_history"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.DeleteModel(name="LoginFailure"),
    ]
