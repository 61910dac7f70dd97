"""The `cdt` command line."""
