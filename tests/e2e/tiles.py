"""A local tile server for the browser tests: any /tiles/{z}/{x}/{y}.png is one of the PNG tiles
in tests/data/tiles/, so maps render with no network. It records the tiles asked for."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TILES = sorted((Path(__file__).resolve().parent.parent / "data" / "tiles").glob("tile-*.png"))


class TileServer:
    def __init__(self) -> None:
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server name
                parts = self.path.split("?")[0].strip("/").removesuffix(".png").split("/")
                if len(parts) != 4 or parts[0] != "tiles" or not all(p.isdigit() for p in parts[1:]):
                    self.send_error(404)
                    return
                server.requests.append(self.path)
                body = TILES[(int(parts[2]) + int(parts[3])) % len(TILES)].read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/tiles/{{z}}/{{x}}/{{y}}.png"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
