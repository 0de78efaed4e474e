"""Reusable widgets of coretui's screens."""
