"""DQDL text to the model in :mod:`glueforge.quality.model`, with every problem found.

``parse_ruleset(text, columns=...)`` reads a DQDL document the way AWS's parser does
(awslabs/dqdl ``DataQualityDefinitionLanguage.g4`` and ``CommonLexerRules.g4``, commit
d360214a61c60b5fa601be19dfb0b565c70a2b70; https://docs.aws.amazon.com/glue/latest/dg/dqdl.html):

- ``#`` starts a comment to the end of the line (``LINE_COMMENT``);
- optional ``Metadata = {...}``, ``DataSources = {...}``, variables (``name = "v"`` or
  ``name = ["a", "b"]``, used as ``$name``), ``DefaultLabels = [...]``, then
  ``Rules = [ ... ]`` and/or ``Analyzers = [ ... ]``;
- a rule is ``<RuleType> <parameter>... <condition>? where "..."? labels = [...]?
  with threshold <condition>? with <tag> = <value>...``;
- composites ``(r1) and (r2)``, ``(r1) or ((r2) and (r3))`` (``and`` binds tighter);
- number operands may be dynamic: ``avg(last(10)) * 0.8`` (kept as
  :class:`~glueforge.quality.model.DynamicExpression`).

Variables are replaced by their values, so the model and its canonical text carry none.
Pure Python: local runs import this module, so it must never import aws-cdk-lib.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from glueforge.quality import render
from glueforge.quality.model import (
    CompositeRule,
    Condition,
    DateExpression,
    Duration,
    DynamicExpression,
    Keyword,
    Operand,
    Rule,
    Ruleset,
)
from glueforge.quality.rules import DQDL_PAGE, RULE_TYPES, RULESET_MAX, TIME_UNITS
from glueforge.quality.validation import analyzer_problems, node_problems

_EXAMPLE = 'Rules = [ IsComplete "order_id", ColumnValues "status" in ["open", "paid"] ]'


def parse_ruleset(
    text: str, *, columns: Mapping[str, str] | None = None
) -> tuple[Ruleset, list[str]]:
    """Read a DQDL document; return its model and every problem Glue would refuse or miss.

    :param text: the DQDL document, e.g. ``Rules = [ IsComplete "order_id" ]``.
    :param columns: column name -> Glue type (``"bigint"``, ``"decimal(10,2)"``) when the
        table's schema is known: then a column a rule names must be in it, of a type the
        rule accepts. Default: columns are not checked.
    :returns: the ruleset (the rules that could be read, with canonical ``text``) and the
        problems, empty when Glue would accept the document. Each problem names the rule
        (its position and text) and what would be valid.
    """
    problems: list[str] = []
    if len(text) > RULESET_MAX:
        problems.append(
            f"the ruleset is {len(text):,} characters; Glue and CloudFormation accept at most "
            f"{RULESET_MAX:,} (CreateDataQualityRuleset Ruleset); split it into several rulesets"
        )
    if not text.strip():
        return Ruleset((), ""), [*problems, f"the ruleset is empty; expected e.g. {_EXAMPLE}"]
    tokens, lex_problems = _lex(text)
    if lex_problems:
        return Ruleset((), ""), problems + lex_problems
    bracket_problems = _bracket_problems(tokens, text)
    if bracket_problems:
        return Ruleset((), ""), problems + bracket_problems
    document = _Parser(tokens, text)
    rules, analyzers, preamble = document.document()
    problems += document.problems
    for index, item in zip(document.rule_numbers, rules, strict=True):
        problems += [f"rule {index} `{item.text}`: {p}" for p in node_problems(item, columns)]
    for index, analyzer in zip(document.analyzer_numbers, analyzers, strict=True):
        problems += [
            f"analyzer {index} `{analyzer.text}`: {p}" for p in analyzer_problems(analyzer)
        ]
    if not rules and not analyzers and not document.problems:
        problems.append(f"the ruleset has no rules (Glue: 'No rules or analyzers provided.'); "
                        f"expected e.g. {_EXAMPLE}")  # fmt: skip
    canonical = render.ruleset(rules, analyzers=analyzers, preamble=preamble)
    return Ruleset(tuple(rules), canonical, tuple(analyzers), tuple(preamble)), problems


# ---- lexer ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "str", "num", "word", "now", "sym", "end"
    value: str
    start: int
    end: int


_WORD = re.compile(r"[A-Za-z0-9_.]+")  # IDENTIFIER (and INT, DECIMAL, which win on ties)
_INT = re.compile(r"[0-9]+$")
_DECIMAL = re.compile(r"[0-9]+\.[0-9]+$")
_SYMBOLS = (">=", "<=", "[", "]", "(", ")", "{", "}", ",", ":", "=", "!", ">", "<", "+", "-",
            "*", "/", "$")  # fmt: skip


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _lex(text: str) -> tuple[list[_Token], list[str]]:
    """Tokens of ``text`` (comments and whitespace dropped), and the lexical problems."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in " \t\r\n":
            i += 1
        elif char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif char == '"':
            end = _string_end(text, i)
            if end < 0:
                return tokens, [
                    f"the quote at {_where(text, i)} is never closed: "
                    f'`{text[i : i + 40]}`; close it with "'
                ]
            tokens.append(_Token("str", _unescape(text[i + 1 : end]), i, end + 1))
            i = end + 1
        elif text.startswith("now()", i):
            tokens.append(_Token("now", "now()", i, i + 5))
            i += 5
        elif _WORD.match(text, i):
            word = _WORD.match(text, i).group()  # type: ignore[union-attr]
            kind = "num" if _INT.match(word) or _DECIMAL.match(word) else "word"
            tokens.append(_Token(kind, word, i, i + len(word)))
            i += len(word)
        else:
            symbol = next((s for s in _SYMBOLS if text.startswith(s, i)), None)
            if symbol is None:
                return tokens, [f"unexpected character {char!r} at {_where(text, i)}"]
            tokens.append(_Token("sym", symbol, i, i + len(symbol)))
            i += len(symbol)
    tokens.append(_Token("end", "", n, n))
    return tokens, []


def _string_end(text: str, start: int) -> int:
    """The index of the quote closing the string opened at ``start``; -1 if none."""
    i = start + 1
    while i < len(text):
        if text.startswith('\\"', i) or text.startswith("\\\\", i):
            i += 2
        elif text[i] == '"':
            return i
        else:
            i += 1
    return -1


def _unescape(body: str) -> str:
    return re.sub(r'\\(["\\])', r"\1", body)


_PAIRS = {"(": ")", "[": "]", "{": "}"}


def _bracket_problems(tokens: list[_Token], text: str) -> list[str]:
    """Unbalanced ``( )``, ``[ ]`` and ``{ }`` (outside quoted strings)."""
    stack: list[_Token] = []
    for token in tokens:
        if token.kind != "sym":
            continue
        if token.value in _PAIRS:
            stack.append(token)
        elif token.value in _PAIRS.values():
            if not stack:
                return [
                    f"unbalanced brackets: `{token.value}` at {_where(text, token.start)} "
                    "closes nothing"
                ]
            opened = stack[-1]
            if _PAIRS[opened.value] != token.value:
                return [
                    f"unbalanced brackets: `{opened.value}` at {_where(text, opened.start)} is "
                    f"closed by `{token.value}` at {_where(text, token.start)}; expected "
                    f"`{_PAIRS[opened.value]}`"
                ]
            stack.pop()
    if stack:
        token = stack[-1]
        return [
            f"unbalanced brackets: `{token.value}` at {_where(text, token.start)} is never "
            f"closed; add `{_PAIRS[token.value]}`"
        ]
    return []


# ---- parser -----------------------------------------------------------------------------


class _Syntax(Exception):
    """A problem in one rule; the parser records it and goes on with the next rule."""


@dataclass
class _Unit:
    node: Rule | CompositeRule
    parenthesised: bool


_LOWER_KEYWORDS = ("between", "in", "not", "matches", "where", "with")
_CONDITION_WORDS = ("between", "not", "in", "matches")
_CONDITION_SYMBOLS = (">", ">=", "<", "<=", "=", "!")
_DATE_UNITS = TIME_UNITS
# NULL, EMPTY, WHITESPACES_ONLY: lower or upper case (CommonLexerRules.g4)
_KEYWORDS = {keyword.value.lower(): keyword for keyword in Keyword}
_SECTIONS = ("Metadata", "DataSources", "DefaultLabels", "Rules", "Analyzers")
_DICTIONARY_KEYS = {"Metadata": ("Version",), "DataSources": ("Primary", "AdditionalDataSources")}


class _Parser:
    """Recursive descent over the tokens, one method per grammar rule."""

    def __init__(self, tokens: list[_Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.pos = 0
        self.problems: list[str] = []
        self.variables: dict[str, str | Keyword | tuple[str | Keyword, ...]] = {}
        #: each rule's (analyzer's) position in its section, counting the unreadable ones
        self.rule_numbers: list[int] = []
        self.analyzer_numbers: list[int] = []

    # -- token helpers

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def next(self) -> _Token:
        token = self.peek()
        self.pos = min(self.pos + 1, len(self.tokens) - 1)
        return token

    def at(self, kind: str, *values: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind == kind and (not values or token.value in values)

    def expect(self, kind: str, value: str | None, wanted: str) -> _Token:
        token = self.peek()
        if token.kind != kind or (value is not None and token.value != value):
            raise _Syntax(f"expected {wanted}, got {_shown(token)}")
        return self.next()

    # -- document

    def document(self) -> tuple[list[Rule | CompositeRule], list[Rule], list[str]]:
        """``metadata? dataSources? variableDeclarations? defaultLabels? rulesOrAnalyzers``."""
        preamble: list[str] = []
        rules: list[Rule | CompositeRule] = []
        analyzers: list[Rule] = []
        seen_rules = False
        while not self.at("end"):
            token = self.peek()
            try:
                if self.at("word", "Metadata", "DataSources") and self.at("sym", "=", ahead=1):
                    preamble.append(self.dictionary())
                elif self.at("word", "DefaultLabels"):
                    self.next()
                    self.expect("sym", "=", "`=` after DefaultLabels")
                    preamble.append(f"DefaultLabels = {render.pairs(self.labels())}")
                elif self.at("word", "Rules") and self.at("sym", "=", ahead=1):
                    numbered = self.section("Rules", self.top_rule)
                    rules += [item for _, item in numbered]
                    self.rule_numbers += [index for index, _ in numbered]
                    seen_rules = True
                elif self.at("word", "Analyzers") and self.at("sym", "=", ahead=1):
                    numbered = self.section("Analyzers", self.analyzer)
                    analyzers += [item for _, item in numbered]
                    self.analyzer_numbers += [index for index, _ in numbered]
                    seen_rules = True
                elif self.at("word", "rules", "RULES", "analyzers", "ANALYZERS"):
                    raise _Syntax(self._stray(token))
                elif self.at("word") and self.at("sym", "=", ahead=1) and not seen_rules:
                    self.variable()
                else:
                    raise _Syntax(self._stray(token))
            except _Syntax as problem:
                self.problems.append(str(problem))
                return rules, analyzers, preamble
        if not seen_rules:
            self.problems.append(f"no `Rules = [ ... ]` section; expected e.g. {_EXAMPLE}")
        return rules, analyzers, preamble

    def _stray(self, token: _Token) -> str:
        if token.kind == "word" and token.value.lower() in ("rules", "analyzers"):
            right = token.value.capitalize()
            return f"DQDL is case sensitive: write `{right}`, got `{token.value}` ({_where(self.text, token.start)})"  # noqa: E501
        if token.kind == "word" and token.value in RULE_TYPES or token.value == "[":
            return f"rules must be inside `Rules = [ ... ]` ({DQDL_PAGE}); expected e.g. {_EXAMPLE}"
        return (
            f"unexpected {_shown(token)} at {_where(self.text, token.start)}; a DQDL document "
            f"is `Rules = [ rule, rule, ... ]`"
        )

    def dictionary(self) -> str:
        """``Metadata = {"Version": "1.0"}`` / ``DataSources = {"Primary": ..., ...}``."""
        name = self.next().value
        self.next()
        self.expect("sym", "{", f"`{{` after `{name} =`")
        entries: list[str] = []
        while True:
            key = self.expect("str", None, f"a quoted key in {name}").value
            if key not in _DICTIONARY_KEYS[name]:
                raise _Syntax(
                    f"{name} has no key {key!r}; its keys are {list(_DICTIONARY_KEYS[name])}"
                )
            self.expect("sym", ":", f"`:` after {render.quote(key)}")
            if self.at("sym", "["):
                self.next()
                values = [self.expect("str", None, "a quoted string").value]
                while self.at("sym", ","):
                    self.next()
                    values.append(self.expect("str", None, "a quoted string").value)
                self.expect("sym", "]", "`]`")
                value = "[" + ", ".join(render.quote(v) for v in values) + "]"
            else:
                value = render.quote(self.expect("str", None, "a quoted value").value)
            entries.append(f"{render.quote(key)}: {value}")
            if not self.at("sym", ","):
                break
            self.next()
        self.expect("sym", "}", f"`}}` closing {name}")
        return f"{name} = {{" + ", ".join(entries) + "}"

    def variable(self) -> None:
        """``name = "value"`` or ``name = ["a", "b"]`` (DQDL variables)."""
        name = self.next().value
        self.next()
        if name.startswith((".", "_")):
            raise _Syntax(f"variable name {name!r} cannot start with '.' or '_'")
        if name in self.variables:
            raise _Syntax(f"variable {name!r} is already defined")
        if self.at("sym", "["):
            self.next()
            values = [self.string_value()]
            while self.at("sym", ","):
                self.next()
                values.append(self.string_value())
            self.expect("sym", "]", f"`]` closing variable {name}")
            self.variables[name] = tuple(values)
        else:
            self.variables[name] = self.string_value()

    def string_value(self) -> str | Keyword:
        """grammar ``stringValues``: a quoted string, NULL, EMPTY or WHITESPACES_ONLY."""
        token = self.peek()
        if token.kind == "str":
            return self.next().value
        if (
            token.kind == "word"
            and token.value.lower() in _KEYWORDS
            and token.value in (token.value.lower(), token.value.upper())
        ):
            self.next()
            return _KEYWORDS[token.value.lower()]
        if self.at("sym", "$"):
            value = self.dereference()
            if isinstance(value, tuple):
                raise _Syntax("a list variable cannot stand for one value")
            return value
        raise _Syntax(
            f"expected a quoted string, NULL, EMPTY or WHITESPACES_ONLY, got {_shown(token)}"
        )  # noqa: E501

    def dereference(self) -> str | Keyword | tuple[str | Keyword, ...]:
        self.next()
        name = self.expect("word", None, "a variable name after `$`").value
        if name not in self.variables:
            known = ", ".join(f"${v}" for v in self.variables) or "none"
            raise _Syntax(f"variable ${name} is not defined (defined: {known}); declare it "
                          f'before Rules, e.g. {name} = "value"')  # fmt: skip
        return self.variables[name]

    def section(self, name: str, item) -> list:  # type: ignore[no-untyped-def]
        """``Rules = [ item, item, ... ]``; a bad item is recorded and skipped."""
        self.next()
        self.next()
        self.expect("sym", "[", f"`[` after `{name} =`")
        items: list[tuple[int, object]] = []
        index = 0
        while not self.at("sym", "]") and not self.at("end"):
            index += 1
            start = self.pos
            try:
                items.append((index, item()))
                if not self.at("sym", ",", "]"):
                    raise _Syntax(self._after_rule())
            except _Syntax as problem:
                self._skip_item()
                if self.pos == start:  # never loop on a token no rule can start with
                    self.next()
                source = self._source(start).rstrip(", \n")
                self.problems.append(f"{name[:-1].lower()} {index} `{source}`: {problem}")
            if self.at("sym", ","):
                self.next()
                if self.at("sym", "]"):
                    raise _Syntax(f"a comma ends {name} before `]`; remove it")
        self.expect("sym", "]", f"`]` closing {name}")
        return items

    def _after_rule(self) -> str:
        token = self.peek()
        if token.kind == "word" and token.value in RULE_TYPES:
            return f"missing `,` before `{token.value}`: rules are separated by commas"
        if token.kind == "word" and token.value.lower() in _LOWER_KEYWORDS:
            return (
                f"DQDL keywords are lower case: write `{token.value.lower()}`, got `{token.value}`"  # noqa: E501
            )
        return f"unexpected {_shown(token)} after the rule; expected `,` or `]`"

    def _skip_item(self) -> None:
        """Skip to the ``,`` or ``]`` that ends the current item of a section."""
        depth = 0
        while not self.at("end"):
            token = self.peek()
            if token.kind == "sym" and token.value in ("(", "[", "{"):
                depth += 1
            elif token.kind == "sym" and token.value in (")", "]", "}"):
                if depth == 0 and token.value == "]":
                    return
                depth = max(depth - 1, 0)
            elif token.kind == "sym" and token.value == "," and depth == 0:
                return
            self.next()

    def _source(self, start: int) -> str:
        begin = self.tokens[start].start
        end = self.tokens[max(start, self.pos - 1)].end
        return " ".join(self.text[begin:end].split())

    # -- rules

    def top_rule(self) -> Rule | CompositeRule:
        return self.either().node

    def either(self) -> _Unit:
        """``a or b or ...`` (``and`` binds tighter: the grammar lists it first)."""
        return self._chain("or", self.both)

    def both(self) -> _Unit:
        return self._chain("and", self.unit)

    def _chain(self, operator: str, part) -> _Unit:  # type: ignore[no-untyped-def]
        units = [part()]
        while self.at("word", operator, operator.upper()):
            self.next()
            units.append(part())
        if len(units) == 1:
            return units[0]
        bare = [u.node.text for u in units if not u.parenthesised]
        if bare:
            raise _Syntax(
                f"each rule joined with `{operator}` must be in parentheses, got `{bare[0]}` "
                f"without ({DQDL_PAGE}, Composite rules); write e.g. "
                f'(IsComplete "id") {operator} (IsUnique "id")'
            )
        nodes = tuple(u.node for u in units)
        # every member is parenthesised, so the composite can itself be joined unwrapped
        return _Unit(CompositeRule(operator, nodes, render.composite(operator, nodes)), True)

    def unit(self) -> _Unit:
        if self.at("sym", "("):
            self.next()
            inner = self.either()
            self.expect("sym", ")", "`)`")
            if self.at("word", "labels"):
                raise _Syntax("labels on a parenthesised rule are not supported by glueforge; "
                              "put them on each rule")  # fmt: skip
            return _Unit(inner.node, True)
        return _Unit(self.rule(), False)

    def rule(self) -> Rule:
        """``ruleType parameter* condition? whereClause? labels? tagWithCondition*``."""
        token = self.peek()
        if token.kind != "word":
            raise _Syntax(f"expected a rule type such as IsComplete, got {_shown(token)}")
        rule_type = self.next().value
        parameters = self.parameters()
        condition = self.condition() if self._condition_starts() else None
        where = None
        if self.at("word", "where"):
            self.next()
            where = self.expect(
                "str", None, 'a quoted filter after `where`, e.g. where "x > 0"'
            ).value
        labels = self.labels_clause()
        threshold, tags = self.tags()
        self._keyword_case()
        text = render.rule(rule_type, parameters, condition, threshold=threshold, where=where,
                           labels=labels, tags=tags)  # fmt: skip
        return Rule(rule_type, tuple(parameters), condition, threshold, where, text,
                    tuple(labels), tuple(tags))  # fmt: skip

    def analyzer(self) -> Rule:
        """``analyzerType parameter*``."""
        token = self.expect("word", None, "an analyzer type such as Completeness")
        parameters = self.parameters()
        return Rule(token.value, tuple(parameters), None, None, None,
                    render.rule(token.value, parameters))  # fmt: skip

    def _keyword_case(self) -> None:
        token = self.peek()
        if token.kind == "word" and token.value.lower() in _LOWER_KEYWORDS:
            if token.value != token.value.lower():
                raise _Syntax(f"DQDL keywords are lower case: write `{token.value.lower()}`, "
                              f"got `{token.value}`")  # fmt: skip

    def parameters(self) -> list[str]:
        """Quoted strings, identifiers or ``$variables``, each maybe after ``of``/``and``."""
        values: list[str] = []
        while True:
            connector = self.at("word", "of", "OF") or (
                self.at("word", "and", "AND")
                and (self.at("str", ahead=1) or self.at("sym", "$", ahead=1))
            )
            if connector:
                self.next()
            token = self.peek()
            if token.kind == "str":
                values.append(self.next().value)
            elif token.kind == "sym" and token.value == "$":
                value = self.dereference()
                if not isinstance(value, str):
                    raise _Syntax("a parameter variable must hold one quoted string")
                values.append(value)
            elif token.kind == "word" and not self._reserved(token.value):
                if token.value in RULE_TYPES:
                    raise _Syntax(
                        f"`{token.value}` follows a rule without `,` or parentheses: "
                        "separate rules with commas, join them as (A) and (B)"
                    )
                values.append(self.next().value)
            elif connector:
                raise _Syntax(f"expected a parameter after `of`/`and`, got {_shown(token)}")
            else:
                return values

    @staticmethod
    def _reserved(word: str) -> bool:
        return (
            word.lower() in (*_LOWER_KEYWORDS, "and", "or", "labels") or word.lower() in _KEYWORDS
        )

    def _condition_starts(self) -> bool:
        token = self.peek()
        if token.kind == "sym":
            return token.value in _CONDITION_SYMBOLS
        return token.kind == "word" and token.value in _CONDITION_WORDS

    def labels_clause(self) -> list[tuple[str, str]]:
        if not self.at("word", "labels"):
            return []
        self.next()
        self.expect("sym", "=", "`=` after labels")
        return self.labels()

    def labels(self) -> list[tuple[str, str]]:
        """``["key" = "value", ...]``."""
        self.expect("sym", "[", "`[` starting the labels")
        pairs: list[tuple[str, str]] = []
        while not self.at("sym", "]"):
            key = self.expect("str", None, 'a quoted label key, e.g. "team"').value
            self.expect("sym", "=", f"`=` after label {render.quote(key)}")
            pairs.append((key, self.expect("str", None, "a quoted label value").value))
            if not self.at("sym", ","):
                break
            self.next()
        self.expect("sym", "]", "`]` closing the labels")
        return pairs

    def tags(self) -> tuple[Condition | None, list[tuple[str, str]]]:
        """``with threshold > 0.9`` and ``with name = value`` tags."""
        threshold: Condition | None = None
        tags: list[tuple[str, str]] = []
        while self.at("word", "with"):
            self.next()
            name = self.expect("word", None, "a tag name after `with`, e.g. threshold").value
            if name.lower() == "threshold":
                if threshold is not None:
                    raise _Syntax("only one threshold condition at a time is supported")
                if not self._condition_starts():
                    raise _Syntax("`with threshold` needs a condition, e.g. with threshold > 0.9")
                threshold = self.condition()
            else:
                self.expect("sym", "=", f"`=` after tag {name} (tags only take `=`)")
                token = self.next()
                if token.kind not in ("str", "num"):
                    raise _Syntax(f"tag {name} needs a quoted or number value, got {_shown(token)}")
                tags.append((name, token.value))
        return threshold, tags

    # -- conditions

    def condition(self) -> Condition:
        """A number, string, date or duration condition (which one the rule type decides)."""
        self._keyword_case()
        negated = False
        if self.at("word", "not"):
            self.next()
            negated = True
            if not self.at("word", "between", "in", "matches"):
                raise _Syntax(
                    f"`not` must be followed by between, in or matches, got {_shown(self.peek())}"
                )  # noqa: E501
        prefix = "not " if negated else ""
        token = self.next()
        if token.value == "between":
            low = self.operand()
            if not self.at("word", "and", "AND"):
                raise _Syntax(
                    f"`between` needs `and`: between <low> and <high>, got {_shown(self.peek())}"
                )  # noqa: E501
            self.next()
            return Condition(prefix + "between", (low, self.operand()))
        if token.value == "in":
            return Condition(prefix + "in", self.operand_list())
        if token.value == "matches":
            pattern = self.expect("str", None, "a quoted regular expression after `matches`").value
            return Condition(prefix + "matches", (pattern,))
        if token.value == "!":
            self.expect("sym", "=", "`=` after `!`")
            return Condition("!=", (self.operand(),))
        return Condition(token.value, (self.operand(),))

    def operand_list(self) -> tuple[Operand, ...]:
        if self.at("sym", "$"):
            value = self.dereference()
            if not isinstance(value, tuple):
                raise _Syntax('`in $variable` needs a list variable, e.g. x = ["a", "b"]')
            return value
        self.expect("sym", "[", "`[` after `in`")
        values = [self.operand()]
        while self.at("sym", ","):
            self.next()
            values.append(self.operand())
        self.expect("sym", "]", "`]` closing the list")
        return tuple(values)

    def operand(self) -> Operand:
        token = self.peek()
        if token.kind == "str" or (token.kind == "sym" and token.value == "$"):
            return self.string_value()
        if token.kind == "word" and token.value.lower() in _KEYWORDS:
            return self.string_value()
        if token.kind == "now":
            self.next()
            if self.at("sym", "+", "-"):
                raise _Syntax("date arithmetic must be in parentheses: write (now() - 3 days)")
            return DateExpression()
        if self.at("sym", "(") and self.at("now", ahead=1):
            return self.date_offset()
        if token.kind == "num" and self.at("word", ahead=1) and self.peek(1).value in _DATE_UNITS:
            if not _INT.match(token.value):
                raise _Syntax(f"a duration takes a whole number, got {token.value}")
            self.next()
            return Duration(int(token.value), self.next().value)
        return self.number()

    def date_offset(self) -> DateExpression:
        """``(now() - 3 days)``: units days, hours or minutes (grammar ``durationUnit``)."""
        self.next()
        self.next()
        sign = self.expect("sym", None, "`+` or `-` after now()").value
        if sign not in ("+", "-"):
            raise _Syntax(f"expected `+` or `-` after now(), got `{sign}`")
        amount = self.expect("num", None, "a whole number, e.g. (now() - 3 days)").value
        unit = self.expect("word", None, "a unit: days, hours or minutes").value
        if unit not in _DATE_UNITS or not _INT.match(amount):
            raise _Syntax(f"date offsets take a whole number of days, hours or minutes, got "
                          f"`{amount} {unit}`")  # fmt: skip
        self.expect("sym", ")", "`)` closing the date expression")
        return DateExpression(int(amount) * (-1 if sign == "-" else 1), unit)

    def number(self) -> Operand:
        """A number, or a dynamic expression such as ``avg(last(10)) * 0.8``."""
        parts = [self.term()]
        while self.at("sym", "+", "-", "*", "/"):
            parts += [self.next().value, self.term()]
        if len(parts) == 1 and not isinstance(parts[0], str):
            return parts[0]
        # Choice: any arithmetic stays a DynamicExpression, even on constants: the grammar
        # gives + - * / one precedence, and how Glue evaluates `1 + 2 * 3` is not documented.
        return DynamicExpression(
            " ".join(p if isinstance(p, str) else render.operand(p) for p in parts)
        )

    def term(self) -> int | float | str | Keyword:
        """An atomic number, ``NULL``, ``f(args)`` or ``(expression)``; text for the latter two."""
        token = self.peek()
        if token.kind == "sym" and token.value == "-" and self.at("num", ahead=1):
            self.next()
            return -_number(self.next().value)
        if token.kind == "num":
            return _number(self.next().value)
        if token.kind == "word" and self.at("sym", "(", ahead=1):
            name = self.next().value
            self.next()
            arguments: list[str] = []
            while not self.at("sym", ")"):
                arguments.append(_text(self.number()))
                if not self.at("sym", ","):
                    break
                self.next()
            self.expect("sym", ")", f"`)` closing {name}(")
            return f"{name}(" + ", ".join(arguments) + ")"
        if token.kind == "sym" and token.value == "(":
            self.next()
            inner = _text(self.number())
            self.expect("sym", ")", "`)`")
            return f"({inner})"
        if token.kind == "word" and token.value in ("null", "NULL"):
            self.next()
            return Keyword.NULL
        raise _Syntax(f"expected a number, a quoted string or a dynamic expression such as "
                      f"avg(last(10)), got {_shown(token)}")  # fmt: skip


def _number(text: str) -> int | float:
    return int(text) if _INT.match(text) else float(text)


def _text(value: Operand) -> str:
    return render.operand(value)


def _shown(token: _Token) -> str:
    if token.kind == "end":
        return "the end of the text"
    if token.kind == "str":
        return f"the string {render.quote(token.value)}"
    return f"`{token.value}`"
