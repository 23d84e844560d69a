"""A correction to a published article shows "Cập nhật lúc …" with its note."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cong.editorial.models import ChangeNote
from cong.editorial.tests.helpers import article_form_data

pytestmark = pytest.mark.django_db


def test_correction_note_is_public_after_publishing(login, people, articles):
    article = articles["badinh"].specific
    article.save_revision().publish()
    approver = login(people["approver"])
    response = approver.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        article_form_data(
            article,
            title="Tin của badinh (đã sửa)",
            change_note="Sửa tên người phát biểu",
            **{"action-publish": "action-publish"},
        ),
    )
    assert response.status_code == 302
    note = ChangeNote.objects.get(page=article)
    assert note.published_at is not None and note.user == people["approver"]
    html = render_to_string("editorial/article_change_notes.html", {"page": article})
    stamp = timezone.localtime(note.published_at).strftime("%d/%m/%Y %H:%M")
    assert "Cập nhật lúc <time datetime=" in html
    assert stamp in html and "Sửa tên người phát biểu" in html


def test_note_on_a_draft_stays_private_until_published(login, people, articles):
    article = articles["badinh"].specific
    article.save_revision().publish()
    editor = login(people["editor"])
    editor.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        article_form_data(article, sapo="Tóm tắt mới", change_note="Bổ sung số liệu"),
    )
    note = ChangeNote.objects.get(page=article)
    assert note.published_at is None
    assert "Bổ sung" not in render_to_string(
        "editorial/article_change_notes.html", {"page": article}
    )
    article.refresh_from_db()
    article.get_latest_revision().publish()
    note.refresh_from_db()
    assert note.published_at is not None
    assert "Bổ sung số liệu" in render_to_string(
        "editorial/article_change_notes.html", {"page": article}
    )


def test_first_publication_has_no_change_note(login, people, small_network):
    from cong.news.tests.factories import ArticlePageFactory

    draft = ArticlePageFactory(parent=small_network["sections"]["badinh"]["news"], live=False)
    login(people["approver"]).post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        article_form_data(draft, change_note="Không phải đính chính", **{"action-publish": "1"}),
    )
    assert not ChangeNote.objects.filter(page=draft).exists()
