"""cdtoolbox."""
