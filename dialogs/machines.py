"""Attach per-user models to a flow's one Machine cheaply.

``Machine.add_model`` binds every trigger to the model, which costs more than the rest of a
turn. So each flow keeps a small pool of models attached once; a turn borrows one, loads the
user's state (and data) into it, fires a trigger and gives it back. The Machine is still built
once per process and holds nothing about any user between turns.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from transitions import Machine


class ModelPool:
    def __init__(self, machine: Machine, factory: Callable[[], Any]):
        self.machine, self.factory = machine, factory
        self._free: list[Any] = []
        self._lock = threading.Lock()

    @contextmanager
    def borrow(self, state: str, **attrs: Any) -> Iterator[Any]:
        """A model attached to the machine, in ``state``, with ``attrs`` set; returned afterwards."""
        with self._lock:
            model = self._free.pop() if self._free else None
        if model is None:
            model = self.factory()
            self.machine.add_model(model, initial=state)
        self.machine.set_state(state, model=model)
        for name, value in attrs.items():
            setattr(model, name, value)
        try:
            yield model
        finally:
            for name in attrs:
                setattr(model, name, None)  # nothing of the user's stays behind
            with self._lock:
                self._free.append(model)

    def fire(self, state: str, trigger: str, **attrs: Any) -> str:
        """Apply ``trigger`` to a user in ``state``; return the new state."""
        with self.borrow(state, **attrs) as model:
            model.trigger(trigger)
            return model.state
