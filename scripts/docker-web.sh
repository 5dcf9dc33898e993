#!/bin/sh
# The web container's start: migrate, load demo data only when asked, then serve.
set -e
python manage.py migrate --noinput
if [ "${SEED_DEMO:-0}" = 1 ]; then
  python manage.py seed_demo --password "${DEMO_PASSWORD:?set DEMO_PASSWORD with SEED_DEMO=1}"
fi
exec gunicorn council_portal.wsgi:application --bind 0.0.0.0:8000 --workers 3 --access-logfile -
