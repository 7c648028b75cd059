"""The offline bundle: the site for ``file://``, the PDFs, the zip."""
