"""What every pipeline is, declared here or elsewhere: ``IPipeline``, ``PipelineBase`` and
the imports.

As in aws-cdk-lib (``aws-glue/lib/triggers/workflow.ts``): an interface (:class:`IPipeline`)
listing what users rely on, a base class (:class:`PipelineBase`) holding what owned and
imported pipelines share (the workflow's ARN and the grants on it), and
``from_pipeline_attributes``, with ``from_workflow_name`` and ``from_workflow_arn`` routed
through it, returning a private imported pipeline.

An imported pipeline takes no new triggers: glueforge checks a pipeline's whole graph
(exactly one start trigger, no cycles, every condition on a step the pipeline runs), and
it cannot see the triggers of a workflow declared elsewhere.
"""

from __future__ import annotations

from typing import NoReturn, Protocol, runtime_checkable

from aws_cdk import Resource
from aws_cdk import aws_iam as iam
from constructs import Construct

from glueforge.core.arns import GlueArnResource, glue_arn, glue_arn_name
from glueforge.core.errors import GlueforgeValidationError, child_path, require_types
from glueforge.core.tokens import is_unresolved
from glueforge.iam.actions import WORKFLOW_READ_ACTIONS, WORKFLOW_START_RUN_ACTIONS
from glueforge.iam.grants import grant


@runtime_checkable
class IPipeline(Protocol):
    """A pipeline (a Glue workflow), declared by glueforge or imported by name or ARN."""

    @property
    def workflow_name(self) -> str: ...

    @property
    def workflow_arn(self) -> str: ...

    def grant_start_run(self, grantee: iam.IGrantable) -> iam.Grant: ...

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant: ...


class PipelineBase(Resource):
    """What owned and imported pipelines share: the workflow's ARN, the grants on it, and
    the imports."""

    workflow_name: str

    @property
    def workflow_arn(self) -> str:
        """``arn:<partition>:glue:<region>:<account>:workflow/<name>`` in this stack's env."""
        return glue_arn(self, GlueArnResource.WORKFLOW, self.workflow_name)

    def grant_start_run(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to start runs of this pipeline's workflow (glue:StartWorkflowRun)."""
        return grant(grantee, WORKFLOW_START_RUN_ACTIONS, [self.workflow_arn])

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Allow ``grantee`` to read this pipeline's workflow, its runs and their run
        properties."""
        return grant(grantee, WORKFLOW_READ_ACTIONS, [self.workflow_arn])

    # ---- imports ---------------------------------------------------------------------

    @classmethod
    def from_pipeline_attributes(
        cls, scope: Construct, id: str, *, workflow_name: str, workflow_arn: str | None = None
    ) -> IPipeline:
        """A pipeline whose workflow exists already (made elsewhere, by hand or in another
        app). It can be granted on; it takes no new triggers (see ``add_trigger``).

        :param workflow_name: the workflow's name.
        :param workflow_arn: its ARN, for a workflow in another account or region.
            Default: built from ``workflow_name`` in this stack's account and region.
        """
        require_types(
            child_path(scope, id),
            {"workflow_name": (workflow_name, str), "workflow_arn": (workflow_arn, (str, None))},
        )
        return _ImportedPipeline(scope, id, workflow_name=workflow_name, workflow_arn=workflow_arn)

    @classmethod
    def from_workflow_name(cls, scope: Construct, id: str, workflow_name: str) -> IPipeline:
        """A pipeline whose workflow exists already, by name."""
        return cls.from_pipeline_attributes(scope, id, workflow_name=workflow_name)

    @classmethod
    def from_workflow_arn(cls, scope: Construct, id: str, workflow_arn: str) -> IPipeline:
        """A pipeline whose workflow exists already, by ARN (``arn:...:glue:...:workflow/NAME``)."""
        workflow_name = glue_arn_name(scope, id, workflow_arn, GlueArnResource.WORKFLOW)
        return cls.from_pipeline_attributes(
            scope, id, workflow_name=workflow_name, workflow_arn=workflow_arn
        )


class _ImportedPipeline(PipelineBase):
    """A pipeline made elsewhere; see :meth:`PipelineBase.from_pipeline_attributes`."""

    def __init__(
        self, scope: Construct, id: str, *, workflow_name: str, workflow_arn: str | None
    ) -> None:
        super().__init__(scope, id)
        self.workflow_name = workflow_name
        self._workflow_arn = workflow_arn

    @property
    def workflow_arn(self) -> str:
        # An ARN given on import keeps its own account and region.
        return self._workflow_arn if self._workflow_arn is not None else super().workflow_arn

    def add_trigger(self, id: str, *args: object, **kwargs: object) -> NoReturn:
        """Refused: an imported pipeline takes no new triggers.

        Glue would accept one (an ``AWS::Glue::Trigger`` names its workflow by name), but
        the workflow's own triggers are out of sight here, so none of the checks a
        :class:`~glueforge.Pipeline` makes (one start trigger, no cycles, conditions only
        on steps the pipeline runs) could be made.
        """
        shown = "" if is_unresolved(self.workflow_name) else f" {self.workflow_name!r}"
        raise GlueforgeValidationError(
            self,
            [
                f"cannot add trigger {id!r}: this pipeline imports workflow{shown}, whose "
                "triggers glueforge cannot see, so it could not check the new one (one start "
                "trigger, no cycles, conditions only on steps the pipeline runs); add the "
                "trigger where the pipeline is declared, or declare an aws_glue.CfnTrigger "
                "with workflow_name=pipeline.workflow_name yourself"
            ],
        )
