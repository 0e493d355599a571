"""The corrections app's models, one module per area of work."""
