"""Monitoring for jobs and crawlers, in the style of aws-cdk-lib's Glue module.

- :mod:`~glueforge.monitoring.events`: the EventBridge events Glue sends for job runs and
  crawls, and the rules on them.
- :mod:`~glueforge.monitoring.metrics`: the ``Glue`` namespace's job metrics and the
  ``AWS/Events`` ``TriggeredRules`` metric of a rule.
- :mod:`~glueforge.monitoring.jobs`: ``JobMonitoring``, the ``on_*``/``metric_*`` methods
  every job gets through :class:`~glueforge.jobs.base.JobBase`;
  :mod:`~glueforge.monitoring.crawlers`: the same for crawlers.
- :mod:`~glueforge.monitoring.alarms`: ``JobAlarms``/``CrawlerAlarms`` props and
  ``add_job_alarms``/``add_crawler_alarms``, which every job and crawler construct calls.
- :mod:`~glueforge.monitoring.topic`: the stack's KMS-encrypted alarm topic.

Imports only :mod:`glueforge.core`, :mod:`glueforge.iam` and :mod:`glueforge.security`.
Nothing is imported here, so importing one module loads only it.
"""
