"""Core of the annotated republication site: plain Python, no MkDocs import.

The modules turn seed texts plus editor-owned YAML into an article model and
render it to Markdown/HTML fragments. ``hooks/`` adapts them to MkDocs.
"""
