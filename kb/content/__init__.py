"""The content model: languages, categories and articles read from the content tree.

Nothing here imports MkDocs: the model is shared by the build, `kb check` and the importers.
"""
