"""RunAfterGlueJob: start a DataBrew job each time a Glue job succeeds.

Glue workflows cannot hold DataBrew jobs, and EventBridge has no DataBrew target. So an
EventBridge rule on the Glue job's "Glue Job State Change" event starts a one-step Step
Functions state machine, whose ``databrew:startJobRun.sync`` integration starts the
DataBrew job and waits for it to finish. Why Step Functions rather than a Lambda function
or an API-destination: no code to own, the run's outcome (SUCCEEDED/FAILED/TIMEOUT)
becomes the execution's, each execution is kept with its history, and later steps can be
added to the same machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from glueforge.core.errors import raise_if_problems, require_types
from glueforge.core.vocabulary import JOB_END_STATES, JobState
from glueforge.databrew.job_base import IDataBrewJob
from glueforge.iam.principals import EVENTS_SERVICE
from glueforge.iam.suppressions import acknowledge_resource_wildcards
from glueforge.security.logs import VENDED_LOGS_PREFIX, EncryptedLogGroup

# Time for the state machine beyond the DataBrew job's own timeout: queueing and start.
STATE_MACHINE_MARGIN = Duration.minutes(15)
STATE_MACHINE_LOGS_PREFIX = f"{VENDED_LOGS_PREFIX}states/"


class RunAfterGlueJob(Construct):
    """Starts ``databrew_job`` whenever ``glue_job`` ends in one of ``states``.

    Creates the EventBridge rule, its role (``states:StartExecution`` on exactly this
    state machine), the state machine (X-Ray tracing, every event logged, without the
    execution data) and its log group (KMS-encrypted with the stack's glueforge key).

    :param glue_job: a glueforge ``EtlJob`` (or anything with a ``job_name``).
    :param databrew_job: the ``RecipeJob`` or ``ProfileJob`` to run, or a job imported
        with its timeout (``RecipeJob.from_job_attributes(..., timeout=...)``), which
        sizes the state machine's.
    :param states: the Glue job states that start it (``JobState`` members or their
        strings), among the states that end a run. Default: ``(JobState.SUCCEEDED,)``.
    :param log_retention: how long the state machine's log is kept. Default: one year.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        glue_job: object,
        databrew_job: IDataBrewJob,
        states: Sequence[str | JobState] = (JobState.SUCCEEDED,),
        log_retention: logs.RetentionDays = logs.RetentionDays.ONE_YEAR,
    ) -> None:
        super().__init__(scope, id)
        require_types(self, {"databrew_job": (databrew_job, IDataBrewJob)})
        glue_job_name = getattr(glue_job, "job_name", None)
        raise_if_problems(self, _problems(glue_job, glue_job_name, databrew_job, states))
        # Plain strings across jsii (a JobState compares equal to its string).
        state_names = [str(state) for state in states]
        # KMS-encrypted with the stack key; under /aws/vendedlogs/, as AWS advises for
        # Step Functions logs (one log-delivery resource policy entry for them all).
        self.log_group = EncryptedLogGroup(
            self, "Logs", name_prefix=STATE_MACHINE_LOGS_PREFIX, retention=log_retention
        )
        # _problems refused a job whose timeout is unknown.
        run_timeout = cast(Duration, databrew_job.timeout)
        self.state_machine = self._state_machine(databrew_job.job_name, run_timeout)
        self.events_role = iam.Role(
            self,
            "EventsRole",
            assumed_by=iam.ServicePrincipal(EVENTS_SERVICE),
            description=f"EventBridge starts state machine {self.node.path}",
        )
        self.rule = events.Rule(
            self,
            "Rule",
            description=f"Glue job {glue_job_name} {'/'.join(state_names)}: run DataBrew job "
            f"{databrew_job.job_name}",
            event_pattern=events.EventPattern(
                source=["aws.glue"],
                detail_type=["Glue Job State Change"],
                detail={"jobName": [glue_job_name], "state": state_names},
            ),
            # The target grants the role states:StartExecution on this state machine only.
            targets=[targets.SfnStateMachine(self.state_machine, role=self.events_role)],
        )

    def _state_machine(self, job_name: str, run_timeout: Duration) -> sfn.StateMachine:
        """One task that starts the DataBrew job and waits for its run to end."""
        start = tasks.GlueDataBrewStartJobRun(
            self,
            "StartDataBrewJob",
            name=job_name,
            integration_pattern=sfn.IntegrationPattern.RUN_JOB,
        )
        state_machine = sfn.StateMachine(
            self,
            "StateMachine",
            definition_body=sfn.DefinitionBody.from_chainable(start),
            timeout=run_timeout.plus(STATE_MACHINE_MARGIN),
            tracing_enabled=True,
            logs=sfn.LogOptions(
                destination=self.log_group, level=sfn.LogLevel.ALL, include_execution_data=False
            ),
        )
        # Step Functions' log delivery and X-Ray APIs take no resource ARNs: aws-cdk-lib
        # grants them on "*", the one wildcard here.
        acknowledge_resource_wildcards(
            state_machine.role,
            ["*"],
            "CloudWatch Logs log-delivery (logs:CreateLogDelivery and related) and X-Ray "
            "(xray:PutTraceSegments and related) actions support no resource-level "
            "permissions; the state machine's DataBrew access is on one job ARN",
        )
        return state_machine


def _problems(
    glue_job: object,
    glue_job_name: object,
    databrew_job: IDataBrewJob,
    states: Sequence[str | JobState],
) -> list[str]:
    valid = [state.value for state in JOB_END_STATES]
    problems = [
        f"state {s!r} is not a Glue job state; expected one of {valid}"
        for s in states
        if s not in JOB_END_STATES
    ]
    if not states:
        problems.append("states must name at least one Glue job state, e.g. ('SUCCEEDED',)")
    if not isinstance(glue_job_name, str):
        problems.append(
            f"glue_job must have a job_name (a glueforge EtlJob), got {type(glue_job).__name__}"
        )
    if databrew_job.timeout is None:
        problems.append(
            f"databrew_job {databrew_job.job_name!r} was imported without its timeout, which "
            f"sizes the state machine's (the job's plus {STATE_MACHINE_MARGIN.to_minutes():g} "
            "minutes); import it with RecipeJob.from_job_attributes(..., timeout=...)"
        )
    return problems
