"""Builders of hostile inputs for hotparse's tests, made from ``fixtures/`` at test time.

Nothing large is committed: every case is a small function that turns a
fixture into the bad input (bytes), so the catalogue stays readable and the
multi-megabyte cases cost nothing in the repository.
"""
