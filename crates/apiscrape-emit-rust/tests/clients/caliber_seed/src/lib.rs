//! Mock-server tests of the client generated from the `caliber_seed` fixture (see `tests/`).
