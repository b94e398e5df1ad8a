"""Placeholder staff console blueprint."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")
