import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stationsite.settings")
# A web request has a worker timeout to stay under (gunicorn's 30 s): its statements are cut off at
# 25 s unless DB_STATEMENT_TIMEOUT_MS says otherwise. Management commands (the job worker's imports
# and exports, migrate, seed_demo) do not load this module and take as long as they need.
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "25000")
application = get_wsgi_application()
