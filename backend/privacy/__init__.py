"""Redaction, masking, log redaction, hashing, input cleaning, transcripts."""
