"""
The plugin's own routes on moto's HTTP server, in front of moto's WSGI app:

- ``GET /moto-plugin/outbox?after=N``: the outbox's emails with an id above N (outbox.py);
- ``GET /moto-plugin/stats``: how many AWS API requests moto served and the seconds it spent on them
  (in total and per operation, by X-Amz-Target), so a benchmark can tell moto's own time from the time
  of the layers in front of it.
"""

import json
import threading
import time
from typing import Any, Callable
from urllib.parse import parse_qs

import moto.server
from werkzeug.serving import WSGIRequestHandler

from . import outbox

PREFIX = "/moto-plugin/"

_lock = threading.Lock()
_stats: dict[str, Any] = {"requests": 0, "busySeconds": 0.0, "byOperation": {}}


def _json(start_response: Callable[..., Any], status: str, payload: Any) -> list[bytes]:
    body = json.dumps(payload).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _plugin_route(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    path = environ.get("PATH_INFO")
    if environ.get("REQUEST_METHOD") == "GET" and path == PREFIX + "outbox":
        try:
            last_id = int(parse_qs(environ.get("QUERY_STRING", "")).get("after", ["0"])[0])
        except ValueError:
            return _json(start_response, "400 Bad Request", {"error": "after must be an integer"})
        return _json(start_response, "200 OK", {"emails": outbox.after(last_id)})
    if environ.get("REQUEST_METHOD") == "GET" and path == PREFIX + "stats":
        with _lock:
            return _json(start_response, "200 OK", json.loads(json.dumps(_stats)))
    return _json(start_response, "404 Not Found", {"error": f"no plugin route {path}"})


def serve(app: Callable[..., Any]) -> Callable[..., Any]:
    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO", "").startswith(PREFIX):
            return _plugin_route(environ, start_response)
        started = time.perf_counter()
        # moto builds the whole response inside this call, so its duration is moto's time.
        response = app(environ, start_response)
        elapsed = time.perf_counter() - started
        operation = environ.get("HTTP_X_AMZ_TARGET") or f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"
        with _lock:
            _stats["requests"] += 1
            _stats["busySeconds"] += elapsed
            entry = _stats["byOperation"].setdefault(operation, {"requests": 0, "busySeconds": 0.0})
            entry["requests"] += 1
            entry["busySeconds"] += elapsed
        return response

    return wsgi


def install() -> None:
    # Keep-alive: werkzeug's development server speaks HTTP/1.0 by default, so every SDK call paid a
    # new TCP connection. Every response here and in moto carries a Content-Length.
    WSGIRequestHandler.protocol_version = "HTTP/1.1"
    run_simple = moto.server.run_simple

    def run_with_plugin_routes(host: str, port: int, application: Any, **options: Any) -> None:
        run_simple(host, port, serve(application), **options)

    moto.server.run_simple = run_with_plugin_routes
