"""Thin adapters over the Toolbox: the command line, the HTTP API and the web pages."""
