from wagtail.permission_policies import ModelPermissionPolicy


class UnitPermissionPolicy(ModelPermissionPolicy):
    """Units are never deleted (they are retired with an end date), not even by superusers."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "delete"])
