"""A static policy-site generator: policy sources, a redline engine and the MkDocs plugin around them."""
