"""newsledger: turn news articles into a sourced ledger of events, claims and slant.

    >>> import newsledger
    >>> result = newsledger.analyze(text, published="2025-09-19", outlet="Example News")
    >>> result.events, result.markers
"""

from .pipeline import analyze, analyze_article, analyze_articles

__all__ = ["analyze", "analyze_article", "analyze_articles"]
__version__ = "0.1.0"
