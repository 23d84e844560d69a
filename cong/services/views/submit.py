"""Filing a dossier online: the procedure's form, drafts kept by a secret link, an atomic
submission (dossier, papers, first event, rollup count — or nothing), then the receipt."""

from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _

from cong.citizens.attachments import stored_name

from .. import limits, workflow
from ..codes import new_draft_token
from ..forms import DossierForm
from ..models import Dossier, DossierDraft, DossierFile, Procedure
from .common import render_page, too_many
from .public import accepts_online, code_from_url

RECEIPT_SESSION_KEY = "cong_services_receipts"


def _save_files(form):
    def save(dossier, written):
        for paper in form.papers:
            uploaded = form.cleaned_data.get(f"paper_{paper.pk}")
            if not uploaded:
                continue
            kind, content_type = form.file_kinds[paper.pk]
            record = DossierFile(
                dossier=dossier,
                paper=paper,
                original_name=(uploaded.name or "")[-255:],
                content_type=content_type,
                size=uploaded.size,
            )
            name = stored_name(kind).replace("questions/", "dossiers/", 1)
            record.file.save(name, uploaded, save=False)
            written.append(record.file)
            record.save()

    return save


def submit(request, page, code):
    portal = page.owning_portal
    procedure = Procedure.objects.filter(code=code_from_url(code)).first()
    if procedure is None or not accepts_online(procedure, portal):
        raise Http404
    draft = None
    token = request.GET.get("nhap") or request.POST.get("draft_token") or ""
    if token:
        draft = DossierDraft.objects.filter(token=token, procedure=procedure, portal=portal).first()
    context = {"procedure": procedure}
    if request.method == "POST":
        action = request.POST.get("action", "submit")
        form = DossierForm(request.POST, request.FILES, procedure=procedure)
        if action == "draft":
            try:
                limits.check(request, "draft")
            except limits.RateLimited:
                return too_many(request, page)
            if draft is None:
                draft = DossierDraft(token=new_draft_token(), procedure=procedure, portal=portal)
            draft.data = form.draft_data()
            draft.save()
            resume = page.url + page.reverse_subpage("submit", args=[code]) + f"?nhap={draft.token}"
            context.update({"resume_url": request.build_absolute_uri(resume)})
            return render_page(request, page, "services/draft_saved.html", context, private=True)
        try:
            limits.check(request, "submit")
        except limits.RateLimited:
            return too_many(request, page)
        if form.is_valid():
            data = form.cleaned_data
            dossier = Dossier(
                procedure=procedure,
                portal=portal,
                applicant_name=data["applicant_name"],
                email=(data.get("email") or "").lower(),
                phone=data.get("phone") or "",
                answers=form.answers(),
            )
            workflow.submit(dossier, save_files=_save_files(form))
            if draft is not None:
                draft.delete()
            receipts = request.session.get(RECEIPT_SESSION_KEY, [])[-4:]
            request.session[RECEIPT_SESSION_KEY] = [*receipts, dossier.code]
            return HttpResponseRedirect(page.url + page.reverse_subpage("receipt"))
        if form.is_bot:
            return render_page(
                request,
                page,
                "services/refused.html",
                {"message": _("Your submission could not be accepted.")},
                status=400,
            )
        form.refresh_stamp()
    else:
        form = DossierForm(procedure=procedure, initial=draft.data if draft else None)
    context.update({"form": form, "draft": draft})
    return render_page(request, page, "services/submit.html", context, private=True)
