import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from wagtail.models import GroupPagePermission

from cong.citizens.abuse import make_stamp
from cong.news.tests.factories import TopicFactory

from .factories import ConsultationIndexPageFactory, QuestionIndexPageFactory


@pytest.fixture(autouse=True)
def citizens_settings(settings, tmp_path):
    cache.clear()
    settings.CONG_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CONG_CITIZEN_MIN_FILL_SECONDS = 3
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    yield
    cache.clear()


def old_stamp(seconds_ago=30):
    """A fill-time stamp from `seconds_ago`: the form was filled at a human pace."""
    return make_stamp(time.time() - seconds_ago)


@pytest.fixture
def topics(db):
    return {
        "bhxh": TopicFactory(name="Bảo hiểm xã hội"),
        "datdai": TopicFactory(name="Đất đai"),
    }


@pytest.fixture
def qa(small_network):
    portals = small_network["portals"]
    return {
        key: QuestionIndexPageFactory(parent=portals[key])
        for key in ("nation", "hanoi", "badinh", "hoankiem")
    }


@pytest.fixture
def consultation_index(small_network):
    return ConsultationIndexPageFactory(parent=small_network["portals"]["hanoi"])


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def make_unit_user(django_user_model, portal, username, approver=False):
    """A user of one portal's unit: page permissions on exactly that portal page."""
    group, _ = Group.objects.get_or_create(
        name=f"{portal.slug} {'approver' if approver else 'editor'}"
    )
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page") + (("publish_page",) if approver else ()):
        GroupPagePermission.objects.get_or_create(
            group=group, page=portal, permission=_page_permission(codename)
        )
    user = django_user_model.objects.create_user(username=username, password="pw-1234-long")
    user.groups.add(group)
    return user


@pytest.fixture
def unit_users(small_network, django_user_model):
    portals = small_network["portals"]
    return {
        "badinh_editor": make_unit_user(django_user_model, portals["badinh"], "bd_editor"),
        "badinh_approver": make_unit_user(
            django_user_model, portals["badinh"], "bd_approver", approver=True
        ),
        "hanoi_approver": make_unit_user(
            django_user_model, portals["hanoi"], "hn_approver", approver=True
        ),
        "hoankiem_editor": make_unit_user(django_user_model, portals["hoankiem"], "hk_editor"),
    }
