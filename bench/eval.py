"""Cross-validated extraction quality: the figure to improve.

usage: python bench/eval.py [--shared DIR] [--jobs N] [--json FILE] [--llm URL --llm-model NAME]

Trains the learned stages on 4 of 5 fixed folds of whole annotated documents and scores
the held-out fold with ``<shared>/eval/score.py``, for every fold; prints entity,
mention, B³ and relation F1 per fold and pooled, by language, by gold set and by type,
next to a rules-only baseline measured in the same run. The last line reads
``pooled: entity=… mention=… b3=… relation=…``. Same as ``redes eval``.

With ``--llm URL --llm-model NAME`` (any OpenAI-compatible server: docs/extraction.md) it
also scores the language model alone ("llm") and merged with the learned stages
("learned+llm", then the last line), on the same folds, with what it cost in tokens.
"""

from __future__ import annotations

import sys

from redes.train.evaluate import main

if __name__ == "__main__":
    sys.exit(main())
