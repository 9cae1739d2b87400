"""Helpers of the notebook studies, one module per study: tables of an `Analysis` in, plain data out.

The notebooks keep the question, the charts and the findings; whatever they compute lives here,
unit-tested: `structure` (body rows, counts, voices), `voices` (speakers and their words),
`placement` (the article against a corpus or the shipped reference), `facts` (the facts under
the headline), `entities` (co-occurrence), `sentiment` (aggregates, engine agreement, lexicon drivers),
`readability` (formula names, ingredients, dictionary coverage).
"""
