"""Names the command line and the web offer as choices, without the libraries behind them."""

# Which event data a summary reads: UCDP GED, ACLED, or both.
SOURCES = ("ucdp", "acled", "all")
