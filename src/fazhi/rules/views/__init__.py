"""Pages of the rules app: the pre-check, normative documents, drafting plans."""
