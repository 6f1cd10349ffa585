"""Row-lock tests without timing (PostgreSQL only).

The test's own transaction takes the row lock, starts workers in threads and then asks
PostgreSQL (`pg_blocking_pids`) until every worker is waiting for a lock: only then does it
release the lock. So the workers are certainly in flight at the same time, whatever the speed of
the machine, and a worker that does not wait for the lock is caught because it finishes first.
The deadline only ends a test that would otherwise hang; it never decides a result."""

import threading
import time

from django.db import connection, connections

# Seconds; reached only when something is broken (a worker hangs or never starts waiting).
SAFETY_TIMEOUT = 60


def backend_pid():
    """The PostgreSQL process serving this thread's database connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def blocking_pids(pid):
    """The processes that `pid` is waiting for (empty when it waits for no lock)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_blocking_pids(%s)", [pid])
        return set(cursor.fetchone()[0])


class Worker:
    """Runs `target` in a thread with its own database connection. `result` gets "value" or
    "error"; `pid` is the connection's process once `started` is set; `done` is set when
    `target` has returned or raised."""

    def __init__(self, target):
        self.target = target
        self.result = {}
        self.pid = None
        self.started = threading.Event()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self):
        try:
            self.pid = backend_pid()
            self.started.set()
            self.result["value"] = self.target()
        except Exception as error:  # noqa: BLE001 - handed to the test to assert on
            self.result["error"] = error
        finally:
            self.done.set()
            connections.close_all()

    def join(self):
        self.thread.join(timeout=SAFETY_TIMEOUT)
        assert not self.thread.is_alive(), f"worker still running after {SAFETY_TIMEOUT} s"
        return self.result


def wait_until_all_wait_for_a_lock(workers):
    """Return once every worker is blocked by this thread's transaction or by another worker
    (the second in the queue waits behind the first). Fails if a worker finishes instead: it
    did not wait for the lock."""
    holders = {backend_pid()}
    deadline = time.monotonic() + SAFETY_TIMEOUT
    while True:
        finished = [worker.result for worker in workers if worker.done.is_set()]
        assert not finished, f"a worker did not wait for the row lock: {finished}"
        waiting = [
            worker for worker in workers if worker.started.is_set() and blocking_pids(worker.pid)
        ]
        if len(waiting) == len(workers):
            holders |= {worker.pid for worker in workers}
            for worker in workers:
                assert blocking_pids(worker.pid) <= holders, "waiting for someone else's lock"
            return
        assert time.monotonic() < deadline, "workers never waited for the row lock"
        time.sleep(0.01)  # how often to look again, not how long anything may take
