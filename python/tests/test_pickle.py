"""Every public class pickles (multiprocessing, joblib and Dask move objects this way)."""

from __future__ import annotations

import copy
import multiprocessing
import operator
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

import policy_trace

PROTOCOLS = range(2, pickle.HIGHEST_PROTOCOL + 1)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_document_round_trip(corpus_doc: policy_trace.Document, protocol: int) -> None:
    again = pickle.loads(pickle.dumps(corpus_doc, protocol=protocol))
    assert type(again) is policy_trace.Document
    assert again == corpus_doc
    assert again.to_json() == corpus_doc.to_json()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_node_round_trip(national: policy_trace.Document, protocol: int) -> None:
    nodes = list(national.iter_nodes())
    again = pickle.loads(pickle.dumps(nodes, protocol=protocol))
    assert again == nodes
    assert [node.char_range for node in again] == [node.char_range for node in nodes]
    # Nodes hold their document, which the pickle memo writes once for all of them.
    assert len({id(node.document) for node in again}) == 1
    assert len(pickle.dumps(nodes, protocol=protocol)) < 2 * len(pickle.dumps(national, protocol=protocol))


def test_deepcopy(corpus_doc: policy_trace.Document) -> None:
    assert copy.deepcopy(corpus_doc) == corpus_doc
    assert copy.copy(corpus_doc) == corpus_doc
    node = corpus_doc.clauses()[-1]
    assert copy.deepcopy(node) == node
    assert copy.deepcopy(node).char_range == node.char_range


def test_reduce_uses_the_native_module(national: policy_trace.Document) -> None:
    assert policy_trace.Document.__module__ == "policy_trace._native"
    assert policy_trace.Node.__module__ == "policy_trace._native"
    constructor, (payload,) = national.__reduce__()
    assert constructor == policy_trace.Document._from_bytes
    assert isinstance(payload, bytes)
    assert policy_trace.Document._from_bytes(payload) == national


def test_forwarded_documents_pickle(corpus: dict[str, policy_trace.Document]) -> None:
    for doc in corpus.values():
        if doc.forwarded is not None:
            assert pickle.loads(pickle.dumps(doc.forwarded)) == doc.forwarded


def test_another_process(national: policy_trace.Document) -> None:
    # "spawn" (the default on macOS and Windows) starts a fresh interpreter, which must find the
    # classes by name: the strictest case, and free of fork's warnings about threads.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        counts = list(pool.map(operator.methodcaller("clause_count"), [national]))
        ids = list(pool.map(operator.attrgetter("id"), national.clauses()[:3]))
    assert counts == [national.clause_count()]
    assert ids == [node.id for node in national.clauses()[:3]]
