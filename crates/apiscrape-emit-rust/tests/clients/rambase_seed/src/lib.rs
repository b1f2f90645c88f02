//! Mock-server tests of the client generated from the `rambase_seed` fixture (see `tests/`).
