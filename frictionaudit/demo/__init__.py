"""The bundled demo shop that frictionaudit audits in its demo and end-to-end tests."""

from .manifest import load_manifest
from .server import LANGS, VARIANTS, DemoShop

__all__ = ["LANGS", "VARIANTS", "DemoShop", "load_manifest"]
