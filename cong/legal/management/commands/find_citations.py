import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cong.legal.citations.finder import find_references
from cong.legal.citations.offsets import nfc_with_offsets


class Command(BaseCommand):
    help = (
        "Print the document references found in a plain UTF-8 text file. With --json: one "
        "JSON object per line, offsets in characters into the file's text."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A UTF-8 text file, or - for stdin.")
        parser.add_argument("--json", action="store_true", help="JSON lines output.")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            raw = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"{path}: no such file") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 text ({error.reason})") from error
        text, to_original = nfc_with_offsets(raw)
        for reference in find_references(text):
            data = reference.as_json()
            data["start"], data["end"] = to_original(reference.start), to_original(reference.end)
            data["span"] = raw[data["start"] : data["end"]]
            if options["json"]:
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                where = f"{data['start']}-{data['end']}"
                details = ", ".join(
                    f"{k}={data[k]}"
                    for k in ("type", "issuer", "article", "clause", "point", "kind")
                    if data[k]
                )
                self.stdout.write(f"{where}\t{data['number']}\t{data['span']}\t{details}")
