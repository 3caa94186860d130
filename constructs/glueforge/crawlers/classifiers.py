"""Custom classifiers: CSV, JSON, XML and Grok, as constructs with typed props.

aws-cdk-lib has only ``CfnClassifier``. A crawler tries its classifiers in the order
given, before Glue's built-in ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any, Protocol, runtime_checkable

from aws_cdk import Names, Resource
from aws_cdk import aws_glue as glue
from constructs import Construct

from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.core.limits import NAME_MAX, UNSAFE_NAME_CHARACTERS, name_problems

GROK_PATTERN_MAX = 2048
CUSTOM_PATTERNS_MAX = 16000


@runtime_checkable
class IClassifier(Protocol):
    """A classifier a crawler can list: made by glueforge or imported by name."""

    @property
    def classifier_name(self) -> str: ...


class CsvHeader(Enum):
    """Whether CSV files start with a header row."""

    UNKNOWN = "UNKNOWN"  # let the classifier detect it
    PRESENT = "PRESENT"
    ABSENT = "ABSENT"


class CsvCustomType(Enum):
    """Types a CSV classifier may detect beyond Glue's defaults."""

    BINARY = "BINARY"
    BOOLEAN = "BOOLEAN"
    DATE = "DATE"
    DECIMAL = "DECIMAL"
    DOUBLE = "DOUBLE"
    FLOAT = "FLOAT"
    INT = "INT"
    LONG = "LONG"
    SHORT = "SHORT"
    STRING = "STRING"
    TIMESTAMP = "TIMESTAMP"


class ClassifierBase(Resource):
    """What owned and imported classifiers share: the name a crawler lists them by.

    A classifier has no ARN and so no grants: IAM authorizes the ``glue:*Classifier``
    actions on ``*`` only (Service Authorization Reference, AWS Glue), and a crawler
    names its classifiers in its own definition. Import one with
    :meth:`from_classifier_name`, on this class or on any classifier class.
    """

    classifier_name: str

    @classmethod
    def from_classifier_attributes(
        cls, scope: Construct, id: str, *, classifier_name: str
    ) -> IClassifier:
        """A classifier that exists already (made elsewhere, of any kind).

        :param classifier_name: its name.
        """
        require_types(child_path(scope, id), {"classifier_name": (classifier_name, str)})
        return _ImportedClassifier(scope, id, classifier_name=classifier_name)

    @classmethod
    def from_classifier_name(cls, scope: Construct, id: str, classifier_name: str) -> IClassifier:
        """A classifier that exists already, by name."""
        return cls.from_classifier_attributes(scope, id, classifier_name=classifier_name)


class _ImportedClassifier(ClassifierBase):
    """A classifier made elsewhere; see :meth:`ClassifierBase.from_classifier_attributes`."""

    def __init__(self, scope: Construct, id: str, *, classifier_name: str) -> None:
        super().__init__(scope, id)
        self.classifier_name = classifier_name


class _OwnedClassifier(ClassifierBase):
    """Creates the CfnClassifier with a generated or given name, after validation."""

    #: the CfnClassifier property this kind of classifier fills
    _cfn_field: str

    def __init__(self, scope: Construct, id: str, name: str | None, problems: list[str]):
        super().__init__(scope, id)
        require_types(self, {"classifier_name": (name, (str, None))})
        problems = problems + name_problems(
            "classifier_name", name, NAME_MAX, forbidden=UNSAFE_NAME_CHARACTERS
        )
        self.classifier_name = name or Names.unique_resource_name(self, max_length=NAME_MAX)
        raise_if_problems(self, problems)
        self.resource = glue.CfnClassifier(self, "Resource", **{self._cfn_field: self._render()})

    def _render(self) -> Any:
        raise NotImplementedError


def _single_char_problems(label: str, value: str | None) -> list[str]:
    if value is not None and (len(value) != 1 or value in "\r\n"):
        return [f"{label} must be one character other than a line break, got {value!r}"]
    return []


class CsvClassifier(_OwnedClassifier):
    """Classifies delimited text.

    :param delimiter: the column separator. Default: ``","``.
    :param quote_symbol: the quote character; must differ from ``delimiter``.
        Default: ``'"'``.
    :param header: whether files have a header row. Default: ``CsvHeader.UNKNOWN``.
    :param column_names: names to use when files have no header. Default: none.
    :param custom_types: extra types to detect (turns on custom type detection).
        Default: none.
    :param allow_single_column: classify files with one column. Default: ``False``.
    :param trim_values: trim whitespace before typing values. Default: ``True``.
    :param classifier_name: Default: generated from the construct path.
    """

    _cfn_field = "csv_classifier"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        delimiter: str = ",",
        quote_symbol: str = '"',
        header: CsvHeader = CsvHeader.UNKNOWN,
        column_names: Sequence[str] = (),
        custom_types: Sequence[CsvCustomType] = (),
        allow_single_column: bool = False,
        trim_values: bool = True,
        classifier_name: str | None = None,
    ) -> None:
        require_types(
            child_path(scope, id),
            {
                "delimiter": (delimiter, str),
                "quote_symbol": (quote_symbol, str),
                "column_names": (column_names, (list, tuple)),
                "custom_types": (custom_types, (list, tuple)),
            },
        )
        problems = _single_char_problems("delimiter", delimiter)
        problems += _single_char_problems("quote_symbol", quote_symbol)
        if delimiter == quote_symbol:
            problems.append(f"quote_symbol must differ from delimiter, both are {delimiter!r}")
        problems += [
            f"column name {name!r} must be 1-255 characters"
            for name in column_names
            if not 1 <= len(name) <= 255
        ]
        self._props = dict(
            delimiter=delimiter,
            quote_symbol=quote_symbol,
            contains_header=header.value,
            header=list(column_names) or None,
            allow_single_column=allow_single_column,
            disable_value_trimming=not trim_values,
            custom_datatype_configured=bool(custom_types) or None,
            contains_custom_datatype=[t.value for t in custom_types] or None,
        )
        super().__init__(scope, id, classifier_name, problems)

    def _render(self) -> Any:
        return glue.CfnClassifier.CsvClassifierProperty(name=self.classifier_name, **self._props)


class JsonClassifier(_OwnedClassifier):
    """Classifies JSON by a JsonPath to the records, e.g. ``$[*]`` or ``$.records[*]``.

    :param classifier_name: Default: generated from the construct path.
    """

    _cfn_field = "json_classifier"

    def __init__(
        self, scope: Construct, id: str, *, json_path: str, classifier_name: str | None = None
    ) -> None:
        require_types(child_path(scope, id), {"json_path": (json_path, str)})
        problems = []
        if not json_path.startswith("$"):
            problems.append(f"json_path must start with '$', e.g. '$[*]', got {json_path!r}")
        self._json_path = json_path
        super().__init__(scope, id, classifier_name, problems)

    def _render(self) -> Any:
        return glue.CfnClassifier.JsonClassifierProperty(
            name=self.classifier_name, json_path=self._json_path
        )


class XmlClassifier(_OwnedClassifier):
    """Classifies XML: each ``row_tag`` element is a record.

    :param classification: the format name tables get, e.g. ``"xml"``.
    :param row_tag: the record element's name, without angle brackets.
    :param classifier_name: Default: generated from the construct path.
    """

    _cfn_field = "xml_classifier"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        classification: str,
        row_tag: str,
        classifier_name: str | None = None,
    ) -> None:
        problems = []
        if not classification.strip():
            problems.append("classification must not be empty; expected e.g. 'xml'")
        if not row_tag.strip() or "<" in row_tag or ">" in row_tag:
            problems.append(
                f"row_tag must be an element name without angle brackets, e.g. 'order', "
                f"got {row_tag!r}"
            )
        self._fields = dict(classification=classification, row_tag=row_tag)
        super().__init__(scope, id, classifier_name, problems)

    def _render(self) -> Any:
        return glue.CfnClassifier.XMLClassifierProperty(name=self.classifier_name, **self._fields)


class GrokClassifier(_OwnedClassifier):
    """Classifies text lines by a Grok pattern.

    :param classification: the format name tables get, e.g. ``"weblog"``.
    :param grok_pattern: at most 2048 characters.
    :param custom_patterns: extra named patterns, one ``NAME regex`` per line; at most
        16000 characters. Default: none.
    :param classifier_name: Default: generated from the construct path.
    """

    _cfn_field = "grok_classifier"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        classification: str,
        grok_pattern: str,
        custom_patterns: str | None = None,
        classifier_name: str | None = None,
    ) -> None:
        problems = []
        if not classification.strip():
            problems.append("classification must not be empty; expected e.g. 'weblog'")
        if not 1 <= len(grok_pattern) <= GROK_PATTERN_MAX:
            problems.append(
                f"grok_pattern must be 1-{GROK_PATTERN_MAX} characters, got {len(grok_pattern)}"
            )
        if custom_patterns is not None and len(custom_patterns) > CUSTOM_PATTERNS_MAX:
            problems.append(
                f"custom_patterns must be at most {CUSTOM_PATTERNS_MAX} characters, "
                f"got {len(custom_patterns)}"
            )
        self._fields = dict(
            classification=classification,
            grok_pattern=grok_pattern,
            custom_patterns=custom_patterns,
        )
        super().__init__(scope, id, classifier_name, problems)

    def _render(self) -> Any:
        return glue.CfnClassifier.GrokClassifierProperty(name=self.classifier_name, **self._fields)
