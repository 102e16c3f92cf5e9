// Reader-side behaviour of the republication site (no third-party code).
