"""Scale-out: where ingest's per-document work runs (``redes.scale.cluster``)."""
