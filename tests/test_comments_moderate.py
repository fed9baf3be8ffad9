"""The moderator's command under attack: queued files and command-line ids come
from outside, so neither may reach past the queue or content/comments/."""

import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from comments import comment_yaml, moderate
from conftest import ROOT
from endpoint_helpers import KEY, Endpoint, form

HEX = "3f9c2a71d04b5e18"
OTHER = "0123456789abcdef"


@pytest.fixture
def dirs(tmp_path):
    queue, content = tmp_path / "queue", tmp_path / "content"
    queue.mkdir()
    (content / "comments").mkdir(parents=True)
    return queue, content


def queue_file(queue, comment_id=HEX, **fields):
    comment = {"id": comment_id, "key": KEY, "name": "Ana", "date": "2021-03-04T21:30:00+00:00",
               "lang": "fr", "message": "Bonjour", **fields}
    path = queue / f"{comment_id}.yml"
    path.write_text(yaml.safe_dump(comment, allow_unicode=True), encoding="utf-8")
    return path


def run(*argv, queue, content):
    out = io.StringIO()
    moderate.main(["--queue", str(queue), "--content", str(content), *argv], out=out)
    return out.getvalue()


@pytest.mark.parametrize("action", ["approve", "reject", "show"])
@pytest.mark.parametrize("bad_id", ["../x", "../queue/" + HEX, HEX + "\n", HEX.upper(), "/etc/passwd", ""])
def test_ids_outside_the_queue_are_refused_and_touch_nothing(dirs, tmp_path, action, bad_id):
    queue, content = dirs
    outside = tmp_path / "x.yml"
    outside.write_text("id: x\n", encoding="utf-8")
    queue_file(queue)
    with pytest.raises(SystemExit) as refused:
        run(action, bad_id, queue=queue, content=content)
    assert refused.value.code != 0
    assert outside.exists() and (queue / f"{HEX}.yml").exists()
    assert list((content / "comments").iterdir()) == []


@pytest.mark.parametrize("key", ["../../evil", "../comments-x", "a/b", "a-post\n", "/tmp/x"])
def test_a_queued_key_cannot_write_outside_content_comments(dirs, tmp_path, key):
    queue, content = dirs
    queue_file(queue, key=key)
    with pytest.raises(SystemExit) as refused:
        run("approve", HEX, queue=queue, content=content)
    assert "'key'" in str(refused.value.code) and f"{HEX}.yml" in str(refused.value.code)
    written = [p for p in tmp_path.rglob("*.yml") if p.parent != queue]
    assert written == []


def test_a_queued_file_whose_id_differs_from_its_name_is_refused(dirs):
    queue, content = dirs
    path = queue_file(queue)
    path.write_text(path.read_text(encoding="utf-8").replace(HEX, "../../../../tmp/x"), encoding="utf-8")
    with pytest.raises(SystemExit, match="'id'"):
        run("approve", HEX, queue=queue, content=content)


def test_a_symbolic_link_out_of_the_comments_folder_is_refused(dirs, tmp_path):
    queue, content = dirs
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (content / "comments" / KEY).symlink_to(elsewhere)
    queue_file(queue)
    with pytest.raises(SystemExit, match="outside"):
        run("approve", HEX, queue=queue, content=content)
    assert list(elsewhere.iterdir()) == []


def test_approve_writes_the_whole_file_before_it_appears(dirs, monkeypatch):
    queue, content = dirs
    queue_file(queue)
    target = content / "comments" / KEY / f"{HEX}.yml"
    renames = []
    real_replace = os.replace

    def watching_replace(source, destination):
        # At the moment of the rename the target does not exist yet and the
        # temporary file, in the same folder, already holds everything.
        renames.append((os.path.dirname(source), os.path.exists(destination), Path(source).read_text(encoding="utf-8")))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", watching_replace)
    run("approve", HEX, queue=queue, content=content)
    assert renames == [(str(target.parent), False, target.read_text(encoding="utf-8"))]
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    assert target.stat().st_mode & 0o777 == 0o644  # readable by the build, unlike the queue
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["message"] == "Bonjour"
    assert not (queue / f"{HEX}.yml").exists()


MESSAGE = "Ligne\x85suivante\u2028encore\u2029fin\r\nCRLF\ttab \x1b[2J \u202eevil\u202c ✓ 🎉\n\nParagraphe"


def test_approve_keeps_the_message_byte_for_byte_from_the_form_to_content(tmp_path):
    endpoint = Endpoint(tmp_path)
    try:
        assert endpoint.post(form(**{"fields[message]": MESSAGE, "fields[name]": "Zo\u0085ë"}))[0] == 303
    finally:
        endpoint.stop()
    [path] = endpoint.queued()
    target = moderate.approve(endpoint.queue, endpoint.config.content, path.stem)
    approved = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert approved["message"].encode() == MESSAGE.encode()
    assert approved["name"] == "Zo\u0085ë"


def test_list_shows_control_characters_as_escapes(dirs):
    queue, content = dirs
    queue_file(queue, name="Mal\rlory", message="\x1b[2J\x1b[Hclean\x08\x08\u202eevil\x85end\\x1b")
    shown = run("list", queue=queue, content=content)
    assert "\x1b" not in shown and "\r" not in shown and "\u202e" not in shown and "\x85" not in shown
    assert "Mal\\x0dlory" in shown
    assert "\\x1b[2J\\x1b[Hclean\\x08\\x08\\u202eevil\\x85end\\\\x1b" in shown
    assert shown.count("\n") == 2  # one line per comment, then the count


def test_show_prints_one_comment_in_full_with_escapes_and_real_line_breaks(dirs):
    queue, content = dirs
    long = "Premier paragraphe. " * 10 + "\n\nSecond\x1b[31m paragraphe."
    queue_file(queue, message=long)
    shown = run("show", HEX, queue=queue, content=content)
    assert "Premier paragraphe. " * 10 + "\n\nSecond\\x1b[31m paragraphe.\n" in shown
    assert f"id: {HEX}\n" in shown and f"key: {KEY}\n" in shown


def test_list_flags_personal_information(dirs):
    queue, content = dirs
    queue_file(queue, message="Call me at 613-555-0199 or ana@example.ca, K1A 0B1, SIN 046 454 286")
    queue_file(queue, OTHER, message="Nothing personal in 2021, page 613.")
    lines = run("list", queue=queue, content=content).splitlines()
    assert "[PERSONAL INFORMATION? e-mail address, phone number, postal code, social insurance number]" in lines[1]
    assert "PERSONAL" not in lines[0]


def test_a_reply_waits_for_its_parent(dirs):
    queue, content = dirs
    queue_file(queue, HEX)
    queue_file(queue, OTHER, parent=HEX)
    assert "NOT YET APPROVED" in run("list", queue=queue, content=content)
    with pytest.raises(SystemExit, match=f"{OTHER} replies to {HEX}, which is still in the queue: approve it first"):
        run("approve", OTHER, queue=queue, content=content)
    run("approve", HEX, queue=queue, content=content)
    run("approve", OTHER, queue=queue, content=content)
    reply = yaml.safe_load((content / "comments" / KEY / f"{OTHER}.yml").read_text(encoding="utf-8"))
    assert reply["parent"] == HEX


def test_a_reply_to_a_comment_that_is_nowhere_is_refused(dirs):
    queue, content = dirs
    queue_file(queue, OTHER, parent=HEX)
    with pytest.raises(SystemExit, match=f"not an approved comment on {KEY}, or reject {OTHER}"):
        run("approve", OTHER, queue=queue, content=content)


def test_reject_deletes_only_that_comment(dirs):
    queue, content = dirs
    queue_file(queue, HEX)
    queue_file(queue, OTHER)
    assert run("reject", HEX, queue=queue, content=content) == f"rejected and deleted: {HEX}\n"
    assert [p.stem for p in queue.iterdir()] == [OTHER]


def test_the_command_refuses_a_path_with_one_line_and_no_traceback(dirs):
    queue, content = dirs
    result = subprocess.run(
        [sys.executable, "-m", "comments.moderate", "--queue", str(queue), "--content", str(content), "approve", "../x"],
        cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert result.stderr == "moderate: '../x' is not a comment id: 16 hexadecimal digits, as 'list' shows them\n"


def every_control_and_space_character():
    chars = [chr(i) for i in range(0x30000) if unicodedata.category(chr(i)) in ("Cc", "Cf", "Zl", "Zp", "Zs")]
    assert len(chars) > 140  # 65 controls, 60-odd format characters, the separators and spaces
    return chars


def test_every_control_separator_and_space_reads_back_unchanged_wherever_it_is():
    for ch in every_control_and_space_character():
        for message in (f"a{ch}b\nc", f"{ch}x\n{ch}", f"line\n{ch}\n", ch):
            comment = {"id": HEX, "message": message}
            assert comment_yaml.load(comment_yaml.dump(comment)) == comment, f"U+{ord(ch):04X} in {message!r}"


def test_a_queued_symbolic_link_to_a_file_elsewhere_is_neither_read_nor_deleted(dirs, tmp_path):
    queue, content = dirs
    precious = tmp_path / "precious.yml"
    precious.write_text("id: x\n", encoding="utf-8")
    (queue / f"{HEX}.yml").symlink_to(precious)
    for action in ("show", "reject", "approve"):
        with pytest.raises(SystemExit, match="outside"):
            run(action, HEX, queue=queue, content=content)
    assert "outside" in run("list", queue=queue, content=content).splitlines()[0]
    assert precious.read_text(encoding="utf-8") == "id: x\n"
