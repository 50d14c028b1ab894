"""The pipeline cache is built safely by several processes at once."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_CHILD = """
import sys
from pathlib import Path
from extractors.pipeline import load_nlp
nlp = load_nlp(Path(sys.argv[1]), use_gazetteer=False)
doc = nlp("浦东新区人民医院与复旦大学合作。")
print(len(doc))
"""


def test_two_processes_build_one_cache(tmp_path: Path):
    cache = tmp_path / "cache"
    procs = [subprocess.Popen([sys.executable, "-c", _CHILD, str(cache)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=600) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err[-2000:]
        assert int(out.strip()) > 0
    entries = sorted(p.name for p in cache.iterdir())
    assert len(entries) == 1 and entries[0].startswith("nlp-"), entries  # no build leftovers
    assert (cache / entries[0] / "config.cfg").exists()
