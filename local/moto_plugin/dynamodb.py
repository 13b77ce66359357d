"""
Flat cost for DynamoDB's TransactWriteItems. Before applying a transaction, moto 5.2.1 deep-copies
every table it names, once per item, to roll back if an item fails: the cost grows with the table
(about 75 ms a copy at 1,000 items, 600 ms at 4,000), so every provisioning on a local API that has
run for a while gets slower. A rollback only ever needs the items the transaction names (no other
item is touched), so here the table "copy" is the table itself, and an undo log of just those items
restores them if the transaction fails. Behaviour is unchanged (API_TransactWriteItems.html: all or
nothing); only a table's stream is not rolled back (the stack's table has none).
"""

import contextvars
import copy
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

# Set while TransactWriteItems runs: moto's table copies are then the tables themselves.
_in_transaction: contextvars.ContextVar[bool] = contextvars.ContextVar("in_transaction", default=False)

_Slot = tuple[Table, DynamoType, DynamoType | None]


def _named_slots(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> list[_Slot]:
    """Where each item of the transaction lives: (table, hash key, range key)."""
    slots: list[_Slot] = []
    for entry in transact_items:
        try:
            op_type, op = next(iter(entry.items()))
            table = backend.tables.get(op.get("TableName"))
            if table is None:
                continue
            key = op["Item"] if op_type == "Put" else op["Key"]
            hash_key = DynamoType(key[table.hash_key_attr])
            range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
        except (KeyError, TypeError, AttributeError, StopIteration):
            continue  # a malformed item: moto refuses it before writing anything
        slots.append((table, hash_key, range_key))
    return slots


def _read(slot: _Slot) -> Any:
    table, hash_key, range_key = slot
    if range_key is None:
        return table.items.get(hash_key)
    return table.items.get(hash_key, {}).get(range_key)


def _restore(slot: _Slot, item: Any) -> None:
    table, hash_key, range_key = slot
    if range_key is None:
        if item is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = item
    elif item is None:
        table.items.get(hash_key, {}).pop(range_key, None)
    else:
        table.items[hash_key][range_key] = item


class _CopyModule:
    """Stands in for the `copy` module inside moto.dynamodb.models: no table copies during a transaction."""

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        if _in_transaction.get() and isinstance(value, Table):
            return value
        return copy.deepcopy(value, memo)


def install() -> None:
    transact_write_items = DynamoDBBackend.transact_write_items

    def with_undo_log(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        undo: dict[tuple[int, Any, Any], tuple[_Slot, Any]] = {}
        for slot in _named_slots(self, transact_items):
            # Deep copies of the few named items: an Update changes its item in place.
            undo.setdefault((id(slot[0]), slot[1], slot[2]), (slot, copy.deepcopy(_read(slot))))
        token = _in_transaction.set(True)
        try:
            transact_write_items(self, transact_items)
        except Exception:
            # moto raises only after rolling back (or before writing): put the named items back.
            for slot, item in undo.values():
                _restore(slot, item)
            raise
        finally:
            _in_transaction.reset(token)

    dynamodb_models.copy = _CopyModule()
    DynamoDBBackend.transact_write_items = with_undo_log
