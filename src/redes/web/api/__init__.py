"""The JSON API, one router per area, all mounted under ``/api``."""

from redes.web.api.corpus import router as corpus
from redes.web.api.data import router as data
from redes.web.api.graph import router as graph
from redes.web.api.kb import router as kb
from redes.web.api.manual import router as manual
from redes.web.api.notes import router as notes
from redes.web.api.territory import router as territory

ROUTERS = [corpus, data, kb, graph, territory, notes, manual]
