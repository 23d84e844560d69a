"""Background work (django-tasks): re-reads the database, safe to re-run."""

from django_tasks import task


@task()
def notify_dossier(dossier_id: int, event_id: int) -> int:
    from .models import Dossier, DossierEvent
    from .notify import notify

    dossier = Dossier.objects.select_related("portal", "procedure").filter(pk=dossier_id).first()
    event = DossierEvent.objects.filter(pk=event_id, dossier_id=dossier_id).first()
    if dossier is None or event is None:
        return 0
    return notify(dossier, event)
