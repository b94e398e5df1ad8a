"""Rasa-side code of coopbot (runs inside the Rasa server, Python 3.10 + rasa 3.6)."""
