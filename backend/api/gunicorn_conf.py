"""Gunicorn settings for the registration API process (``coopbot exec api``).

A pool of its own, sized by ``COOPBOT_API_WORKERS`` x ``COOPBOT_API_THREADS``
(given on its command line by backend.ops.processes): every member turn in flight
holds at most one API thread, for a few milliseconds to a few hundred (argon2
hashing), and never waits on a web app thread. Bodies carry secrets, so the
access log (``COOPBOT_API_ACCESS_LOG``) shows the method, the path without its
query and the status only.
"""

timeout = 30
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
