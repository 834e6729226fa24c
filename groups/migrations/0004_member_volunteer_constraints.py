# The constraints in a migration of their own: the links written by 0003 are committed first
# (PostgreSQL refuses ALTER TABLE on a table with pending deferred-constraint checks).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("groups", "0003_member_volunteer"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='groupmember',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('volunteer_name', ''), models.Q(models.Q(('resident__isnull', False), ('user__isnull', True), ('volunteer__isnull', True)), models.Q(('resident__isnull', True), ('user__isnull', False), ('volunteer__isnull', True)), models.Q(('resident__isnull', True), ('user__isnull', True), ('volunteer__isnull', False)), _connector='OR')), models.Q(models.Q(('volunteer_name', ''), _negated=True), ('resident__isnull', True), ('user__isnull', True), ('volunteer__isnull', True)), _connector='OR'), name='member_is_exactly_one_kind'),
        ),
        migrations.AddConstraint(
            model_name='groupmember',
            constraint=models.UniqueConstraint(condition=models.Q(('volunteer__isnull', False)), fields=('group', 'volunteer'), name='member_volunteer_once_per_group'),
        ),
    ]
