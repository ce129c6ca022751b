"""Test helpers for washer and for vendors: hypothesis strategies and a pytest plugin."""
