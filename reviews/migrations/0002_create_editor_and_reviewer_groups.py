"""Create the Editors and Reviewers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = [
    ("newsdesk", "view_story"),
    ("newsdesk", "view_storyversion"),
    ("reviews", "view_review"),
    ("reviews", "view_highlight"),
    ("reviews", "view_claim"),
    ("reviews", "view_comment"),
    ("reviews", "view_signoff"),
]
REVIEW_WORK = [
    ("reviews", "add_highlight"),
    ("reviews", "change_highlight"),
    ("reviews", "add_claim"),
    ("reviews", "change_claim"),
    ("reviews", "add_comment"),
]
ROLES = {
    "Reviewers": [*READ, *REVIEW_WORK, ("reviews", "sign_off_reviewer")],
    "Editors": [
        *READ,
        *REVIEW_WORK,
        ("newsdesk", "add_story"),
        ("newsdesk", "add_storyversion"),
        ("reviews", "add_review"),
        ("reviews", "assign_reviewers"),
        ("reviews", "sign_off_editor"),
        ("reviews", "override_signoff"),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrations run; make sure they exist now.
    for app_label in ("newsdesk", "reviews"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("newsdesk", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
