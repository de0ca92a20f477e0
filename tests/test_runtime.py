"""redes's own processes collect cyclic garbage less often (redes.runtime)."""

import gc
import subprocess
import sys

from redes.runtime import YOUNG, collect_less


def test_collect_less_raises_the_young_threshold_and_freezes_what_is_alive():
    before = gc.get_threshold()
    try:
        collect_less()
        assert gc.get_threshold() == (YOUNG, *before[1:])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_the_command_line_and_the_server_workers_run_with_it():
    code = (
        "import gc, sys; import redes.cli as c; "
        "c.cli.main = lambda **kw: print(gc.get_threshold()[0]); c.main()"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(YOUNG)
    code = (
        "import gc, os, json; os.environ['REDES_SERVE_CONFIG'] = '{}'\n"
        "import redes.web.worker as w\n"
        "try:\n    w.app()\nexcept Exception:\n    pass\n"
        "print(gc.get_threshold()[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(YOUNG)
