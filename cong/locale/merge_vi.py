"""Fill cong/locale/vi/LC_MESSAGES/django.po from `msgid<TAB>msgstr` files.

Helpers working on other apps leave their Vietnamese as `cong/<app>/locale_vi.txt` (one
`msgid<TAB>msgstr` a line; `\\n` and `\\t` escapes allowed). After `makemessages`, run

    .venv/bin/python cong/locale/merge_vi.py [more.txt …]
    .venv/bin/python manage.py compilemessages -l vi -l en

The apps' own `locale_vi.txt` files are authoritative: their translations replace what the
catalogue has. Files given on the command line only fill empty or fuzzy entries (unless
--force). It then lists the msgids still empty.
Standard library only, so it runs before the project is installed.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
HEADER = {
    "Project-Id-Version": "cong",
    "Language": "vi",
    "Language-Team": "Vietnamese",
    "Plural-Forms": "nplurals=1; plural=0;",
    "Last-Translator": "Cổng contributors",
}


def unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" not in text[:-1]:
        return '"' + escaped.replace("\n", "\\n") + '"'
    parts = escaped.split("\n")
    lines = [p + "\\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(f'"{p}"' for p in lines)


class Entry:
    def __init__(self, lines: list[str]):
        self.comments: list[str] = []
        self.fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                self.comments.append(line)
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if match:
                key = match.group(1)
                self.fields[key] = unquote(match.group(2))
            elif line.startswith('"') and key:
                self.fields[key] += unquote(line)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def obsolete(self) -> bool:
        return any(c.startswith("#~") for c in self.comments)

    @property
    def fuzzy(self) -> bool:
        return any(c.startswith("#,") and "fuzzy" in c for c in self.comments)

    def translation(self) -> str:
        return self.fields.get("msgstr", self.fields.get("msgstr[0]", ""))

    def drop_extra_plurals(self) -> None:
        # Vietnamese has one plural form (nplurals=1): msgfmt rejects msgstr[1].
        for key in [k for k in self.fields if k.startswith("msgstr[") and k != "msgstr[0]"]:
            del self.fields[key]

    def set_translation(self, text: str) -> None:
        if "msgid_plural" in self.fields:
            self.fields["msgstr[0]"] = text
        else:
            self.fields["msgstr"] = text
        self.comments = [
            c if not (c.startswith("#,") and "fuzzy" in c) else self._unfuzz(c)
            for c in self.comments
        ]
        self.comments = [c for c in self.comments if c.strip() != "#,"]
        self.comments = [c for c in self.comments if not c.startswith("#| ")]

    @staticmethod
    def _unfuzz(comment: str) -> str:
        flags = [f.strip() for f in comment[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
        return "#, " + ", ".join(flags) if flags else "#,"

    def render(self) -> str:
        out = list(self.comments)
        for key in ("msgctxt", "msgid", "msgid_plural"):
            if key in self.fields:
                out.append(f"{key} {quote(self.fields[key])}")
        for key, value in self.fields.items():
            if key.startswith("msgstr"):
                out.append(f"{key} {quote(value)}")
        return "\n".join(out)


def read_po(path: Path) -> list[Entry]:
    blocks = path.read_text(encoding="utf-8").strip().split("\n\n")
    return [Entry(block.strip().split("\n")) for block in blocks if block.strip()]


def write_po(path: Path, entries: list[Entry]) -> None:
    path.write_text("\n\n".join(e.render() for e in entries) + "\n", encoding="utf-8")


def fix_header(entry: Entry) -> None:
    lines = [line for line in entry.fields.get("msgstr", "").split("\n") if line]
    values = dict(line.split(": ", 1) for line in lines if ": " in line)
    values.update(HEADER)
    if values.get("PO-Revision-Date", "").startswith("YEAR"):
        values["PO-Revision-Date"] = values.get("POT-Creation-Date", "")
    entry.fields["msgstr"] = "".join(f"{k}: {v}\n" for k, v in values.items())
    entry.comments = [
        "# Vietnamese catalogue of Cổng (msgids in English).",
        "# Distributed under the same license as the cong package (AGPL-3.0-or-later).",
        "#",
    ]


def read_pairs(path: Path) -> dict[str, str]:
    pairs = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        if "\t" not in raw:
            print(f"{path}:{number}: no TAB between msgid and msgstr, skipped", file=sys.stderr)
            continue
        msgid, msgstr = raw.split("\t", 1)
        unescape = lambda s: s.replace("\\n", "\n").replace("\\t", "\t")  # noqa: E731
        pairs[unescape(msgid)] = unescape(msgstr)
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="extra msgid<TAB>msgstr files")
    parser.add_argument("--force", action="store_true", help="replace differing translations")
    args = parser.parse_args()

    app_files = sorted(ROOT.glob("*/locale_vi.txt"))
    sources = [*args.files, *app_files]
    pairs: dict[str, str] = {}
    authoritative: set[str] = set()
    for source in args.files:
        pairs.update(read_pairs(source))
    for source in app_files:
        app_pairs = read_pairs(source)
        pairs.update(app_pairs)
        authoritative.update(app_pairs)
    entries = read_po(PO_FILE)
    fix_header(entries[0])
    written = conflicts = 0
    for entry in entries[1:]:
        if entry.obsolete or entry.msgid not in pairs:
            continue
        new = pairs[entry.msgid]
        old = entry.translation()
        replace = args.force or entry.msgid in authoritative
        if old and old != new and not entry.fuzzy and not replace:
            conflicts += 1
            print(f"kept existing translation of {entry.msgid!r}", file=sys.stderr)
            continue
        if old != new or entry.fuzzy:
            entry.set_translation(new)
            written += 1
    for entry in entries[1:]:
        entry.drop_extra_plurals()
    write_po(PO_FILE, entries)
    missing = [e.msgid for e in entries[1:] if not e.obsolete and not e.translation()]
    fuzzy = [e.msgid for e in entries[1:] if not e.obsolete and e.fuzzy]
    print(
        f"{len(sources)} source file(s), {written} translation(s) written, {conflicts} kept, "
        f"{len(missing)} empty, {len(fuzzy)} fuzzy"
    )
    for msgid in missing:
        print(f"  empty: {msgid!r}")
    for msgid in fuzzy:
        print(f"  fuzzy: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
