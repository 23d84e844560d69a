"""JSON as the API writes it: UTF-8 (Vietnamese readable as is), dates in ISO 8601."""

import json

from django.core.serializers.json import DjangoJSONEncoder


def dumps(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
