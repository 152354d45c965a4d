"""The rules behind ``zfxxgk.validation``, one module per concern (private).

- ``findings``: ``Finding``, ``Quote``, the severities and ``CODES``;
- ``cells``: cells by key path, their printed labels, identities as sums of cells;
- ``tables``: 表三 and 表四 arithmetic, 表二 sanity, the template for the year, blanks;
- ``prose``: the figures stated in the text against the tables, the 信息处理费 statement;
- ``series``: ``validate_series``, several years against each other.
"""
