"""A job run: ``init`` starts it, ``commit`` saves its bookmark state."""

from __future__ import annotations

from glueforge.local.errors import LocalRunError
from glueforge.local.runtime import current


class Job:
    def __init__(self, glue_context_or_spark_session):
        self._runtime = current()
        self._name: str | None = None

    def init(self, job_name, args={}):  # noqa: B006 (Glue's signature)
        if job_name != self._runtime.job_name:
            raise LocalRunError(f"job.init({job_name!r}) in a run of {self._runtime.job_name!r}")
        self._name = job_name

    def commit(self):
        if self._name is None:
            raise LocalRunError("job.commit() before job.init()")
        if self._runtime.bookmarks is not None:
            self._runtime.bookmarks.commit()
        self._runtime.committed = True
