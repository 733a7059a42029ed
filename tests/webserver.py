"""A small static web server for tests and benchmarks: serves a built site under a sub-path, like GitHub Pages."""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


def _handler(root: Path, prefix: str, compress: bool, log: list[tuple[str, int]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if not path.startswith(prefix):
                self._send(404, b"not found", "text/plain")
                return
            target = (root / path[len(prefix) :]).resolve()
            if root.resolve() not in (target, *target.parents):
                self._send(403, b"forbidden", "text/plain")
                return
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.end_headers()
                    return
                target = target / "index.html"
            if not target.is_file():
                page = root / "404.html"
                self._send(404, page.read_bytes() if page.is_file() else b"not found", "text/html")
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self._send(200, target.read_bytes(), kind)

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
            if compress and kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, mtime=0)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            log.append((unquote(urlsplit(self.path).path), len(body)))

    return Handler


@contextmanager
def serve(
    root: Path, prefix: str = "/referentiel-rncp/", *, compress: bool = False
) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Serve a folder at http://127.0.0.1:PORT/prefix/; yield the base URL and the (path, body bytes) sent."""
    log: list[tuple[str, int]] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(root, prefix, compress, log))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}", log
    finally:
        server.shutdown()
        server.server_close()
