from django.db import models
from django.utils.translation import gettext_lazy as _

from ..holidays import OFF, WORKING


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a day off, or a Saturday/Sunday worked."""

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=8,
        choices=[(OFF, _("Day off")), (WORKING, _("Make-up working day"))],
    )
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        ordering = ["day"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("holiday calendar")

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"
