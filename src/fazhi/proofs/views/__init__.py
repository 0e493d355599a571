"""Staff pages of certificate-free services: catalog, applications, checks after the decision."""
