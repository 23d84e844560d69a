"""The versioned API: one NinjaAPI instance mounted at /api/v1/."""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from cong.api.json import dumps
from cong.api.v1.http import RateLimit
from cong.api.v1.problems import PROBLEM_JSON, register_problem_handlers


class UTF8Renderer(JSONRenderer):
    def render(self, request, data, *, response_status):
        return dumps(data)


class CongAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> dict[str, Any]:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # Errors are problem documents (RFC 9457); say so, so clients and validators agree.
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status).startswith(("4", "5")) and "application/json" in content:
                        response["content"] = {PROBLEM_JSON: content["application/json"]}
        return schema


api = CongAPI(
    title="Cổng API",
    version="1.0.0",
    description=(
        "Structured data of the Vietnamese government portal network (Decree 42/2022/NĐ-CP, "
        "Circular 22/2023/TT-BTTTT): units, portals, articles, documents, topics, search, "
        "the directive stream for portal-to-portal sync, and a write API for agencies' systems."
    ),
    urls_namespace="cong-api-v1",
    renderer=UTF8Renderer(),
    throttle=[RateLimit()],
    docs_url=None,
    openapi_url="/openapi.json",
)
register_problem_handlers(api)


def _register():
    from cong.api.v1 import read, sync, write

    api.add_router("/", read.router)
    api.add_router("/", write.router)
    api.add_router("/sync", sync.router)


_register()


def docs_view(request):
    """Interactive documentation (Swagger UI served from our own static files)."""
    return Swagger(settings={"persistAuthorization": True}).render_page(request, api)
