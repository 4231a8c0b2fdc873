"""Who may see which requests, survey answers and ideas.

Staff see the records of a service when their Wagtail groups may edit (or publish) its page,
usually through a permission on its group page or the desk, which covers every service below
it. That is the rule Wagtail applies to form submissions; every view, download and export of the
back office checks it through the functions here.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from eservices.catalog.models import ServicePage

PAGE_ACTIONS = {"change", "publish"}


def visible_service_ids(user) -> QuerySet:
    """The ids of the service pages whose records ``user`` may see (a subquery)."""
    if not (user.is_active and user.is_authenticated):
        return ServicePage.objects.none().values("pk")
    if user.is_superuser:
        return ServicePage.objects.values("pk")
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, PAGE_ACTIONS)
    return ServicePage.objects.filter(pk__in=pages.values("pk")).values("pk")


def can_see_service(user, page_id: int) -> bool:
    return visible_service_ids(user).filter(pk=page_id).exists()


def is_staff_user(user) -> bool:
    """Someone who uses the admin: back-office views are never open to citizens."""
    return user.is_active and user.is_authenticated and user_has_any_page_permission(user)


class ServiceRecordPermissionPolicy(BasePermissionPolicy):
    """Records tied to a service page (``page_field``): staff may view and change those of the
    services they may edit. Nobody adds or deletes them from the admin; retention deletes."""

    ACTIONS = {"view", "change"}

    def __init__(self, model, page_field: str = "page"):
        super().__init__(model)
        self.page_field = page_field

    def user_has_permission(self, user, action):
        if action not in self.ACTIONS or not is_staff_user(user):
            return False
        return user.is_superuser or visible_service_ids(user).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not set(actions) & self.ACTIONS or not is_staff_user(user):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(
            **{f"{self.page_field}__in": visible_service_ids(user)}
        )

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, {action})

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not set(actions) & self.ACTIONS or not is_staff_user(user):
            return False
        page_id = getattr(instance, f"{self.page_field}_id")
        return can_see_service(user, page_id)

    def users_with_any_permission(self, actions):
        if not set(actions) & self.ACTIONS:
            return get_user_model()._default_manager.none()
        return PagePermissionPolicy().users_with_any_permission(PAGE_ACTIONS)

    def users_with_permission(self, action):
        return self.users_with_any_permission({action})
