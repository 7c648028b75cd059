"""The workflows' own steps run for real: the merge of "PR comment" in real git repositories (bash,
as the runner runs it), and the github-script steps in node against an in-memory repository (the
GitHub API cannot be reached from a test; what is tested is the workflows' decisions: which pull
request, which base, which status, whether to post)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from test_review import commit, git, git_env
from test_workflows import comment_steps, load, step


def merge_step_result(tmp_path: Path, source: Path, base: str, head: str) -> dict[str, str]:
    """The "PR comment" step that fetches and merges, run as the runner runs it (bash -e), with
    the repository at ``source`` as GitHub."""
    script = tmp_path / "merge.sh"
    script.write_text(step(comment_steps(), id="merge")["run"], encoding="utf-8")
    work = tmp_path / "runner"
    work.mkdir()
    output = tmp_path / "output"
    output.touch()
    env = {**git_env(), "BASE_SHA": base, "HEAD_SHA": head, "URL": str(source), "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "-e", str(script)], cwd=work, env=env, check=True, capture_output=True, text=True)
    assert sorted(p.name for p in (work / "pr-data").iterdir()) == [".git"]  # nothing was checked out
    return dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())


@pytest.fixture
def stale_branch(tmp_path):
    """main gets a new revision after the branch ``pr`` left it; ``pr`` edits another file."""
    repo = tmp_path / "origin"
    (repo / "docs/ja/sample").mkdir(parents=True)
    (repo / "docs/ja/sample/2020-01-01.md").write_text("当社は、個人情報を適正に管理します。\n", encoding="utf-8")
    (repo / "glossary.yml").write_text("terms: []\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Published")
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / "glossary.yml").write_text("terms: [個人情報]\n", encoding="utf-8")
    commit(repo, "Glossary")
    git(repo, "checkout", "-q", "main")
    (repo / "docs/ja/sample/2026-07-01.md").write_text("当社は、個人情報を適正に保存します。\n", encoding="utf-8")
    commit(repo, "New revision")
    return repo


def test_the_merge_step_merges_the_head_into_the_base_tip_as_git_merges(tmp_path, stale_branch):
    repo = stale_branch
    base, head = git(repo, "rev-parse", "main").strip(), git(repo, "rev-parse", "pr").strip()
    out = merge_step_result(tmp_path, repo, base, head)
    data = tmp_path / "runner" / "pr-data"
    assert git(data, "rev-parse", f"{out['merge-sha']}^1", f"{out['merge-sha']}^2").split() == [base, head]
    git(repo, "checkout", "-q", "-b", "merged", "main")
    git(repo, "merge", "-q", "--no-edit", "pr")
    assert out["tree"] == git(repo, "rev-parse", "HEAD^{tree}").strip()  # the tree GitHub's merge builds
    # What the review compares: the tip against the merge shows the pull request's change and keeps
    # the newer revision; the merge base against the head would not know that revision exists.
    assert git(data, "diff", "--name-status", base, out["merge-sha"]).split() == ["M", "glossary.yml"]
    assert "docs/ja/sample/2026-07-01.md" in git(data, "ls-tree", "-r", "--name-only", out["merge-sha"])


def test_the_merge_step_reports_a_conflict_instead_of_a_merge(tmp_path, stale_branch):
    repo = stale_branch
    git(repo, "checkout", "-q", "pr")
    (repo / "docs/ja/sample/2026-07-01.md").write_text("当社は、個人情報を自由に扱います。\n", encoding="utf-8")
    commit(repo, "The same revision, other wording")
    base, head = git(repo, "rev-parse", "main").strip(), git(repo, "rev-parse", "pr").strip()
    assert merge_step_result(tmp_path, repo, base, head) == {"conflict": "true"}
    review = step(comment_steps(), id="review")
    assert review["env"]["CONFLICT"] == "${{ steps.merge.outputs.conflict }}"
    assert "does not merge cleanly into the tip" in review["run"] and 'echo "status=2"' in review["run"]


# --- The github-script steps, run by node against an in-memory repository --------------------------

HEAD, OLD_TIP, TIP = "a" * 40, "b" * 40, "c" * 40
TREE = "d" * 40


def run_script(tmp_path: Path, script: str, *, env: dict | None = None, context: dict, state: dict) -> dict:
    """What ``script`` decided: its outputs, failure, statuses set, comments created or updated."""
    node = shutil.which("node")
    assert node, "node is missing (scripts/test.sh needs it for npm ci)"
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"script": script, "env": env or {}, "context": context, "state": state}),
                       encoding="utf-8")
    result = subprocess.run([node, str(ROOT / "tests" / "run_github_script.mjs"), str(request)], cwd=tmp_path,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def pull(number: int, base: str, *, head: str = HEAD, state: str = "open") -> dict:
    return {"number": number, "state": state, "head": {"sha": head, "ref": "feature", "owner": "owner"},
            "base": {"ref": base}}


def run_event(**changes) -> dict:
    run = {"id": 7, "event": "pull_request", "conclusion": "success", "head_sha": HEAD, "head_branch": "feature",
           "head_repository": {"owner": {"login": "owner"}},
           "pull_requests": [{"number": 1, "head": {"sha": HEAD}}, {"number": 2, "head": {"sha": HEAD}}]}
    return {"repo": {"owner": "owner", "repo": "policies"}, "serverUrl": "https://github.com", "runId": 99,
            "payload": {"workflow_run": {**run, **changes}}}


def repository(**changes) -> dict:
    """Two open pull requests at one head, into main and into release; the run built #2's merge."""
    return {"pulls": [pull(1, "main"), pull(2, "release")], "branches": {"main": TIP, "release": OLD_TIP},
            "jobs": {"7": [{"name": "Build and test", "conclusion": "success"}]},
            "artifacts": {"7": [{"name": f"head-site-2-{TREE}"}]}, **changes}


def find_script() -> str:
    return step(comment_steps(), id="pr")["with"]["script"]


def post_script() -> str:
    return comment_steps()[-1]["with"]["script"]


def test_a_second_pull_request_at_the_same_head_gets_its_own_base_and_status(tmp_path):
    found = run_script(tmp_path, find_script(), context=run_event(), state=repository())
    assert found["failed"] is None
    assert found["outputs"] == {"number": "2", "base-ref": "release", "base-sha": OLD_TIP, "head-sha": HEAD,
                                "built-tree": TREE, "status-context": "Wording review (release)"}
    (status,) = found["statuses"]
    assert (status["sha"], status["state"], status["context"]) == (HEAD, "pending", "Wording review (release)")


def test_the_base_is_the_branch_tip_now_not_the_base_the_event_reported(tmp_path):
    event = run_event(pull_requests=[{"number": 1, "head": {"sha": HEAD}, "base": {"ref": "main", "sha": OLD_TIP}}])
    found = run_script(tmp_path, find_script(), context=event, state=repository(artifacts={}))
    assert found["outputs"]["base-sha"] == TIP and found["outputs"]["built-tree"] == ""


def test_two_pull_requests_at_one_head_and_no_site_to_tell_them_apart_set_nothing(tmp_path):
    found = run_script(tmp_path, find_script(), context=run_event(), state=repository(artifacts={}))
    assert found["failed"] == "cannot tell which pull request run 7 checked (2 candidates)"
    assert found["statuses"] == [] and found["outputs"] == {}


def test_a_run_whose_check_was_skipped_or_whose_head_moved_is_not_reviewed(tmp_path):
    skipped = repository(jobs={"7": [{"name": "Build and test", "conclusion": "skipped"}]})
    moved = repository(pulls=[pull(1, "main", head="e" * 40), pull(2, "release", head="e" * 40)])
    for state in (skipped, moved):
        found = run_script(tmp_path, find_script(), context=run_event(), state=state)
        assert found["outputs"] == {} and found["statuses"] == [] and found["failed"] is None


def post_env(status: str) -> dict:
    return {"NUMBER": "1", "BASE_REF": "main", "BASE_SHA": TIP, "HEAD_SHA": HEAD,
            "STATUS_CONTEXT": "Wording review (main)", "STATUS": status}


def test_the_status_is_set_on_the_head_under_its_base_and_the_comment_kept_sticky(tmp_path):
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "review.md").write_text("## Wording review\n\nNo wording changes. @someone #12\n",
                                                   encoding="utf-8")
    first = run_script(tmp_path, post_script(), env=post_env("0"), context=run_event(), state=repository())
    (status,) = first["statuses"]
    assert (status["sha"], status["state"], status["context"]) == (HEAD, "success", "Wording review (main)")
    (comment,) = first["created"]
    assert comment["issue_number"] == 1 and comment["body"].startswith("<!-- policy-wording-review -->\n✅ ")
    assert "@\u200dsomeone #\u200d12" in comment["body"]
    mine = {"id": 5, "user": {"login": "github-actions[bot]"}, "body": comment["body"]}
    theirs = {"id": 6, "user": {"login": "someone"}, "body": comment["body"]}
    again = run_script(tmp_path, post_script(), env=post_env("1"), context=run_event(),
                       state=repository(comments={"1": [theirs, mine]}))
    assert [c["comment_id"] for c in again["updated"]] == [5] and again["created"] == []
    assert again["statuses"][0]["state"] == "failure"


def test_site_code_changed_is_not_success_and_says_a_code_owner_must_approve(tmp_path):
    """Exit 3 of the review (site code changed, or a correction of wording in effect)."""
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "review.md").write_text("## Wording review\n\nsite code changed\n", encoding="utf-8")
    posted = run_script(tmp_path, post_script(), env=post_env("3"), context=run_event(), state=repository())
    (status,) = posted["statuses"]
    assert status["state"] == "failure" and "code owner must approve" in status["description"]


def test_a_base_that_moved_during_the_review_leaves_the_status_pending(tmp_path):
    moved = repository(branches={"main": "f" * 40, "release": OLD_TIP})
    posted = run_script(tmp_path, post_script(), env=post_env("0"), context=run_event(), state=moved)
    (status,) = posted["statuses"]
    assert status["state"] == "pending" and status["description"] == "main moved during the review: update the branch"
    assert posted["created"][0]["body"].startswith("<!-- policy-wording-review -->\n⏳ ")


def test_nothing_is_posted_when_the_pull_request_changed_during_the_review(tmp_path):
    for changed in (pull(1, "main", head="e" * 40), pull(1, "release"), pull(1, "main", state="closed")):
        posted = run_script(tmp_path, post_script(), env=post_env("0"), context=run_event(),
                            state=repository(pulls=[changed]))
        assert posted["statuses"] == [] and posted["created"] == [] and posted["updated"] == []


def test_a_push_to_main_sets_pending_where_the_head_does_not_contain_the_new_tip(tmp_path):
    (script,) = [s["with"]["script"] for s in load("pr-comment.yml")["jobs"]["base-moved"]["steps"]]
    behind, ahead, other = pull(1, "main", head="1" * 40), pull(2, "main", head="2" * 40), pull(3, "release")
    context = {"repo": {"owner": "owner", "repo": "policies"}, "serverUrl": "https://github.com", "runId": 99,
               "ref": "refs/heads/main", "sha": TIP, "payload": {}}
    state = {"pulls": [behind, ahead, other],
             "compare": {f"{TIP}...{'1' * 40}": "diverged", f"{TIP}...{'2' * 40}": "ahead"}}
    marked = run_script(tmp_path, script, context=context, state=state)
    assert [(s["sha"], s["state"], s["context"]) for s in marked["statuses"]] == [
        ("1" * 40, "pending", "Wording review (main)")]
    assert marked["statuses"][0]["description"] == f"main moved to {TIP[:12]}: update the branch to review it again"
