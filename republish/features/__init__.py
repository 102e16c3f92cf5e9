"""Capabilities layered on the article pages (glossary, notes, cross-reference, …)."""
