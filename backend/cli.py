"""Placeholder: ``coopbot members``, ``coopbot db`` and ``coopbot notifications`` groups."""

import click


@click.group()
def members() -> None:
    """Members of the co-op (the customer system's records)."""


@click.group()
def db() -> None:
    """Database schema."""


@click.group()
def notifications() -> None:
    """Mail and texts waiting to be sent."""
