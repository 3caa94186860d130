"""What the offline commands show of an app that fails: its error, not its traceback.

The outputs below are written by hand in the shape Python and jsii print them.
"""

from __future__ import annotations

from glueforge.assembly.reader import app_error

GLUEFORGE_TRACEBACK = """\
Traceback (most recent call last):
  File "/work/app/app.py", line 9, in <module>
    EtlJob(stack, "Job", number_of_workers=1000, specs=specs)
  File "/glueforge/core/errors.py", line 45, in raise_if_problems
    raise GlueforgeValidationError(scope, collected)
glueforge.core.errors.GlueforgeValidationError: Lake/Job: number_of_workers must be 2-299
"""

JSII_TRACEBACK = """\
b'!!  Node 20 is end-of-life  !!\\n'
jsii.errors.JavaScriptError:
  \u00abInvalidBucketNameValue\u00bb Invalid S3 bucket name (value: BAD_NAME)
  Bucket name must start with a lowercase character or number (offset: 0)
      ...aws-cdk-lib, jsii runtime, node internals...
  Relates to construct:
      <.> (aws-cdk-lib.App)
       \u2514\u2500 Lake (aws-cdk-lib.Stack)
           \u2514\u2500 Raw (aws-cdk-lib.aws_s3.Bucket)

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/work/app/app.py", line 5, in <module>
    s3.Bucket(stack, "Raw", bucket_name="BAD_NAME")
  File "/jsii/_kernel/providers/process.py", line 359, in send
    raise RuntimeError(resp.error) from JavaScriptError(resp.stack)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
RuntimeError: Invalid S3 bucket name (value: BAD_NAME)
Bucket name must start with a lowercase character or number (offset: 0)
"""


def test_a_glueforge_error_shows_its_message_which_names_the_construct():
    assert app_error(GLUEFORGE_TRACEBACK) == "Lake/Job: number_of_workers must be 2-299"


def test_an_aws_cdk_error_shows_its_message_and_the_construct_it_relates_to():
    assert app_error(JSII_TRACEBACK) == (
        "Invalid S3 bucket name (value: BAD_NAME)\n"
        "Bucket name must start with a lowercase character or number (offset: 0)\n"
        "(construct Lake/Raw)"
    )


def test_other_exceptions_keep_their_type_and_only_the_last_traceback_counts():
    chained = (
        "Traceback (most recent call last):\n"
        '  File "app.py", line 1, in <module>\n'
        "KeyError: 'orders'\n\n"
        "During handling of the above exception, another exception occurred:\n\n"
        "Traceback (most recent call last):\n"
        '  File "app.py", line 3, in <module>\n'
        "TypeError: unsupported operand type(s) for +: 'int' and 'str'\n"
    )
    assert app_error(chained) == "TypeError: unsupported operand type(s) for +: 'int' and 'str'"


def test_output_without_a_traceback_shows_its_last_five_lines():
    output = "\n".join(f"line {n}" for n in range(1, 9)) + "\n"
    assert app_error(output) == "line 4\nline 5\nline 6\nline 7\nline 8"
    assert app_error("boom: bad app\n") == "boom: bad app"
