"""The facial-recognition deployment registry: load, check, and publish entries."""

__version__ = "0.1.0"
