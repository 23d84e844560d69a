"""Write the nginx configuration of the front tier for this checkout (docs/caching.md)."""

import os
from pathlib import Path
from string import Template

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "caching" / "nginx.conf.tmpl"

STANDALONE_OPEN = """{user}worker_processes auto;
pid {var}/nginx.pid;
error_log {var}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {access_log};
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    open_file_cache max=10000 inactive=10s;
    open_file_cache_valid 1s;
    client_body_temp_path {var}/client_body;
    proxy_temp_path {var}/proxy;
    fastcgi_temp_path {var}/fastcgi;
    uwsgi_temp_path {var}/uwsgi;
    scgi_temp_path {var}/scgi;
"""


def render(
    *,
    listen: str,
    upstream: str,
    frontcache: str,
    standalone: bool,
    var: str,
    static_root: str = "",
    access_log: str = "off",
) -> str:
    conf = settings.CONG_PAGE_CACHE
    static_block = ""
    if static_root:
        static_block = (
            f"    location /static/ {{\n        alias {static_root.rstrip('/')}/;\n"
            "        expires 7d;\n        try_files $uri @django;\n    }\n"
        )
    return Template(TEMPLATE.read_text()).substitute(
        checkout=settings.BASE_DIR,
        listen=listen,
        upstream=upstream,
        frontcache=frontcache,
        max_age=conf["MAX_AGE"],
        s_maxage=conf["S_MAXAGE"],
        static_block=static_block,
        main_open=STANDALONE_OPEN.format(
            # Run by root (CI, containers): workers keep root's access to the checkout.
            user="user root;\n" if os.geteuid() == 0 else "",
            var=var,
            access_log=access_log,
        )
        if standalone
        else "",
        main_close="}" if standalone else "",
    )


class Command(BaseCommand):
    help = "Write the nginx configuration that serves cached pages from files, Django behind."

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="127.0.0.1:8000", help="address nginx listens on")
        parser.add_argument("--upstream", default="127.0.0.1:8001", help="where Django listens")
        parser.add_argument("--output", default="-", help="file to write (default: stdout)")
        parser.add_argument(
            "--standalone",
            action="store_true",
            help="a whole nginx.conf runnable without root (`nginx -c FILE`), state in var/nginx",
        )
        parser.add_argument("--static-root", default="", help="serve /static/ from this folder")
        parser.add_argument("--access-log", default="off")

    def handle(self, *args, **options):
        frontcache = settings.CONG_PAGE_CACHE["FRONTCACHE_DIR"]
        if not frontcache:
            raise CommandError("The front tier is off (CONG_FRONTCACHE=0): nothing to serve.")
        Path(frontcache).mkdir(parents=True, exist_ok=True)
        var = Path(settings.VAR_DIR) / "nginx"
        var.mkdir(parents=True, exist_ok=True)
        text = render(
            listen=options["listen"],
            upstream=options["upstream"],
            frontcache=str(Path(frontcache).resolve()),
            standalone=options["standalone"],
            var=str(var.resolve()),
            static_root=options["static_root"],
            access_log=options["access_log"],
        )
        if options["output"] == "-":
            self.stdout.write(text)
        else:
            Path(options["output"]).write_text(text)
            self.stdout.write(f"nginx configuration written to {options['output']}")
