"""ecokg: a knowledge graph of Shanghai's biomedicine industry ecosystem."""

__version__ = "0.1.0"
