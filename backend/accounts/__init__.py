"""Registrations and online access after them: tokens, passwords, web sessions, the member import."""
