import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue

from glueforge import (
    Crawler,
    CrawlerTarget,
    CsvClassifier,
    CsvCustomType,
    CsvHeader,
    GlueforgeValidationError,
    GrokClassifier,
    JsonClassifier,
    SecureBucket,
    XmlClassifier,
)
from glueforge.crawlers.classifiers import CsvClassifier as _Csv
from tests.conftest import assert_clean
from tests.helpers.iam import logical_id


def _classifiers(template):
    return {
        k: v["Properties"]
        for k, v in template["Resources"].items()
        if v["Type"] == "AWS::Glue::Classifier"
    }


def test_every_kind_renders_and_attaches_in_order(stack, synth):
    csv = CsvClassifier(
        stack,
        "Orders",
        delimiter="|",
        quote_symbol="'",
        header=CsvHeader.PRESENT,
        custom_types=[CsvCustomType.DATE, CsvCustomType.DECIMAL],
        classifier_name="orders-csv",
    )
    json_ = JsonClassifier(stack, "Clicks", json_path="$.records[*]")
    xml = XmlClassifier(stack, "Feed", classification="xml", row_tag="item")
    grok = GrokClassifier(
        stack,
        "Weblog",
        classification="weblog",
        grok_pattern="%{IP:client} %{WORD:method}",
        custom_patterns="WORD2 [a-z]+",
    )
    Crawler(
        stack,
        "Crawler",
        database=glue.Database(stack, "Db", database_name="raw"),
        targets=[CrawlerTarget.s3(SecureBucket(stack, "Raw"))],
        classifiers=[grok, csv, json_, xml],
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    classifiers = _classifiers(template)
    assert classifiers[logical_id(template, "AWS::Glue::Classifier", "Orders")] == {
        "CsvClassifier": {
            "Name": "orders-csv",
            "Delimiter": "|",
            "QuoteSymbol": "'",
            "ContainsHeader": "PRESENT",
            "AllowSingleColumn": False,
            "DisableValueTrimming": False,
            "CustomDatatypeConfigured": True,
            "ContainsCustomDatatype": ["DATE", "DECIMAL"],
        }
    }
    assert classifiers[logical_id(template, "AWS::Glue::Classifier", "Clicks")] == {
        "JsonClassifier": {"Name": json_.classifier_name, "JsonPath": "$.records[*]"}
    }
    assert classifiers[logical_id(template, "AWS::Glue::Classifier", "Feed")] == {
        "XMLClassifier": {"Name": xml.classifier_name, "Classification": "xml", "RowTag": "item"}
    }
    assert classifiers[logical_id(template, "AWS::Glue::Classifier", "Weblog")] == {
        "GrokClassifier": {
            "Name": grok.classifier_name,
            "Classification": "weblog",
            "GrokPattern": "%{IP:client} %{WORD:method}",
            "CustomPatterns": "WORD2 [a-z]+",
        }
    }
    crawler = template["Resources"][logical_id(template, "AWS::Glue::Crawler", "Crawler")]
    names = [grok.classifier_name, "orders-csv", json_.classifier_name, xml.classifier_name]
    assert crawler["Properties"]["Classifiers"] == names
    assert set(
        logical_id(template, "AWS::Glue::Classifier", p) for p in ("Orders", "Weblog")
    ) <= set(crawler["DependsOn"])


def test_imported_classifier_by_name(stack):
    imported = _Csv.from_classifier_name(stack, "Shared", "shared-csv")
    assert imported.classifier_name == "shared-csv"


def _error(build):
    with pytest.raises(GlueforgeValidationError) as caught:
        build(Stack(App(), "DataLake"))
    assert str(caught.value).startswith("DataLake/C: ")
    return str(caught.value)


def test_csv_errors():
    message = _error(
        lambda s: CsvClassifier(s, "C", delimiter=";;", quote_symbol="\n", column_names=[""])
    )
    assert "delimiter must be one character other than a line break, got ';;'" in message
    assert "quote_symbol must be one character other than a line break, got '\\n'" in message
    assert "column name '' must be 1-255 characters" in message
    assert "quote_symbol must differ from delimiter" in _error(
        lambda s: CsvClassifier(s, "C", delimiter=",", quote_symbol=",")
    )


def test_json_xml_grok_errors():
    assert "json_path must start with '$', e.g. '$[*]', got 'records'" in _error(
        lambda s: JsonClassifier(s, "C", json_path="records")
    )
    message = _error(lambda s: XmlClassifier(s, "C", classification=" ", row_tag="<row>"))
    assert "classification must not be empty" in message
    assert "row_tag must be an element name without angle brackets" in message
    message = _error(
        lambda s: GrokClassifier(
            s, "C", classification="x", grok_pattern="g" * 2049, custom_patterns="c" * 16001
        )
    )
    assert "grok_pattern must be 1-2048 characters, got 2049" in message
    assert "custom_patterns must be at most 16000 characters, got 16001" in message


def test_an_imported_classifier_is_listed_by_name(stack, synth):
    from glueforge.crawlers.classifiers import ClassifierBase, IClassifier

    shared = ClassifierBase.from_classifier_attributes(
        stack, "SharedJson", classifier_name="shared-json"
    )
    assert isinstance(shared, IClassifier)
    assert shared.node.path == "Test/SharedJson"
    bucket = SecureBucket(stack, "Raw")
    Crawler(
        stack,
        "Crawler",
        database=glue.Database(stack, "Db", database_name="raw"),
        targets=[CrawlerTarget.s3(bucket, "in/")],
        classifiers=[shared],
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    assert not template["Resources"].get("SharedJson")
    crawler = template["Resources"][logical_id(template, "AWS::Glue::Crawler", "Crawler")]
    assert crawler["Properties"]["Classifiers"] == ["shared-json"]
    assert not [k for k in crawler.get("DependsOn", []) if k.startswith("SharedJson")]
