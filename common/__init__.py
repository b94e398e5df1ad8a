"""Rules every process uses (web app, action server, Rasa, backend): canonical forms of identifiers, the shapes of secrets, translation catalogs. Imports nothing of the project."""
