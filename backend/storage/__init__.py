"""Every table (models), engines and sessions, migrations."""
