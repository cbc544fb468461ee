"""The demo content served on a free local port, for scripts that look at the pages in a browser.

    with demo_site() as url:
        ...  # url is e.g. http://127.0.0.1:43817

Everything happens on a throwaway SQLite database in a temporary folder (never the site's own),
with the test settings: debug off, static files served by WhiteNoise as in production.
"""

import logging
import os
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


@contextmanager
def scratch_django(prefix):
    """Django set up (test settings) on a migrated SQLite database in a temporary folder, which it yields."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        # Set before Django reads its settings, so that nothing touches the site's database.
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/scratch.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minusma.settings.test")
        sys.path.insert(0, str(BASE_DIR))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        yield folder


@contextmanager
def demo_site():
    with scratch_django("demo-site-"):
        from django.conf import settings
        from django.core.management import call_command
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
        from django.core.wsgi import get_wsgi_application

        call_command("load_demo", verbosity=0)

        class QuietHandler(WSGIRequestHandler):
            def log_message(self, *args):
                pass

        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
        server.set_app(get_wsgi_application())
        # A browser asks for /robots.txt and the like: not worth a warning on every run. (After
        # get_wsgi_application(), which sets logging up again.)
        logging.getLogger("django.request").setLevel(logging.ERROR)
        url = f"http://127.0.0.1:{server.server_port}"
        # Canonical and alternate links name this server, as they name the real site in production.
        settings.SITE_URL = url
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield url
        finally:
            server.shutdown()
            server.server_close()
