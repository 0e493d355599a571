"""Tables and list filters of the staff pages (catalog, applications, checks)."""
