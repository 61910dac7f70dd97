"""Exchange formats, one package each, holding its reader, its writer and the vocabulary both
share: ``stix`` (STIX 2.1 bundles), ``misp`` (MISP events and feeds), ``csv`` (incident
spreadsheets), ``cbom`` (cryptographic inventories: CycloneDX CBOM and CSV).

A format turns outside documents into domain objects with every error found per record, and
domain objects into documents; it never opens the database. The store applies what a reader
plans through types of ``model.exchange``, so the store and the formats do not import each
other; the Toolbox wires the two together.
"""
