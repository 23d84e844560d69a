"""The dossier's life: submission and every transition, each checked against the user's role on
the handling portal, logged, counted in the monthly rollup and notified — all or nothing."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cong.core.text import clean_text

from . import stats
from .models import Dossier, DossierEvent, Status
from .permissions import LEADER_ROLES, OFFICER_ROLES, can_act
from .workdays import WorkingCalendar

S = Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset
    note_required: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("assign", _("Assign"), (S.RECEIVED, S.ASSIGNED), S.ASSIGNED, LEADER_ROLES),
        Transition("start", _("Start processing"), (S.ASSIGNED,), S.PROCESSING, OFFICER_ROLES),
        Transition(
            "request_supplement",
            _("Request a supplement"),
            (S.PROCESSING,),
            S.SUPPLEMENT_REQUESTED,
            OFFICER_ROLES,
            note_required=True,
        ),
        Transition(
            "supplemented",
            _("Supplement received"),
            (S.SUPPLEMENT_REQUESTED,),
            S.SUPPLEMENTED,
            OFFICER_ROLES,
        ),
        Transition(
            "resume", _("Resume processing"), (S.SUPPLEMENTED,), S.PROCESSING, OFFICER_ROLES
        ),
        Transition("result", _("Result ready"), (S.PROCESSING,), S.RESULT_READY, OFFICER_ROLES),
        Transition("return", _("Result returned"), (S.RESULT_READY,), S.RETURNED, OFFICER_ROLES),
        Transition(
            "reject",
            _("Reject"),
            (S.RECEIVED, S.ASSIGNED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.SUPPLEMENTED),
            S.REJECTED,
            LEADER_ROLES,
            note_required=True,
        ),
    ]
}


def available(user, dossier) -> list[Transition]:
    return [
        t
        for t in TRANSITIONS.values()
        if dossier.status in t.sources and can_act(user, dossier.portal.path, t.roles)
    ]


def due_date_from(day, procedure):
    return WorkingCalendar().add_working_days(day, procedure.processing_days)


def submit(dossier: Dossier, save_files=None) -> Dossier:
    """Create the dossier, its papers (`save_files(dossier)`), its first event and its count,
    in one transaction. Files written before a failure are removed."""
    written = []
    now = timezone.now()
    dossier.submitted_at = now
    dossier.status = S.RECEIVED
    dossier.due_date = due_date_from(timezone.localdate(now), dossier.procedure)
    try:
        with transaction.atomic():
            from .codes import new_dossier_code

            dossier.code = new_dossier_code()
            dossier.save()
            if save_files is not None:
                save_files(dossier, written)
            event = DossierEvent.objects.create(
                dossier=dossier, to_status=S.RECEIVED, created_at=now
            )
            stats.count_received(dossier)
            _notify_on_commit(dossier, event)
    except BaseException:
        for stored in written:
            stored.storage.delete(stored.name)
        raise
    return dossier


def perform(user, dossier_id: int, name: str, note: str = "", assignee=None) -> Dossier:
    """Apply transition `name` to the dossier as `user`; PermissionDenied if their role on the
    handling portal does not allow it, ValidationError if the dossier is not in a source state."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("Unknown action."))
    note = clean_text(note)
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update()
            .select_related("portal", "procedure")
            .get(pk=dossier_id)
        )
        if not can_act(user, dossier.portal.path, transition.roles):
            raise PermissionDenied
        if dossier.status not in transition.sources:
            raise ValidationError(_("This action is not possible in the dossier's current state."))
        if transition.note_required and not note:
            raise ValidationError(_("Please give a reason or a note."))
        now = timezone.now()
        previous = dossier.status
        dossier.status = transition.target
        if name == "assign":
            dossier.assignee = assignee or user
        elif name == "supplemented":
            # The processing time starts again from the day the dossier is complete.
            dossier.due_date = due_date_from(timezone.localdate(now), dossier.procedure)
        elif name == "result":
            dossier.resolved_at = now
        elif name == "return":
            dossier.finished_at = now
        elif name == "reject":
            dossier.finished_at = now
            dossier.reject_reason = note
        dossier.save()
        event = DossierEvent.objects.create(
            dossier=dossier,
            from_status=previous,
            to_status=transition.target,
            actor=user,
            note=note,
            created_at=now,
        )
        if name == "result":
            stats.count_resolved(dossier)
        elif name == "reject":
            stats.count_rejected(dossier)
        _notify_on_commit(dossier, event)
    return dossier


def rate(dossier: Dossier, score: int, comment: str) -> bool:
    """Record the citizen's one rating after the result; False if already rated or too early."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.rated_at is not None or dossier.status not in (S.RESULT_READY, S.RETURNED):
            return False
        dossier.rating = score
        dossier.rating_comment = clean_text(comment)
        dossier.rated_at = timezone.now()
        dossier.save(update_fields=["rating", "rating_comment", "rated_at"])
        stats.count_rating(dossier)
    return True


def _notify_on_commit(dossier, event):
    from .tasks import notify_dossier

    transaction.on_commit(lambda: notify_dossier.enqueue(dossier.pk, event.pk))
