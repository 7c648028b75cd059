"""The command-line programs ``policy-redline`` and ``policy-site``: options and messages only; the work is in the layers below."""
