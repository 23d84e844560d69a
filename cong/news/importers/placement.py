"""Where imported articles go: a portal's news or directives section, and when they were
published. Spreading is deterministic: everything follows from a hash of the import key, so a
re-run or another machine puts the same article in the same place at the same time (as long as
the network is the same)."""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import Page

from cong.network.models import PortalPage, Unit
from cong.news.models import DirectiveIndexPage, NewsIndexPage

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NEWS_SLUG = "tin-tuc"
DIRECTIVES_SLUG = "chi-dao-dieu-hanh"

# Share of articles by portal level (0 national, 1 province, 2 commune and below): roughly what
# the portals publish — the Government portal ~50 a day, a province ~15, a commune a few a week.
NEWS_SHARES = {0: 0.04, 1: 0.36, 2: 0.60}
# Directives are issued from the centre and the provinces and pushed down.
DIRECTIVE_SHARES = {0: 0.30, 1: 0.70}
# Publication windows. Communes start at the 1 July 2025 reform, when their portals began.
# Fixed dates keep the spread deterministic; move SPREAD_END forward when refreshing demo data.
SPREAD_START = date(2021, 1, 1)
COMMUNES_START = date(2025, 7, 1)
SPREAD_END = date(2026, 11, 1)
_DAY_START_MINUTES = 6 * 60 + 30  # 06:30 to 21:30, Vietnam time
_DAY_LENGTH_MINUTES = 15 * 60


@dataclass(frozen=True)
class Section:
    page: Page
    portal_id: int
    level: int

    @property
    def bucket(self) -> int:
        return min(self.level, 2)


@dataclass(frozen=True)
class Placement:
    section: Section
    published_at: datetime
    directive: bool


def key_hash(key: str) -> tuple[int, int, int, int]:
    """Four independent 32-bit numbers from a key."""
    digest = hashlib.blake2b(key.encode(), digest_size=16).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "big") for i in range(0, 16, 4))


def spread_time(level: int, a: int, b: int, today: date | None = None) -> datetime:
    start = COMMUNES_START if level >= 2 else SPREAD_START
    end = min(SPREAD_END, today or timezone.localdate())
    days = max((end - start).days, 1)
    day = start + timedelta(days=a % days)
    minutes = _DAY_START_MINUTES + b % _DAY_LENGTH_MINUTES
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=VIETNAM)


class NetworkSections:
    """The news and directives section of every live portal, loaded in two queries."""

    def __init__(self, news: dict[int, Section], directives: dict[int, Section]):
        self.news = news  # portal id → section
        self.directives = directives

    @classmethod
    def load(cls, portals=None) -> "NetworkSections":
        if portals is None:
            portals = PortalPage.objects.live().filter(unit__in=Unit.objects.current())
        rows = portals.values_list("pk", "path", "unit__level")
        by_path = {path: (pk, level) for pk, path, level in rows}
        return cls(
            cls._sections(NewsIndexPage, NEWS_SLUG, by_path),
            cls._sections(DirectiveIndexPage, DIRECTIVES_SLUG, by_path),
        )

    @staticmethod
    def _sections(model, preferred_slug: str, portals_by_path) -> dict[int, Section]:
        found: dict[int, Section] = {}
        for page in model.objects.order_by("path"):
            portal = portals_by_path.get(page.path[: -Page.steplen])
            if portal is None:
                continue
            portal_id, level = portal
            if portal_id not in found or page.slug == preferred_slug:
                if portal_id in found and found[portal_id].page.slug == preferred_slug:
                    continue
                found[portal_id] = Section(page, portal_id, level)
        return found

    def for_portal(self, portal: PortalPage) -> tuple[Section | None, Section | None]:
        return self.news.get(portal.pk), self.directives.get(portal.pk)


def _by_bucket(sections, shares) -> tuple[list[tuple[float, list[Section]]], float]:
    buckets: dict[int, list[Section]] = {}
    for section in sorted(sections, key=lambda s: s.page.path):
        if section.bucket in shares:
            buckets.setdefault(section.bucket, []).append(section)
    weighted = [(shares[b], buckets[b]) for b in sorted(buckets)]
    return weighted, sum(w for w, _ in weighted)


def _pick(weighted, total: float, u: int, r: int) -> Section:
    target = (u / 2**32) * total
    for weight, sections in weighted:
        if target < weight:
            return sections[r % len(sections)]
        target -= weight
    sections = weighted[-1][1]
    return sections[r % len(sections)]


class Spread:
    """Articles over the whole network: levels by share, portals uniformly within a level."""

    def __init__(self, network: NetworkSections, directive_ratio: float):
        self.news, self.news_total = _by_bucket(network.news.values(), NEWS_SHARES)
        self.directives, self.directives_total = _by_bucket(
            network.directives.values(), DIRECTIVE_SHARES
        )
        if not self.news:
            raise ValueError("No portal has a news section: run `manage.py seed_network` first.")
        self.directive_ratio = directive_ratio if self.directives else 0.0
        self.today = timezone.localdate()

    def place(self, key: str) -> Placement:
        a, b, c, d = key_hash(key)
        directive = (a / 2**32) < self.directive_ratio
        if directive:
            section = _pick(self.directives, self.directives_total, b, c)
        else:
            section = _pick(self.news, self.news_total, b, c)
        return Placement(section, spread_time(section.level, d, c >> 7, self.today), directive)


class OnePortal:
    """Everything into one portal's news section (a share into its directives section)."""

    def __init__(self, news: Section, directives: Section | None, directive_ratio: float):
        self.news_section = news
        self.directives_section = directives
        self.directive_ratio = directive_ratio if directives else 0.0

    def place(self, key: str) -> Placement:
        a, _, c, d = key_hash(key)
        directive = (a / 2**32) < self.directive_ratio
        section = self.directives_section if directive else self.news_section
        return Placement(section, spread_time(section.level, d, c >> 7), directive)
