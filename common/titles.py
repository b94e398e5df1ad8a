"""The titles written before a person's name, in English and Spanish: one list for the name
readers of the action server and the backend's name match.

A member who gives the account holder's full name writes it as on an envelope ("Mr. Bartholomew
Fairbanks", "Sra. Olvera", "Doña María Treviño"); the member file holds the last name or the
business name. A title is neither, so the readers never cut a name at its dot and the match
reads the name after it. Lower case, accents and dots off, as ``backend.identity.names`` reads words.
"""

from __future__ import annotations

TITLES = frozenset({
    "mr", "mrs", "ms", "mx", "miss", "dr",  # English
    "sr", "sra", "srta", "dra", "don", "dona",  # Spanish (Sr., Sra., Srta., Dra., Don, Doña)
})
