"""Notifications to members: what they say (``compose``), how they travel
(``mail`` over SMTP, ``outbox`` files when no server is configured) and when
(``dispatch``: the transactional outbox that retries failed sends).
"""
