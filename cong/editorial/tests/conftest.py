"""Editorial fixtures: the small network with people in their roles and a few articles."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from cong.editorial.roles import grant_role
from cong.news.tests.factories import ArticlePageFactory

PASSWORD = "mat-khau-thu-nghiem-123"


@pytest.fixture
def make_user(db):
    def make(username, role=None, portal=None, **extra):
        user = get_user_model().objects.create_user(
            username, email=f"{username}@example.vn", password=PASSWORD, **extra
        )
        if role:
            grant_role(user, role, portal)
        return user

    return make


@pytest.fixture
def people(small_network, make_user):
    portals = small_network["portals"]
    return {
        "author": make_user("pv_badinh", "author", portals["badinh"]),
        "editor": make_user("bt_badinh", "editor", portals["badinh"]),
        "approver": make_user("ld_badinh", "approver", portals["badinh"]),
        "admin": make_user("qt_badinh", "admin", portals["badinh"]),
        "other_editor": make_user("bt_hoankiem", "editor", portals["hoankiem"]),
        "province_editor": make_user("bt_hanoi", "editor", portals["hanoi"]),
        "province_approver": make_user("ld_hanoi", "approver", portals["hanoi"]),
        "province_admin": make_user("qt_hanoi", "admin", portals["hanoi"]),
    }


@pytest.fixture
def articles(small_network):
    """One live article in each portal's news section."""
    sections = small_network["sections"]
    return {
        key: ArticlePageFactory(
            parent=sections[key]["news"],
            title=f"Tin của {key}",
            slug=f"tin-{key}",
            published_at=timezone.now(),
        )
        for key in sections
    }


@pytest.fixture
def login(db):
    """A fresh browser (own cookies and messages) signed in as `user`."""

    def as_user(user):
        client = Client()
        client.force_login(user)
        return client

    return as_user
