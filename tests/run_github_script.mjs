// Runs the `script:` of an actions/github-script step the way the action does (an async function of
// require, github, context and core), against an in-memory repository that answers the REST calls
// the workflows make. The GitHub API cannot be reached from a test; what is tested is the
// workflows' own decisions (which pull request, which base, which status), from the state given.
//
//   node tests/run_github_script.mjs INPUT.json  ->  stdout: {"outputs", "failed", "statuses", "comments", ...}
//
// INPUT: {"script", "env", "context", "state": {"pulls", "branches", "jobs", "artifacts", "comments",
// "compare"}}; see tests/test_workflows.py.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const state = { pulls: [], branches: {}, jobs: {}, artifacts: {}, comments: {}, compare: {}, ...input.state };
const record = { outputs: {}, failed: null, notices: [], warnings: [], statuses: [], created: [], updated: [] };

function notFound(what) {
  const error = new Error(`Not Found: ${what}`);
  error.status = 404;
  throw error;
}

const rest = {
  actions: {
    listJobsForWorkflowRun: async ({ run_id }) => ({ data: { jobs: state.jobs[run_id] || [] } }),
    listWorkflowRunArtifacts: async ({ run_id }) => ({ data: { artifacts: state.artifacts[run_id] || [] } }),
  },
  pulls: {
    list: async ({ state: wanted, head, base }) => ({
      data: state.pulls.filter(p => (!wanted || wanted === "all" || p.state === wanted)
        && (!head || `${p.head.owner}:${p.head.ref}` === head) && (!base || p.base.ref === base)),
    }),
    get: async ({ pull_number }) => ({ data: state.pulls.find(p => p.number === pull_number) || notFound(`#${pull_number}`) }),
  },
  repos: {
    getBranch: async ({ branch }) => (branch in state.branches
      ? { data: { name: branch, commit: { sha: state.branches[branch] } } } : notFound(branch)),
    createCommitStatus: async params => { record.statuses.push(params); return { data: {} }; },
    compareCommitsWithBasehead: async ({ basehead }) => (basehead in state.compare
      ? { data: { status: state.compare[basehead] } } : notFound(basehead)),
  },
  issues: {
    listComments: async ({ issue_number }) => ({ data: state.comments[issue_number] || [] }),
    createComment: async params => { record.created.push(params); return { data: {} }; },
    updateComment: async params => { record.updated.push(params); return { data: {} }; },
  },
};

const github = {
  rest,
  // Octokit's paginate: the items of every page (one page here), whatever key holds them.
  paginate: async (method, params) => {
    const { data } = await method(params);
    return Array.isArray(data) ? data : Object.values(data).find(Array.isArray);
  },
};

const core = {
  setOutput: (name, value) => { record.outputs[name] = String(value); },
  setFailed: message => { record.failed = String(message); },
  notice: message => record.notices.push(String(message)),
  warning: message => record.warnings.push(String(message)),
  info: () => {},
};

Object.assign(process.env, input.env || {});
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const run = new AsyncFunction("require", "github", "context", "core", input.script);
try {
  await run(createRequire(import.meta.url), github, input.context, core);
} catch (error) {
  record.failed = `uncaught: ${error.message}`;  // github-script fails the step on an uncaught error
}
process.stdout.write(JSON.stringify(record));
