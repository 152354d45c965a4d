"""The Hypothesis strategies behind ``zfxxgk.strategies`` (private).

- ``building``: valid ``Report`` objects, built from small pieces;
- ``damage``: a report printed the way text extraction leaves it.
"""
