"""Rule files: which transform washes which column, and how entities are recognised."""

from washer.rules.model import ColumnRule, EntityName, EntitySpec, RuleSet
from washer.rules.parse import RULES_VERSION, load_rules, parse_rules
from washer.rules.registry import Option, Registry, TransformSpec

__all__ = [
    "RULES_VERSION",
    "ColumnRule",
    "EntityName",
    "EntitySpec",
    "Option",
    "Registry",
    "RuleSet",
    "TransformSpec",
    "load_rules",
    "parse_rules",
]
