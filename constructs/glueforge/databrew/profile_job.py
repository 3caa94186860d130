"""ProfileJob: profile a DataBrew dataset and check its data-quality rulesets, with a
least-privilege role.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration
from aws_cdk import aws_databrew as databrew
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.core.errors import raise_if_problems, require_types, sequence_of
from glueforge.core.locations import S3Location
from glueforge.databrew.dataset import IDataset
from glueforge.databrew.job_base import (
    DEFAULT_MAX_CAPACITY,
    _DataBrewJob,
    depend_on_role,
    output_key,
)
from glueforge.databrew.ruleset import IRuleset
from glueforge.iam.grants import add_s3_prefix_read_write


class ProfileJob(_DataBrewJob):
    """Profiles a dataset (column statistics) and checks its data-quality rulesets.

    :param dataset: what the job profiles: a ``Dataset``, or an import that knows its
        source (``Dataset.from_dataset_attributes(..., source=...)``), so the role can read
        it; a dataset imported by name alone needs ``role=`` a role that already reads it.
    :param output_bucket: where the profile (JSON) and validation reports go.
    :param output_prefix: Default: ``"databrew-profiles/"``.
    :param rulesets: rulesets of this dataset to validate on each run: ``Ruleset``s, or
        imports that name their dataset (``Ruleset.from_ruleset_attributes(...,
        dataset=...)``). Default: none.
    :param sample_rows: profile only this many rows. Default: the whole dataset.
    :param encryption_key: the KMS key for SSE-KMS output. Default: the bucket's key
        (SSE-S3 when it has none).
    :param timeout: Default: 60 minutes (DataBrew's own default is 48 hours).
    :param max_capacity: the most DataBrew nodes a run uses. Default: 5 (DataBrew's).
    :param max_retries: Default: 0.
    :param role: Default: a new role that reads the dataset, writes the output prefix,
        uses its key and writes DataBrew's logs. A role of another stack gets those grants
        in a policy of this job's stack (:mod:`glueforge.iam.placement`).
    :param job_name: Default: generated from the construct path.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        dataset: IDataset,
        output_bucket: s3.IBucket,
        output_prefix: str = "databrew-profiles/",
        rulesets: Sequence[IRuleset] = (),
        sample_rows: int | None = None,
        encryption_key: kms.IKey | None = None,
        timeout: Duration | None = None,
        max_capacity: int = DEFAULT_MAX_CAPACITY,
        max_retries: int = 0,
        role: iam.IRole | None = None,
        job_name: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        if sequence_of(rulesets):
            require_types(self, {f"rulesets[{i}]": (r, IRuleset) for i, r in enumerate(rulesets)})
        problems = self._setup(
            dataset=dataset,
            role=role,
            job_name=job_name,
            timeout=timeout,
            max_capacity=max_capacity,
            max_retries=max_retries,
            kind="profile",
        )
        self.output = S3Location(output_bucket, output_prefix)
        problems += self.output.problems()
        problems += [p for r in rulesets for p in _ruleset_problems(r, dataset)]
        if sample_rows is not None and sample_rows < 1:
            problems.append(f"sample_rows must be 1 or more, got {sample_rows}")
        key, key_problems = output_key([output_bucket], encryption_key, self.grantee)
        raise_if_problems(self, problems + key_problems)

        self.rulesets = tuple(rulesets)
        add_s3_prefix_read_write(self.grantee, output_bucket, output_prefix)
        self.resource = databrew.CfnJob(
            self,
            "Resource",
            type="PROFILE",
            output_location=databrew.CfnJob.OutputLocationProperty(
                bucket=output_bucket.bucket_name, key=output_prefix or None
            ),
            job_sample=(
                databrew.CfnJob.JobSampleProperty(mode="FULL_DATASET")
                if sample_rows is None
                else databrew.CfnJob.JobSampleProperty(mode="CUSTOM_ROWS", size=sample_rows)
            ),
            validation_configurations=[
                databrew.CfnJob.ValidationConfigurationProperty(
                    ruleset_arn=r.ruleset_arn, validation_mode="CHECK_ALL"
                )
                for r in rulesets
            ]
            or None,
            **self._common_properties(key),
        )
        self.resource.node.add_dependency(dataset, *rulesets)
        depend_on_role(self.resource, self.role, self.grantee)


def _ruleset_problems(ruleset: IRuleset, dataset: IDataset) -> list[str]:
    """Why the job cannot validate ``ruleset``: DataBrew validates only the rulesets of
    the job's own dataset (the ruleset's ``TargetArn``)."""
    if ruleset.dataset is None:
        return [
            f"ruleset {ruleset.ruleset_name!r} was imported without its dataset, so "
            "glueforge cannot check that it describes this job's dataset "
            f"{dataset.dataset_name!r}; import it with Ruleset.from_ruleset_attributes(..., "
            "dataset=...)"
        ]
    # The same construct, or the same dataset imported or declared twice.
    if ruleset.dataset is dataset or ruleset.dataset.dataset_name == dataset.dataset_name:
        return []
    return [
        f"ruleset {_path(ruleset)} checks dataset {_path(ruleset.dataset)}, not this job's "
        f"dataset {_path(dataset)}"
    ]


def _path(thing: object) -> str:
    node = getattr(thing, "node", None)
    return node.path if node is not None else repr(thing)
