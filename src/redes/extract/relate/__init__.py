"""The learned relation stage: candidate pairs of entities, their features, and a linear
classifier trained by ``redes train`` (``redes.train.relations``).

    view      a token view of a masked sentence: words, lemmas, trigger families, lists
    triggers  the rules' trigger lexicons, found in one pass per sentence
    pairs     candidates (same sentence, adjacent sentences, a few sentences back) and features
    model     the classifier: weights, probabilities, the relations it adds to the rules'
"""

from redes.extract.relate.model import RelationClassifier

__all__ = ["RelationClassifier"]
