import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# One gunicorn worker per WEB_CONCURRENCY slot; Heroku sets this per dyno size.
dyno_count = int(os.environ.get("WEB_CONCURRENCY", 2))
workers = dyno_count
threads = 4
worker_class = "gthread"

timeout = 25
graceful_timeout = 20
keepalive = 5

accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "*"
