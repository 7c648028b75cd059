"""Below every layer: reading front matter, running git. Imports nothing of the package, so the redline engine and ``policy-redline diff`` can use it without the site."""
