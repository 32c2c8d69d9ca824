"""Findings: the one registry of checks (`CHECKS`), running them (`run_checks`), and rewriting the
derived graphs after a build (`refresh`)."""

from kg.checks.model import Finding
from kg.checks.refresh import RefreshReport, refresh
from kg.checks.registry import CHECKS, KINDS, Check, Severity
from kg.checks.run import UnknownCheck, run_checks, summary

__all__ = ["CHECKS", "KINDS", "Check", "Finding", "RefreshReport", "Severity", "UnknownCheck", "refresh", "run_checks",
           "summary"]
