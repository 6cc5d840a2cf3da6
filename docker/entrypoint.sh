#!/bin/sh
# Entry point of the image (and usable outside it): `web` (the default), `worker`, or any other command,
# e.g. `catalogus createsuperuser` or `catalogus load_catalogue`.
#
#   web     migrate the database (unless CATALOGUE_MIGRATE=0), then gunicorn with $GUNICORN_CONFIG
#   worker  the book worker: renders the queued PDF books (django-tasks' db_worker)
set -eu

case "${1:-web}" in
  web)
    if [ "${CATALOGUE_MIGRATE:-1}" = "1" ]; then
      echo "Database bijwerken…" >&2
      python -m catalogue migrate --noinput
    fi
    exec python -m gunicorn --config "${GUNICORN_CONFIG:-/app/gunicorn.conf.py}"
    ;;
  worker)
    exec python -m catalogue db_worker
    ;;
  *)
    exec "$@"
    ;;
esac
