"""Placeholder: ``coopbot staff`` group."""

import click


@click.group()
def staff() -> None:
    """Staff console accounts."""
