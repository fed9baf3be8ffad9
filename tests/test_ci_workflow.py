"""The example deploy pipeline (.github/workflows/publish.yml) is a workflow that can run."""

import re
import shlex
import subprocess

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/publish.yml"
# make's options that take the next word as their value.
OPTIONS_WITH_VALUE = {"-C", "-f", "-I", "-j", "-l", "-o", "-W"}


def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps():
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def makefile_targets():
    """The targets the Makefile defines (a rule line, not a variable assignment)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {name for names in re.findall(r"^([\w. -]+):(?!=)", text, re.MULTILINE) for name in names.split()}


def targets_in(script):
    """The targets of each `make [options] [VAR=value] TARGET...` command of a shell script."""
    found = []
    for line in script.replace("\\\n", " ").splitlines():
        for command in re.split(r"&&|\|\||[;|]", line):
            if command.split()[:1] != ["make"]:
                continue
            words = shlex.split(command, comments=True)
            skip = False
            for word in words[1:]:
                if skip:
                    skip = False
                elif word in OPTIONS_WITH_VALUE:
                    skip = True
                elif not word.startswith("-") and "=" not in word:
                    found.append(word)
    return found


def make_targets():
    """Each target a step runs with make."""
    return [target for step in steps() for target in targets_in(step.get("run", ""))]


def test_the_workflow_has_the_shape_github_actions_reads():
    data = workflow()
    # YAML 1.1 reads the key `on` as True.
    triggers = data.get("on", data.get(True))
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert data["jobs"], "no job"
    for name, job in data["jobs"].items():
        assert isinstance(job["runs-on"], str), name
        assert job["steps"], name
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", step["uses"]), step["uses"]
    assert {need for job in data["jobs"].values() for need in [job.get("needs")] if need} <= set(data["jobs"])


def test_every_make_target_the_workflow_calls_exists():
    called = make_targets()
    assert {"lint", "test", "publish"} <= set(called), called
    missing = sorted(set(called) - makefile_targets())
    assert missing == [], missing
    for target in called:
        dry_run = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert dry_run.returncode == 0, dry_run.stderr


def test_publish_takes_its_settings_from_the_pipeline_and_output_is_uploaded():
    publish = next(step for step in steps() if "make publish" in step.get("run", ""))
    assert publish["env"]["SITEURL"].startswith("${{ vars.")
    assert re.fullmatch(r"\$\{\{ (vars|secrets)\.COMMENTS_ENDPOINT \}\}", publish["env"]["COMMENTS_ENDPOINT"])
    upload = next(step for step in steps() if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "output"
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    # Only changed files go up: by content hash, never by size alone.
    scripts = " ".join(step.get("run", "") for step in deploy["steps"])
    assert "--compare-hash=MD5" in scripts and "md5sum" in scripts and "--size-only" not in scripts


def test_the_target_pattern_reads_make_commands_as_written():
    """The reader of `make` commands above, checked on the forms a script uses."""
    script = "make test\ncd x && make -C y OUTPUTDIR=out publish  # then\nrm -rf output; make   lint html\necho make"
    assert targets_in(script) == ["test", "publish", "lint", "html"]
