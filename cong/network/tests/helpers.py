"""Small hierarchies written as JSON files, and running seed_network on them."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

SAMPLE_2015 = Path(__file__).resolve().parent.parent / "fixtures" / "vn-2015-sample.json"


def unit(code, name, unit_type, *children, **extra):
    data = {"code": code, "name": name, "type": unit_type, **extra}
    if children:
        data["children"] = list(children)
    return data


def mini_2025(*communes_of_hanoi, extra_provinces=()):
    """A vn-2025-shaped hierarchy: the Government, Hà Nội with the given communes, and more
    provinces if asked."""
    return {
        "scheme": "vn-2025",
        "valid_from": "2025-07-01",
        "units": [
            unit(
                "VN",
                "Chính phủ",
                "Chính phủ",
                unit("01", "Thành phố Hà Nội", "thành phố", *communes_of_hanoi),
                *extra_provinces,
            )
        ],
    }


def write(tmp_path, data, name="hierarchy.json") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_network", *args, stdout=out, stderr=StringIO())
    return out.getvalue()
