"""The awsglue shim has the signatures of AWS's awsglue library for Glue 5.0.

AWS publishes that library on PyPI as ``awsgluedataplanepython`` (pinned in
requirements.txt, test only). Both packages are called ``awsglue``, so each side is
inspected in its own interpreter: the real one as installed, the shim with its folder
first on the path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from glueforge.local.runner import SHIM_DIR

# Everything the templates and the shim's own delegation use: (module, attribute path)
SURFACE = [
    ("awsglue.utils", "getResolvedOptions"),
    ("awsglue.context", "GlueContext.__init__"),
    ("awsglue.context", "GlueContext.getSink"),
    ("awsglue.context", "GlueContext.create_dynamic_frame_from_options"),
    ("awsglue.context", "GlueContext.create_dynamic_frame_from_catalog"),
    ("awsglue.context", "GlueContext.write_dynamic_frame_from_options"),
    ("awsglue.context", "GlueContext.write_dynamic_frame_from_catalog"),
    ("awsglue.context", "GlueContext.write_dynamic_frame_from_jdbc_conf"),
    ("awsglue.context", "GlueContext.create_data_frame_from_options"),
    ("awsglue.context", "GlueContext.create_data_frame_from_catalog"),
    ("awsglue.context", "GlueContext.forEachBatch"),
    ("awsglue.context", "GlueContext.add_ingestion_time_columns"),
    ("awsglue.dataframereader", "DataFrameReader.__init__"),
    ("awsglue.dataframereader", "DataFrameReader.from_options"),
    ("awsglue.dataframereader", "DataFrameReader.from_catalog"),
    ("awsglue.job", "Job.__init__"),
    ("awsglue.job", "Job.init"),
    ("awsglue.job", "Job.commit"),
    ("awsglue.dynamicframe", "DynamicFrame.__init__"),
    ("awsglue.dynamicframe", "DynamicFrame.fromDF"),
    ("awsglue.dynamicframe", "DynamicFrame.toDF"),
    ("awsglue.dynamicframe", "DynamicFrameCollection.__init__"),
    ("awsglue.dynamicframe", "DynamicFrameCollection.select"),
    ("awsglue.dynamicframe", "DynamicFrameCollection.keys"),
    ("awsglue.dynamicframe", "DynamicFrameReader.__init__"),
    ("awsglue.dynamicframe", "DynamicFrameReader.from_options"),
    ("awsglue.dynamicframe", "DynamicFrameReader.from_catalog"),
    ("awsglue.dynamicframe", "DynamicFrameWriter.__init__"),
    ("awsglue.dynamicframe", "DynamicFrameWriter.from_options"),
    ("awsglue.dynamicframe", "DynamicFrameWriter.from_catalog"),
    ("awsglue.dynamicframe", "DynamicFrameWriter.from_jdbc_conf"),
    ("awsglue.data_sink", "DataSink.__init__"),
    ("awsglue.data_sink", "DataSink.setFormat"),
    ("awsglue.data_sink", "DataSink.setCatalogInfo"),
    ("awsglue.data_sink", "DataSink.writeFrame"),
    ("awsglue.transforms", "Relationalize.apply"),
    ("awsglue.transforms", "Relationalize.__call__"),
    ("awsglue.transforms", "SelectFromCollection.apply"),
    ("awsglue.transforms", "SelectFromCollection.__call__"),
    ("awsglue.dynamicframe", "DynamicFrameCollection.__getitem__"),
    ("awsglue.dynamicframe", "DynamicFrameCollection.__len__"),
    ("awsglue.dynamicframe", "DynamicFrameCollection.values"),
]

PROBE = """
import importlib, inspect, json, sys
found = {}
for module, path in json.loads(sys.argv[1]):
    obj = importlib.import_module(module)
    for part in path.split("."):
        obj = getattr(obj, part)
    origin = inspect.getfile(obj)
    found[module + ":" + path] = [str(inspect.signature(obj)), origin]
print(json.dumps(found))
"""


def _signatures(*, shim: bool) -> dict[str, list[str]]:
    env = {**os.environ}
    if shim:
        env["PYTHONPATH"] = os.pathsep.join([str(SHIM_DIR), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(SURFACE)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(result.stdout)


def test_shim_signatures_match_awsglue_for_glue_5():
    real, shim = _signatures(shim=False), _signatures(shim=True)
    # each side really is the package it claims to be
    assert all("site-packages" in origin for _, origin in real.values())
    assert all(origin.startswith(str(SHIM_DIR)) for _, origin in shim.values())
    mismatches = {
        name: (shim[name][0], real[name][0]) for name in real if shim[name][0] != real[name][0]
    }
    assert not mismatches, mismatches


def test_real_awsglue_is_the_glue_5_release():
    from importlib.metadata import version

    assert version("awsgluedataplanepython") == "5.0.0"
