"""The one exception type users see: a short, one-line reason the article cannot be analysed."""


class ArticleError(ValueError):
    """An input problem stated in one line (missing file, binary data, empty article, ...)."""
