"""gunicorn settings for `make serve` and production: `gunicorn -c gunicorn.conf.py minusma.wsgi`.

Environment: PORT (8000), GUNICORN_BIND (overrides 127.0.0.1:$PORT, e.g. unix:/run/briefings.sock),
WEB_CONCURRENCY (workers; by default two per CPU plus one).
"""

import multiprocessing
import os

# Loopback only: the reverse proxy (nginx) is what the world talks to.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: each request is short and database-bound; 2 x CPUs + 1 keeps every core busy while others wait.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
# Recycle workers now and then, so a slow leak never grows into an outage. Not every 1,000 requests:
# a worker serving kept pages answers hundreds a second, and booting another costs it a second or two
# of CPU; through nginx (make test-cluster) that recycling halved the throughput and put 2 s on the p99.
max_requests = 20000
max_requests_jitter = 2000
# Heartbeat files in memory rather than on a disk that may be slow or full.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-"
errorlog = "-"
# One server per user needs no control socket, and two on one machine would fight over its path.
control_socket_disable = True
