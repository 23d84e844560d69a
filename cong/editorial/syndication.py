"""Proposing an article up to the parent portal, and the parent's decision."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cong.core.text import clean_text
from cong.editorial.models import PortalRole, Proposal, ProposalStatus, Role
from cong.editorial.roles import portal_chain, user_can_decide_for_portal
from cong.network.models import PortalPage


def origin_and_parent(article):
    """The article's own portal and the portal directly above it (None at the top)."""
    chain = portal_chain([article.path])[article.path]
    if not chain:
        return None, None
    portals = {p.path: p for p in PortalPage.objects.filter(path__in=chain[-2:])}
    origin = portals.get(chain[-1])
    parent = portals.get(chain[-2]) if len(chain) > 1 else None
    return origin, parent


def accepted_article_ids(portal_id):
    """Subquery: articles accepted into a portal's listings from the portals below it."""
    return Proposal.objects.filter(to_portal_id=portal_id, status=ProposalStatus.ACCEPTED).values(
        "article_id"
    )


@transaction.atomic
def propose(article, user, note: str = "") -> Proposal:
    origin, parent = origin_and_parent(article)
    if origin is None or parent is None:
        raise ValidationError(_("This article's portal has no portal above it."))
    if not user_can_decide_for_portal(user, origin):
        raise PermissionDenied
    if not article.live:
        raise ValidationError(_("Only a published article can be proposed."))
    proposal, created = Proposal.objects.select_for_update().get_or_create(
        article=article,
        to_portal=parent,
        defaults={"from_portal": origin, "proposed_by": user, "note": clean_text(note)},
    )
    if not created:
        if proposal.status == ProposalStatus.PENDING:
            return proposal
        if proposal.status == ProposalStatus.ACCEPTED:
            raise ValidationError(_("The portal above has already accepted this article."))
        proposal.status = ProposalStatus.PENDING
        proposal.note, proposal.proposed_by = clean_text(note), user
        proposal.decided_by = proposal.decided_at = None
        proposal.reason = ""
        proposal.save()
    log(
        instance=article,
        action="cong.proposal.propose",
        user=user,
        data={"to_portal": parent.title},
    )
    _notify_portal(
        parent,
        _("Article proposed: %(title)s") % {"title": article.title},
        _("%(portal)s proposes “%(title)s” for your portal's listings.")
        % {"portal": origin.title, "title": article.title},
    )
    return proposal


def _decide(proposal, user, status, reason=""):
    if not user_can_decide_for_portal(user, proposal.to_portal):
        raise PermissionDenied
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    proposal.status = status
    proposal.reason = clean_text(reason)
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save()
    log(
        instance=proposal.article,
        action=f"cong.proposal.{status}",
        user=user,
        data={"to_portal": proposal.to_portal.title, "reason": proposal.reason},
    )
    if proposal.proposed_by and proposal.proposed_by.email:
        verdict = _("accepted") if status == ProposalStatus.ACCEPTED else _("declined")
        body = _("%(portal)s %(verdict)s “%(title)s”.") % {
            "portal": proposal.to_portal.title,
            "verdict": verdict,
            "title": proposal.article.title,
        }
        subject = body  # one line: a header cannot hold the reason's line breaks
        if proposal.reason:
            body += "\n" + _("Reason: %(reason)s") % {"reason": proposal.reason}
        send_mail(subject[:150], body, None, [proposal.proposed_by.email], fail_silently=True)
    return proposal


def accept(proposal, user):
    return _decide(proposal, user, ProposalStatus.ACCEPTED)


def decline(proposal, user, reason):
    if not clean_text(reason or ""):
        raise ValidationError(_("Give a reason for declining."))
    return _decide(proposal, user, ProposalStatus.DECLINED, reason)


def withdraw(proposal, user):
    if not user_can_decide_for_portal(user, proposal.from_portal):
        raise PermissionDenied
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status"])
    log(
        instance=proposal.article,
        action="cong.proposal.withdrawn",
        user=user,
        data={"to_portal": proposal.to_portal.title},
    )
    return proposal


def decidable_by(user):
    """Proposals addressed to portals the user may decide for."""
    from cong.editorial.roles import DECIDING_ROLES, held_roles

    if user.is_superuser:
        return Proposal.objects.all()
    q = Q(pk__in=[])
    for pid, path, role in held_roles(user):
        if role in DECIDING_ROLES:
            q |= Q(to_portal_id=pid)
        if role == Role.ADMIN:
            q |= Q(to_portal__path__startswith=path)
    return Proposal.objects.filter(q)


def sent_by(user):
    from cong.editorial.roles import DECIDING_ROLES, held_roles

    if user.is_superuser:
        return Proposal.objects.all()
    q = Q(pk__in=[])
    for pid, path, role in held_roles(user):
        if role in DECIDING_ROLES:
            q |= Q(from_portal_id=pid)
        if role == Role.ADMIN:
            q |= Q(from_portal__path__startswith=path)
    return Proposal.objects.filter(q)


def _notify_portal(portal, subject, body):
    from django.contrib.auth import get_user_model

    roles = PortalRole.objects.filter(portal=portal, role__in=[Role.EDITOR, Role.APPROVER])
    emails = list(
        get_user_model()
        .objects.filter(is_active=True, groups__portal_role__in=roles)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if emails:
        send_mail(subject[:150], body, None, emails, fail_silently=True)
