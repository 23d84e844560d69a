"""Retention: purge_personal_data blanks personal data past the retention period."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from cong.citizens import alerts
from cong.citizens.models import Comment, Question, QuestionStatus, Subscription

from .factories import ConsultationPageFactory, QuestionFactory
from .helpers import PDF_BYTES, question_data, upload


@pytest.mark.django_db
def test_purge_personal_data(client, qa, topics, small_network, consultation_index, settings):
    settings.CONG_PERSONAL_DATA_RETENTION_DAYS = 30
    client.post(
        qa["badinh"].url + "gui-cau-hoi/",
        question_data(topics["bhxh"], attachment=upload("don.pdf", PDF_BYTES)),
    )
    old = Question.objects.get()
    attachment_path = Path(old.attachment.path)
    long_ago = timezone.now() - timedelta(days=31)
    Question.objects.filter(pk=old.pk).update(
        status=QuestionStatus.PUBLISHED, finished_at=long_ago, public_title="Công khai"
    )
    recent = QuestionFactory(
        portal=small_network["portals"]["badinh"],
        status=QuestionStatus.ANSWERED,
        finished_at=timezone.now() - timedelta(days=2),
    )
    open_question = QuestionFactory(portal=small_network["portals"]["badinh"], created_at=long_ago)
    draft = ConsultationPageFactory(
        parent=consultation_index, opens_at=long_ago - timedelta(days=30), closes_at=long_ago
    )
    comment = Comment.objects.create(
        consultation=draft,
        portal=draft.owning_portal,
        author_name="Lê Cường",
        email="c@example.vn",
        body="Góp ý",
    )
    stale, _ = alerts.subscribe(
        "stale@example.vn", "portal", portal=small_network["portals"]["hue"]
    )
    Subscription.objects.filter(pk=stale.pk).update(created_at=long_ago)

    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "Would purge" in out.getvalue() and "1 questions" in out.getvalue()
    assert Question.objects.get(pk=old.pk).asker_email

    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Purged" in out.getvalue()
    old.refresh_from_db()
    assert (old.asker_name, old.asker_email, old.asker_phone, old.attachment.name) == (
        "",
        "",
        "",
        "",
    )
    assert old.personal_data_purged_at is not None and old.public_title == "Công khai"
    assert not attachment_path.exists()
    recent.refresh_from_db()
    open_question.refresh_from_db()
    assert recent.asker_email and open_question.asker_email
    comment.refresh_from_db()
    assert (comment.author_name, comment.email, comment.body) == ("", "", "Góp ý")
    assert not Subscription.objects.filter(pk=stale.pk).exists()
