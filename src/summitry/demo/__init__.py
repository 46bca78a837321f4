"""The demo summits, built from the seeds (shared/seeds): `summitry demo load wcsmf2023`."""

from importlib import import_module
from types import ModuleType

# Later capabilities extend these modules; a new demo is added here by name.
DEMO_MODULES = {
    "wcsmf2023": "summitry.demo.wcsmf2023",
    "ssc2023": "summitry.demo.ssc2023",
    "cac2020": "summitry.demo.cac2020",
}


def demo(name: str) -> ModuleType:
    return import_module(DEMO_MODULES[name])
