"""Glue transforms the templates use: Relationalize, SelectFromCollection."""

from .relationalize import Relationalize

__all__ = ["Relationalize", "SelectFromCollection"]


class SelectFromCollection:
    """One frame of a DynamicFrameCollection, by key (Glue's collection_transforms)."""

    @classmethod
    def apply(cls, *args, **kwargs):
        return cls()(*args, **kwargs)

    def __call__(self, dfc, key, transformation_ctx=""):
        return dfc.select(key, transformation_ctx)
