"""IPROS Corporation's policy site: sources, redline engine and the MkDocs glue around them."""
