"""frictionaudit: a trust-friction audit of a site's signup and checkout journeys."""

__version__ = "0.1.0"
