"""Staff pages of community corrections, one module per area (the resettlement pages beside)."""
