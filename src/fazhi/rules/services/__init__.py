"""Writes of the rules app (STYLE §5), one module per record family.

precheck_rules (the pre-check's rules), plans (annual drafting plan), documents (the document's
lifecycle, its review, comment, filing and evaluation).
"""
