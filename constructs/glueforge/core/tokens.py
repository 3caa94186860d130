"""Whether a value is an unresolved aws-cdk-lib token, answered in Python where it can be.

``Token.is_unresolved`` is a jsii round trip to node, and glueforge asks it of every
prefix, name and key it validates (issue 18). For a string the answer is a pattern test
that Python can run itself; other values still ask aws-cdk-lib.
"""

from __future__ import annotations

import re

from aws_cdk import Token

# aws-cdk-lib 2.275 ``core/lib/private/encoding.ts``: ``unresolved(obj)`` answers for a
# string ``obj.includes(ANY_TOKEN_MARKER) && TokenString.forString(obj).test()``, where
# ``ANY_TOKEN_MARKER`` is ``Token[`` and the string token regex is
# ``${Token[<VALID_KEY_CHARS>+]}`` or ``STRINGIFIED_NUMBER_PATTERN``
# (``-1\.\d{10,16}e\+289``, a number token written into a string). JavaScript's ``\d``
# is ASCII only, hence ``[0-9]``.
_ANY_TOKEN_MARKER = "Token["
_STRING_TOKEN = re.compile(r"\$\{Token\[[a-zA-Z0-9:._-]+\]\}|-1\.[0-9]{10,16}e\+289")


def is_unresolved(value: object) -> bool:
    """``Token.is_unresolved(value)``, with no jsii round trip for a string.

    A string is unresolved when it holds a string token's marker, e.g.
    ``"s3://${Token[TOKEN.12]}/raw/"``; any other value (a number, a list, an
    ``IResolvable``) is asked of aws-cdk-lib.
    """
    if isinstance(value, str):
        return _ANY_TOKEN_MARKER in value and _STRING_TOKEN.search(value) is not None
    return Token.is_unresolved(value)
