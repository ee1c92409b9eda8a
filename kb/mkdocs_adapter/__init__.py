"""The thin MkDocs (and ProperDocs) adapter: the only part of kb that imports mkdocs."""
