"""Presentation only: rich renderables and JSON-ready data built from the core's reports."""
