"""Placeholder blueprint; replaced by the real module."""

from flask import Blueprint

bp = Blueprint("health", __name__)
