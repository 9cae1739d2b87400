"""Parse a news article once into tidy tables: structure, entities, quotations, sentiment, readability.

    >>> from analysis import analyze
    >>> article = analyze("seeds/000_87a923203847aeeb.txt")
    >>> article.quotes.head()
"""

__version__ = "0.1.0"

from .article import TABLE_NAMES, Analysis, analyze  # noqa: E402
from .errors import ArticleError  # noqa: E402

__all__ = ["TABLE_NAMES", "Analysis", "ArticleError", "analyze", "__version__"]
