"""Markdown to HTML for articles: one reusable Python-Markdown pipeline with kb's extensions."""
