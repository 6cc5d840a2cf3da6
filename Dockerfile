# The catalogue as an image: the locked dependencies in /opt/venv, the project installed from this
# checkout, static files collected at build time, run as an unprivileged user.
#
#   docker build -t productencatalogus .
#   docker run --env-file productie.env productencatalogus          # web (gunicorn on :8000)
#   docker run --env-file productie.env productencatalogus worker   # the book worker
#
# compose.yaml wires it to PostgreSQL; README.md ("Production") lists the environment variables.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
# The lock first, so the dependency layer is reused until requirements/production.txt changes.
COPY requirements/production.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.txt
COPY . /src
RUN /opt/venv/bin/pip install --no-deps /src

FROM ${PYTHON_IMAGE}
# WeasyPrint's system libraries (Pango with HarfBuzz) and the fonts the book's stylesheet names.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1000 --user-group --home-dir /app --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
COPY gunicorn.conf.py /app/gunicorn.conf.py
COPY docker/entrypoint.sh /app/entrypoint.sh
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/app/media \
    GUNICORN_BIND=0.0.0.0:8000 \
    GUNICORN_CONFIG=/app/gunicorn.conf.py
# The production settings need a key even to collect static files; this one exists only in this step.
RUN DJANGO_SECRET_KEY=collectstatic-only python -m catalogue collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media && chown app:app /app/media
WORKDIR /app
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/gezondheid', timeout=4)"]
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["web"]
