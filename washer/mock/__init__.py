"""A mock of KS's Fiks innreise API serving washed (or demo) data: ``create_app(...)``."""

from washer.mock.app import MockApp, create_app
from washer.mock.auth import make_token
from washer.mock.drills import DrillConfig, MockConnectionReset
from washer.mock.state import load_index
from washer.mock.tenants import Integration, Organization, Tenants, load_tenants

__all__ = [
    "DrillConfig",
    "Integration",
    "MockApp",
    "MockConnectionReset",
    "Organization",
    "Tenants",
    "create_app",
    "load_index",
    "load_tenants",
    "make_token",
]
