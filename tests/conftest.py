"""Student files under tests/fixtures are data for the checker: never import or collect them."""

collect_ignore_glob = ["fixtures/*"]
