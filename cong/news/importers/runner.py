"""Running an import end to end: read, place, write, with a progress bar. Used by the
`import_articles` and `seed_demo` commands."""

import sys
from collections.abc import Callable, Container
from pathlib import Path

from tqdm import tqdm

from cong.network.models import PortalPage
from cong.search.legacy import read_vietnamese_text

from .article import Failure
from .chinhphu import parse_chinhphu_text
from .jsonl import count_lines, read_jsonl
from .placement import NetworkSections, OnePortal, Spread
from .writer import ArticleWriter, ImportReport

DEFAULT_DIRECTIVE_RATIO = 0.05


class ImportSetupError(Exception):
    """The import cannot start (no section to import into, unreadable file…)."""


def portal_placer(portal: PortalPage, directive_ratio: float = 0.0, network=None) -> OnePortal:
    network = network or NetworkSections.load(PortalPage.objects.filter(pk=portal.pk))
    news, directives = network.for_portal(portal)
    if news is None:
        raise ImportSetupError(f"The portal '{portal.title}' has no news section (Tin tức).")
    if directive_ratio and directives is None:
        raise ImportSetupError(
            f"The portal '{portal.title}' has no directives section (Chỉ đạo điều hành)."
        )
    return OnePortal(news, directives, directive_ratio)


def spread_placer(directive_ratio: float = DEFAULT_DIRECTIVE_RATIO, network=None) -> Spread:
    try:
        return Spread(network or NetworkSections.load(), directive_ratio)
    except ValueError as exc:
        raise ImportSetupError(str(exc)) from exc


def _progress(total: int | None, enabled: bool, label: str):
    return tqdm(total=total, file=sys.stderr, disable=not enabled, unit=" articles", desc=label)


def import_chinhphu_file(
    path: Path,
    portal: PortalPage,
    *,
    default_source: str = "",
    report: ImportReport | None = None,
    progress: bool = True,
    index: bool = True,
    encoding: str = "auto",
) -> ImportReport:
    """Import a file in the Government portal's plain-text format; UTF-8, or an old
    Vietnamese encoding (`encoding`, or guessed when "auto")."""
    report = report or ImportReport()
    try:
        text = read_vietnamese_text(path, encoding)
    except UnicodeDecodeError as exc:
        raise ImportSetupError(
            f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})."
        ) from exc
    placer = portal_placer(portal)
    writer = ArticleWriter(report, index=index)
    with _progress(None, progress, "chinhphu") as bar:
        for result in parse_chinhphu_text(text, default_source=default_source):
            bar.update()
            if isinstance(result, Failure):
                report.failures.append(result)
                continue
            where = f"'{result.title[:60]}'"
            writer.add(result, placer.place(result.import_key), where)
        writer.flush()
    return report


def import_jsonl_file(
    path: Path,
    placer,
    *,
    limit: int | None = None,
    only_lines: Container[int] | None = None,
    key_prefix: str = "vietnews",
    batch_size: int = 5000,
    report: ImportReport | None = None,
    progress: bool = True,
    label: str = "jsonl",
    total: int | None = None,
    index: bool = True,
    encoding: str = "auto",
) -> ImportReport:
    """Import a JSON-lines file. `limit` stops after that many lines; `only_lines` restricts
    the import to those line numbers. Articles are validated one by one before any write.
    Lines that are not UTF-8 are read in `encoding` (guessed per line when "auto")."""
    report = report or ImportReport()
    if total is None and progress and only_lines is None:
        total = count_lines(path)
        total = min(total, limit) if limit else total
    writer = ArticleWriter(report, batch_size=batch_size, index=index)
    with _progress(total, progress, label) as bar:
        _feed(
            read_jsonl(path, key_prefix, encoding),
            placer,
            writer,
            report,
            limit,
            only_lines,
            bar.update,
        )
        writer.flush()
    return report


def _feed(results, placer, writer, report, limit, only_lines, tick: Callable[[], object]):
    for number, result in results:
        if limit and number > limit:
            break
        if only_lines is not None and number not in only_lines:
            continue
        tick()
        if isinstance(result, Failure):
            report.failures.append(result)
            continue
        writer.add(result, placer.place(result.import_key), f"line {number}")
