"""Ground floor: settings, per-purpose keys, local secrets, logging, errors. Imports nothing else of backend."""
