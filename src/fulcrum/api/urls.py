"""The API's routes: ninja's endpoints, docs and schema, and the docs page's own assets."""

from __future__ import annotations

from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path

from fulcrum.api.api import api

# Swagger UI ships inside django-ninja; serving it from here keeps /api/docs free of
# any CDN without requiring "ninja" among the installed apps.
_ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
_ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.svg": "image/svg+xml",
}


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """One file of the API docs page; only the few names above are served."""
    if name not in _ASSETS:
        raise Http404("Not found.")
    return FileResponse((_ASSET_DIR / name).open("rb"), content_type=_ASSETS[name])


urlpatterns = [
    path("docs/assets/<str:name>", docs_asset, name="api_docs_asset"),
    path("", api.urls),
]
