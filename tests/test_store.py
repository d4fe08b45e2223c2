import json
import os
import threading

import pytest

from tandem.errors import StorageError
from tandem.store import AtomicJSONStorage, Store, atomic_write_bytes


def test_writes_reach_disk_and_reload(tmp_path):
    store = Store(tmp_path)
    store.table("snippets").insert({"title": "Hi", "text": "Hello"})
    reopened = Store(tmp_path)
    assert [doc["title"] for doc in reopened.table("snippets").all()] == ["Hi"]
    assert json.loads((tmp_path / "snippets.json").read_text())  # valid JSON on disk


def test_one_file_per_concern(tmp_path):
    store = Store(tmp_path)
    store.table("inbox").insert({"a": 1})
    store.table("replies").insert({"b": 2})
    assert (tmp_path / "inbox.json").exists() and (tmp_path / "replies.json").exists()
    assert "b" not in (tmp_path / "inbox.json").read_text()


def test_batch_insert_is_one_write(tmp_path):
    store = Store(tmp_path)
    before = store.revision("inbox")
    store.table("inbox").insert_multiple([{"n": index} for index in range(500)])
    assert store.revision("inbox") == before + 1
    assert len(store.table("inbox")) == 500


def test_eight_threads_fifty_writes_each_lose_nothing(tmp_path):
    store = Store(tmp_path)
    table = store.table("ledger")
    errors = []

    def writer(worker: int) -> None:
        try:
            for index in range(50):
                table.insert({"worker": worker, "index": index})
        except Exception as error:  # pragma: no cover - surfaced by the assert below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    on_disk = json.loads((tmp_path / "ledger.json").read_text())["_default"]
    assert len(on_disk) == 400
    assert {(doc["worker"], doc["index"]) for doc in on_disk.values()} == {(w, i) for w in range(8) for i in range(50)}


def test_read_modify_write_under_transaction_loses_no_update(tmp_path):
    store = Store(tmp_path)
    table = store.table("settings", "counter")
    table.insert({"count": 0})

    def bump() -> None:
        for _ in range(25):
            with store.transaction():
                current = table.get(doc_id=1)["count"]
                table.update({"count": current + 1}, doc_ids=[1])

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Store(tmp_path).table("settings", "counter").get(doc_id=1)["count"] == 200


@pytest.mark.parametrize("failing_step", ["write", "fsync", "replace"])
def test_interrupted_write_leaves_old_file_intact(tmp_path, monkeypatch, failing_step):
    store = Store(tmp_path)
    table = store.table("snippets")
    table.insert({"title": "kept"})
    before = (tmp_path / "snippets.json").read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing_step == "write":
        real_fdopen = os.fdopen

        def half_writer(fd, *args, **kwargs):
            handle = real_fdopen(fd, *args, **kwargs)
            real_write = handle.write

            def write_half(data):
                real_write(data[: len(data) // 2])
                raise OSError(28, "No space left on device")
            handle.write = write_half
            return handle
        monkeypatch.setattr("tandem.store.os.fdopen", half_writer)
    else:
        monkeypatch.setattr(f"tandem.store.os.{failing_step}", boom)

    with pytest.raises(StorageError) as raised:
        table.insert({"title": "lost"})
    assert "No space left" in raised.value.message
    monkeypatch.undo()
    assert (tmp_path / "snippets.json").read_bytes() == before
    assert [name for name in os.listdir(tmp_path) if name.endswith(".tmp")] == []
    # The in-memory copy was resynchronised with the disk, not left holding the failed change.
    assert [doc["title"] for doc in table.all()] == ["kept"]


def test_damaged_file_is_moved_aside_not_deleted(tmp_path):
    (tmp_path / "snippets.json").write_text("{not json")
    store = Store(tmp_path)
    assert store.table("snippets").all() == []
    aside = [name for name in os.listdir(tmp_path) if name.startswith("snippets.json.damaged-")]
    assert len(aside) == 1
    assert (tmp_path / aside[0]).read_text() == "{not json"
    store.table("inbox").insert({"still": "works"})
    assert Store(tmp_path).table("inbox").all() == [{"still": "works"}]


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "file.json"
    atomic_write_bytes(target, b"old")
    atomic_write_bytes(target, b"new content")
    assert target.read_bytes() == b"new content"


def test_reads_come_from_memory(tmp_path):
    storage = AtomicJSONStorage(tmp_path / "x.json")
    storage.write({"_default": {"1": {"a": 1}}})
    (tmp_path / "x.json").write_text("{}")  # changed behind our back: memory is the read model
    assert storage.read() == {"_default": {"1": {"a": 1}}}


def test_dump_and_wipe(tmp_path):
    store = Store(tmp_path)
    store.table("snippets").insert({"title": "x"})
    assert store.dump()["snippets"] == {"_default": {"1": {"title": "x"}}}
    store.wipe()
    assert Store(tmp_path).table("snippets").all() == []
