"""The wording review of a pull request: the two states read from git, the classification of every change, the site check, the report."""
