"""Job arguments, read from ``sys.argv`` as Glue passes them."""

from __future__ import annotations

from glueforge.local.errors import LocalRunError


def getResolvedOptions(args, options):  # noqa: N802 (Glue's name)
    """``{name: value}`` for each of ``options``, from ``--name value`` in ``args``."""
    found: dict[str, str] = {}
    items = list(args[1:])
    index = 0
    while index < len(items):
        item = items[index]
        if item.startswith("--"):
            name, equals, value = item[2:].partition("=")
            if not equals and index + 1 < len(items):
                index += 1
                value = items[index]
            found[name] = value
        index += 1
    missing = [name for name in options if name not in found]
    if missing:
        raise LocalRunError(f"job arguments {['--' + m for m in missing]} were not passed")
    return {name: found[name] for name in options}
