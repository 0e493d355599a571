"""The corrections app's services, one module per area of work."""
