"""Writing new revisions and keeping translations in step (``policy-site new-revision``, ``sync-translations``)."""
