"""The MkDocs plugin ``policy-site``: its options, its events, and the fixes for static-i18n and Material that the site needs. The only layer that drives MkDocs."""
