"""The site's pages and words: interface strings, URLs, policy pages, comparisons, history, the feed, reconstructions, language checks. Free of MkDocs: the plugin layer puts them into a build."""
