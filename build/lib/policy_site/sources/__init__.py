"""The policy sources: revision files and their rules, the docs tree, the registry, the catalog and its facts, dates where the policies apply. Free of MkDocs."""
