"""GitHub guards main: every push and pull request runs the README's test command, and the Pages
deployment depends on that run of the same commit."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))   # YAML 1.1 reads `on:` as True
    return workflow


def needs(job: dict) -> set[str]:
    value = job.get("needs", [])
    return {value} if isinstance(value, str) else set(value)


def upstream(jobs: dict, name: str) -> set[str]:
    """Every job a job waits for, directly or through others."""
    seen: set[str] = set()
    todo = list(needs(jobs[name]))
    while todo:
        job = todo.pop()
        if job not in seen:
            seen.add(job)
            todo.extend(needs(jobs[job]))
    return seen


def test_every_push_and_pull_request_runs_the_readme_test_command() -> None:
    workflow = load("ci.yml")
    assert {"push", "pull_request"} <= set(workflow["on"]), workflow["on"]
    push = workflow["on"]["push"] or {}
    assert "branches" not in push and "paths" not in push, f"push is filtered: {push}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert any(run.startswith("./dev test") for run in runs), runs
    assert "./dev test" in readme and "./dev test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_pages_deploy_only_after_the_tests_passed() -> None:
    jobs = load("ci.yml")["jobs"]
    deploying = [name for name, job in jobs.items()
                 if any("deploy-pages" in step.get("uses", "") for step in job.get("steps", []))]
    assert deploying, "no job deploys to Pages"
    for name in deploying:
        assert "test" in upstream(jobs, name), f"{name} does not wait for the tests"
        chain = [name, *upstream(jobs, name)]
        assert not any("always()" in str(jobs[job].get("if", "")) for job in chain), \
            f"{name} may run after a red test"
    assert sorted(p.name for p in WORKFLOWS.glob("*.y*ml")) == ["ci.yml"], "a second workflow could deploy"


def test_pages_deploy_only_a_strict_build() -> None:
    build_steps = load("ci.yml")["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in build_steps]
    uploads = [i for i, step in enumerate(build_steps)
               if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    builds = [i for i, run in enumerate(commands) if run.strip() == "./dev build"]
    assert builds and uploads and builds[0] < uploads[0], commands   # a failing step stops the job here
    assert not any(step.get("continue-on-error") for step in build_steps[: uploads[0] + 1])
    assert "mkdocs build --strict" in (ROOT / "dev").read_text(encoding="utf-8").split("build)")[1].split(";;")[0]
