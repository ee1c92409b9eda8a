"""Importers that turn other help-center formats into a kb content tree (never import mkdocs)."""

from kb.importers.docfx import ImportReport, import_docfx
from kb.importers.docfx_meta import normalize_lang

__all__ = ["ImportReport", "import_docfx", "normalize_lang"]
