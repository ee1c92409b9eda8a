"""kb: a static, multilingual, self-service help center built from Markdown in git."""

__version__ = "0.1.0"
