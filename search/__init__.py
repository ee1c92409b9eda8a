"""kb_search: the offline search engine of kb (analysis, index, exporter, browser runtime).

Standalone: this package never imports kb or mkdocs.
"""
