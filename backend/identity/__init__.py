"""Who is talking: identity checks, possession of the phone on file, names, normalising, chat quota."""
