"""The registration API process: routes, its app, its gunicorn settings, openapi.yaml."""
