"""The index is kept out of the garbage collector's full collections, and never leaks for it."""

import gc
import weakref
from pathlib import Path

import mini
from serving import Officer, serving

VISAS = '{ worker(passportNumber: "M1234567") { visas { symbol } } }'


def test_a_rebuilt_index_is_out_of_the_collectors_sight_and_the_old_one_freed(tmp_path: Path):
    sources = mini.build(tmp_path)
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        index = client.app.state.service.index
        assert officer.post(VISAS)["data"]["worker"]["visas"] == [{"symbol": "LĐ2"}]
        old = weakref.ref(index.snapshot)
        mini.write_visas(
            sources.parent / "visa.csv",
            [["V1", "KIM JIHOON", "1985-02-01", "KOR", "M1234567", "LĐ1", "2027-01-01", "0101234567"]],
        )
        assert officer.post(VISAS)["data"]["worker"]["visas"] == [{"symbol": "LĐ1"}]
        current = index.snapshot
        assert old() is None, "the replaced snapshot was freed although it had been frozen"
        walked = {id(o) for o in gc.get_objects()}
        assert id(current) not in walked and id(current.persons) not in walked
