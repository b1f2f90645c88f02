//! Mock-server tests of the client generated from the `edge_cases` fixture (see `tests/`).
