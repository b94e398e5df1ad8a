"""Gunicorn settings for the registration API process (``scripts/serve-api``).

A pool of its own, sized by ``COOPBOT_API_WORKERS`` x ``COOPBOT_API_THREADS``
(default 2 x 16): every member turn in flight holds at most one API thread,
for a few milliseconds to a few hundred (argon2 hashing), and never waits on
a web app thread. Bodies carry secrets, so the access log shows the method,
the path without its query and the status only.
"""

import os

workers = int(os.environ.get("COOPBOT_API_WORKERS", "2"))
threads = int(os.environ.get("COOPBOT_API_THREADS", "16"))
timeout = 30
accesslog = "-" if os.environ.get("COOPBOT_API_ACCESS_LOG", "1") != "0" else None
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
