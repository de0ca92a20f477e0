"""redes: an open-source intelligence workbench for organized-crime networks."""

__version__ = "0.1.0"
