"""WSGI entry point for gunicorn: `gunicorn xihu.config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xihu.config.settings.production")
application = get_wsgi_application()
