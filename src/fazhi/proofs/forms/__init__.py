"""Forms of the staff pages (catalog, applications, checks)."""
