"""Authentication backends."""

from __future__ import annotations

from django.contrib.auth import backends
from django.contrib.auth.models import Permission


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend, reading a user's permissions in one query instead of two.

    Every request that checks a permission (each workspace page and write does) asked once for
    the user's own permissions and once for their groups'; here both come in one UNION.
    `has_perm` and the rest read the same `_perm_cache` as Django's backend.
    """

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            fields = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                perms = Permission.objects.values_list(*fields).order_by()
            else:
                own = Permission.objects.filter(user=user_obj).values_list(*fields).order_by()
                grouped = (
                    Permission.objects.filter(group__user=user_obj).values_list(*fields).order_by()
                )
                perms = own.union(grouped)
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in perms}
        return user_obj._perm_cache
