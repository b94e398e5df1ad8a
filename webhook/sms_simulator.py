"""Placeholder: ``coopbot sms`` (signed local SMS simulator)."""

import click


@click.command()
@click.argument("text")
def sms(text: str) -> None:
    """Send TEXT to the local /sms webhook, signed as Twilio does, and print the reply."""
    raise click.ClickException("not implemented yet")
