"""The article edit form: a public change note, and push-down limited to the user's reach.

Kept free of model imports at module level: `cong.news.models` uses it as `base_form_class`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

DIRECTIVE_FIELDS = ("directive_scope", "directive_level", "directive_units")


class ArticleAdminForm(WagtailAdminPageForm):
    change_note = forms.CharField(
        label=_("Change note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For a correction to a published article: shown on the page as "
            "'Updated at …' with this note once the correction is published."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.origin_portal = self._origin_portal()
        self.can_push_down = self._can_push_down()
        self._limit_directive_fields()

    def _origin_portal(self):
        from cong.editorial.roles import portal_chain
        from cong.network.models import PortalPage

        path = self.instance.path or (self.parent_page.path if self.parent_page else "")
        chain = portal_chain([path])[path] if path else []
        return (
            PortalPage.objects.select_related("unit").filter(path=chain[-1]).first()
            if chain
            else None
        )

    def _can_push_down(self) -> bool:
        from cong.editorial.roles import user_can_decide_for_portal
        from cong.network.models import PortalPage

        portal = self.origin_portal
        if portal is None or self.for_user is None:
            return False
        from cong.core.tree import subtree_q

        has_subordinates = PortalPage.objects.filter(subtree_q(portal.path)).exists()
        return has_subordinates and user_can_decide_for_portal(self.for_user, portal)

    def _limit_directive_fields(self):
        from cong.core.tree import subtree_q
        from cong.network.models import Unit

        present = [name for name in DIRECTIVE_FIELDS if name in self.fields]
        if not present:
            return
        if not self.can_push_down:
            # Disabled fields ignore whatever is posted: a forged POST cannot set them.
            for name in present:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Only an editor of a portal with subordinate portals can push an article down."
                )
            if "directive_units" in self.fields:
                # Render only the units already chosen, not the whole network's (~10,000).
                chosen = (
                    self.instance.directive_units.all() if self.instance.pk else Unit.objects.none()
                )
                self.fields["directive_units"].queryset = Unit.objects.filter(
                    pk__in=[unit.pk for unit in chosen]
                )
            return
        portal = self.origin_portal
        if "directive_units" in self.fields:
            self.fields["directive_units"].queryset = Unit.objects.filter(
                subtree_q(portal.path, "portal__path")
            ).order_by("level", "code")

    def clean(self):
        cleaned = super().clean()
        if not self.can_push_down or "directive_scope" not in self.fields:
            return cleaned
        scope = cleaned.get("directive_scope") or ""
        level = cleaned.get("directive_level")
        portal = self.origin_portal
        if scope == "level":
            if level is None or level <= portal.unit.level:
                self.add_error(
                    "directive_level",
                    _("Choose a level below this portal's (%(level)s).")
                    % {"level": portal.unit.level},
                )
        if scope == "units" and not cleaned.get("directive_units"):
            self.add_error("directive_units", _("Choose at least one subordinate unit."))
        return cleaned
