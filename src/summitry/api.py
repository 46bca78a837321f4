"""The REST API's composition root: /api/v1/ with every capability's router, in the order
the capabilities registered them (core.registry)."""

from summitry.core import registry
from summitry.core.api import api

for router in registry.api_routers():
    api.add_router("/", router)

__all__ = ["api"]
