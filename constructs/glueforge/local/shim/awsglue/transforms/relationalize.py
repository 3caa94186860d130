"""Relationalize: nested data as a root table plus a child table per array."""

from __future__ import annotations

from glueforge.local import relationalize as local

from ..dynamicframe import DynamicFrame, DynamicFrameCollection


class Relationalize:
    @classmethod
    def apply(cls, *args, **kwargs):
        return cls()(*args, **kwargs)

    def __call__(
        self,
        frame,
        staging_path=None,
        name="roottable",
        options=None,
        transformation_ctx="",
        info="",
        stageThreshold=0,  # noqa: N803 (Glue's names)
        totalThreshold=0,  # noqa: N803
    ):
        # Glue stages the pivoted arrays under staging_path; locally they stay in memory.
        tables = local.relationalize(frame.toDF(), name)
        frames = {n: DynamicFrame(df, frame.glue_ctx, n) for n, df in tables.items()}
        return DynamicFrameCollection(frames, frame.glue_ctx)
