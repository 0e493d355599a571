"""Every write in core: one function per use case, keyword arguments, atomic, audited."""
