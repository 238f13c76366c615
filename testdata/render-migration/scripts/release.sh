#!/usr/bin/env bash
# Heroku's release phase: runs before every release goes live.
set -euo pipefail

python manage.py migrate --noinput
python manage.py createcachetable
