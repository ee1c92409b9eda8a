"""Importers that turn other help-center formats into a kb content tree (never import mkdocs)."""

from kb.importers.docfx import ImportReport, import_docfx
from kb.importers.docfx_meta import normalize_lang
from kb.importers.markdown import import_markdown
from kb.importers.zendesk import import_zendesk

__all__ = ["ImportReport", "import_docfx", "import_markdown", "import_zendesk", "normalize_lang"]
