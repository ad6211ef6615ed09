"""Moved: the study's three tests now live in xihu.apps.insights (per edition and per unit, with
their evidence, a PDF, the API and the open-data export). The old names stay for the results
page until it redirects to insights:evaluation."""

from xihu.apps.insights.evaluation.report import TestReport, evaluation_report


def evaluation(edition) -> list[TestReport]:
    return evaluation_report(edition).tests


def allocation_power(edition) -> TestReport:
    return evaluation_report(edition).tests[2]
