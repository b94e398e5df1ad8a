"""Placeholder blueprint; replaced by the real module."""

from flask import Blueprint

bp = Blueprint("chat", __name__)
