"""Training and cross-validation of the learned extraction stages.

Reads the annotated corpus (``<shared>/eval`` and ``<shared>/corpus``), which is needed
only here: ``redes extract`` runs on the models shipped in ``redes/extract/models``.

    redes train            # train both models on every annotated document, write them
    redes eval             # 5-fold cross-validation, rules-only baseline alongside
"""
