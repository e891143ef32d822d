# entropo's in-container helper: R2E-Gym compatible file_editor, search and execute_bash (slow path).
# Shipped into every sandbox through a tar archive and run as `python r2e_tools.py TOOL ARGS...`, or kept running as
# `python r2e_tools.py --serve` (r2e_serve.py: one call after another, each as if in a fresh process).
# Written for entropo from the behaviour described in docs/agent.md (observation texts of R2E-Gym's tools).
# Python >= 3.6, standard library only (chardet is used when the image has it, as in R2E).
import argparse
import ast
import io
import json
import os
import pathlib
import subprocess
import sys
from collections import defaultdict

STATE_FILE = "/var/tmp/editor_state.json"
SNIPPET_LINES = 4
MAX_RESPONSE_LEN = 10000
TRUNCATED_MESSAGE = (
    "<response clipped><NOTE>To save on context only part of this file has been shown to you. You should retry this "
    "tool after you have searched inside the file with `grep -n` in order to find the line numbers of what you are "
    "looking for.</NOTE>"
)
LINT_ERROR_PREFIX = (
    "Your proposed edit has introduced new syntax error(s).\n"
    "Please read this error message carefully and then retry editing the file.\nERRORS:\n"
)
BLOCKED_BASH_COMMANDS = ["git", "ipython", "jupyter", "nohup"]


def install_utf8_stdout():
    if hasattr(sys.stdout, "buffer"):
        sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")


install_utf8_stdout()

try:
    import chardet  # type: ignore
except Exception:  # noqa: BLE001
    chardet = None


def emit(text):
    try:
        print(text)
    except UnicodeEncodeError:
        print(text.encode("utf-8", errors="replace").decode("utf-8", errors="replace"))


def clip(text):
    if len(text) <= MAX_RESPONSE_LEN:
        return text
    return text[:MAX_RESPONSE_LEN] + TRUNCATED_MESSAGE


class EditorError(Exception):
    pass


class Result(object):
    def __init__(self, output, error=""):
        self.output, self.error = output, error


def load_history():
    try:
        with open(STATE_FILE, "r", encoding="utf-8") as handle:
            return dict(json.load(handle))
    except FileNotFoundError:
        return {}
    except Exception as exc:  # noqa: BLE001
        emit("Warning: Could not load editor history from {}: {}".format(STATE_FILE, exc))
        return {}


def save_history(history):
    try:
        with open(STATE_FILE, "w", encoding="utf-8") as handle:
            json.dump(history, handle)
    except Exception as exc:  # noqa: BLE001
        emit("Warning: Could not write editor history to {}: {}".format(STATE_FILE, exc))


def read_raw_text(path):
    raw = open(path, "rb").read()
    encoding = None
    if chardet is not None:
        try:
            encoding = chardet.detect(raw)["encoding"]
        except Exception:  # noqa: BLE001
            encoding = None
    return raw.decode(encoding or "utf-8")


def read_text(path):
    # R2E reads with pathlib's read_text, i.e. universal newlines: "\r\n" and "\r" become "\n" (a multi-line
    # old_str matches a CRLF file, and no observation shows a "\r").
    return read_raw_text(path).replace("\r\n", "\n").replace("\r", "\n")


def newline_of(path):
    # The file's one line ending ("\r\n", "\r" or "\n"); "\n" for a file that mixes them or has none. R2E writes
    # every edited file with "\n"; entropo keeps a CRLF (or CR) file's line endings so its diff shows only the edit.
    try:
        text = read_raw_text(path)
    except Exception:  # noqa: BLE001
        return "\n"
    crlf = text.count("\r\n")
    lone_cr, lone_lf = text.count("\r") - crlf, text.count("\n") - crlf
    if crlf and not lone_cr and not lone_lf:
        return "\r\n"
    if lone_cr and not crlf and not lone_lf:
        return "\r"
    return "\n"


def numbered(content, descriptor, first_line=1):
    content = clip(content).expandtabs()
    rows = ["{:6}\t{}".format(index + first_line, line) for index, line in enumerate(content.split("\n"))]
    return "Here's the result of running `cat -n` on {}:\n".format(descriptor) + "\n".join(rows) + "\n"


def is_docstring(node):
    if not isinstance(node, ast.Expr):
        return False
    value = node.value
    if sys.version_info >= (3, 8):
        return isinstance(value, ast.Constant) and isinstance(value.value, str)
    return isinstance(value, getattr(ast, "Str", ()))


def subtree_max_line(node):
    best = getattr(node, "lineno", 0)
    for child in ast.iter_child_nodes(node):
        best = max(best, subtree_max_line(child))
    return best


def elided_lines(path):
    text = read_text(path)
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        raise EditorError("Syntax error for file {}: {}".format(path, exc))
    ranges = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            last = node.body[-1]
            start = node.body[0].lineno - 1
            if getattr(last, "end_lineno", None):
                end = last.end_lineno - 1
            else:
                doc = ast.get_docstring(node)
                if doc:
                    start -= doc.count("\n") + 1
                end = subtree_max_line(last) - 1
            if end - start >= 3:
                ranges.append((start, end))
        if isinstance(node, ast.ClassDef) and node.body and is_docstring(node.body[0]):
            first = node.body[0]
            if getattr(first, "end_lineno", None):
                doc_start, doc_end = first.lineno - 1, first.end_lineno - 1
            else:
                doc_start, doc_end = node.lineno, subtree_max_line(first) - 1
            if doc_end - doc_start >= 4:
                ranges.append((doc_start + 1, doc_end - 1))
    hidden = set(line for start, end in ranges for line in range(start, end + 1))
    notices = [(start, "... eliding lines {}-{} ...".format(start + 1, end + 1)) for start, end in ranges]
    kept = [(index, line) for index, line in enumerate(text.splitlines()) if index not in hidden]
    combined = notices + kept
    combined.sort(key=lambda item: item[0])
    return combined


class Editor(object):
    def __init__(self, history, lint):
        self.history = defaultdict(list, history)
        self.lint = lint

    def run(self, command, path, args):
        self.check_path(command, path)
        if command == "view":
            return self.view(path, args.view_range, args.concise)
        if command == "create":
            return self.create(path, args.file_text)
        if command == "str_replace":
            return self.str_replace(path, args.old_str, args.new_str)
        if command == "insert":
            return self.insert(path, args.insert_line, args.new_str)
        if command == "undo_edit":
            return self.undo(path)
        message = "Unrecognized command '{}'. Allowed commands: view, create, str_replace, insert, undo_edit."
        raise EditorError(message.format(command))

    @staticmethod
    def check_path(command, path):
        if command == "create":
            if os.path.exists(path):
                raise EditorError("File already exists at: {}. Cannot overwrite with 'create'.".format(path))
        elif not os.path.exists(path):
            raise EditorError("The path '{}' does not exist.".format(path))
        if os.path.isdir(path) and command != "view":
            raise EditorError("The path '{}' is a directory. Only 'view' can be used on directories.".format(path))

    def view(self, path, view_range, concise):
        if os.path.isdir(path):
            return self.view_directory(path)
        name = os.path.basename(path)
        if not name.endswith(".py") or name == ".py":
            message = "ERROR: Viewing non-Python files is disallowed for saving context. File '{}' is not a .py file."
            return Result("", message.format(name))
        if not view_range and not concise and len(read_text(path).splitlines()) > 110:
            concise = True
        if concise:
            rows = elided_lines(path)
        else:
            rows = list(enumerate(read_text(path).splitlines()))
        total = len(rows)
        if view_range and len(view_range) == 2:
            start, end = view_range
            if not (1 <= start <= total):
                return Result("", "Invalid view_range {}: start line must be in [1, {}]".format(view_range, total))
            if end != -1 and (end < start or end > total):
                message = "Invalid view_range {}: end must be >= start and <= {}, or -1 to view until end."
                return Result("", message.format(view_range, total))
            rows = [(i, text) for i, text in rows if i + 1 >= start and (end == -1 or i + 1 <= end)]
        if concise:
            header = (
                "Here is a condensed view for file: {}; [Note: Useful for understanding file structure in a concise "
                "manner. Please use specific view_range without concise cmd if you want to explore further into the "
                "relevant parts.]\n"
            ).format(path)
        else:
            header = "Here's the result of running `cat -n` on the file: {}:\n".format(path)
        body = "\n".join("{:6d} {}".format(i + 1, text) for i, text in rows)
        return Result(clip(header + body))

    @staticmethod
    def view_directory(path):
        command = ["find", "-L", path, "-maxdepth", "2", "-not", "-path", "*/.*", "(", "-type", "d", "-o", "-name", "*.py", ")"]
        try:
            proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        except Exception as exc:  # noqa: BLE001
            return Result("", "Ran into {} while trying to list directory contents of {}.".format(exc, path))
        if proc.stderr.strip():
            return Result("", proc.stderr.strip())
        header = "Here's the files and directories up to 2 levels deep in {}, excluding hidden:\n".format(path)
        return Result(clip(header + proc.stdout))

    def lint_error(self, path, text):
        if not (self.lint and path.endswith(".py")):
            return ""
        try:
            ast.parse(text, filename=path)
            return ""
        except SyntaxError as exc:
            return LINT_ERROR_PREFIX + str(exc)

    def create(self, path, text):
        if text is None:
            raise EditorError("Cannot create file without 'file_text' parameter.")
        problem = self.lint_error(path, text)
        if problem:
            return Result("", problem)
        try:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.history[path].append("")
        except Exception as exc:  # noqa: BLE001
            raise EditorError("Error creating file at {}: {}".format(path, exc))
        note = "Review the file and make sure that it is as expected. Edit the file if necessary."
        return Result("File created at {}. ".format(path) + numbered(text, path) + note)

    def str_replace(self, path, old, new):
        if old is None:
            raise EditorError("Missing required parameter 'old_str' for 'str_replace'.")
        content = self.read(path)
        count = content.count(old)
        if count == 0:
            raise EditorError("No occurrences of '{}' found in {} for replacement.".format(old, path))
        if count > 1:
            message = "Multiple occurrences of '{}' found in {}. Please ensure it is unique before using str_replace."
            raise EditorError(message.format(old, path))
        updated = content.replace(old, new if new else "")
        problem = self.lint_error(path, updated)
        if problem:
            return Result("", problem)
        self.history[path].append(content)
        self.write(path, updated)
        line = content.split(old)[0].count("\n")
        first = max(0, line - SNIPPET_LINES)
        last = line + SNIPPET_LINES + (new or "").count("\n")
        snippet = "\n".join(updated.split("\n")[first : last + 1])
        shown = numbered(snippet, "a snippet of {}".format(path), first + 1)
        note = "Review the changes and make sure they are as expected. Edit the file again if necessary."
        return Result("The file {} has been edited. ".format(path) + shown + note)

    def insert(self, path, line, new):
        if new is None:
            raise EditorError("Missing required parameter 'new_str' for 'insert'.")
        content = self.read(path)
        lines = content.split("\n")
        if line < 0 or line > len(lines):
            raise EditorError("Invalid insert_line {}. Must be in [0, {}].".format(line, len(lines)))
        new_lines = new.split("\n")
        updated = "\n".join(lines[:line] + new_lines + lines[line:])
        problem = self.lint_error(path, updated)
        if problem:
            return Result("", problem)
        self.history[path].append(content)
        self.write(path, updated)
        snippet = "\n".join(lines[max(0, line - SNIPPET_LINES) : line] + new_lines + lines[line : line + SNIPPET_LINES])
        shown = numbered(snippet, "a snippet of the edited file", max(1, line - SNIPPET_LINES + 1))
        note = "Review the changes and make sure they are as expected (correct indentation, no duplicate lines, etc)."
        return Result("The file {} has been edited. ".format(path) + shown + note + " Edit the file again if necessary.")

    def undo(self, path):
        if not self.history[path]:
            raise EditorError("No previous edits found for {} to undo.".format(path))
        previous = self.history[path].pop()
        self.write(path, previous)
        return Result("Last edit to {} undone successfully. ".format(path) + numbered(previous, path))

    @staticmethod
    def read(path):
        try:
            return read_text(path)
        except Exception as exc:  # noqa: BLE001
            raise EditorError("Failed to read file {}: {}".format(path, exc))

    @staticmethod
    def write(path, content):
        newline = newline_of(path)
        if newline != "\n":
            content = content.replace("\n", newline)
        try:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
        except Exception as exc:  # noqa: BLE001
            raise EditorError("Failed to write file {}: {}".format(path, exc))


def parse_view_range(text):
    text = text.strip().strip("[]()")
    parts = text.replace(",", " ").split()
    if len(parts) != 2:
        raise argparse.ArgumentTypeError("Expected two numbers, got: {}".format(text))
    try:
        return [int(parts[0]), int(parts[1])]
    except ValueError:
        raise argparse.ArgumentTypeError("Could not convert {} to integers.".format(parts))


def file_editor(argv):
    parser = argparse.ArgumentParser(prog="file_editor")
    parser.add_argument("command", type=str)
    parser.add_argument("--path", type=str)
    parser.add_argument("--file_text", type=str, default=None)
    parser.add_argument("--view_range", type=parse_view_range, default=None)
    parser.add_argument("--old_str", type=str, default=None)
    parser.add_argument("--new_str", type=str, default=None)
    parser.add_argument("--insert_line", type=int, default=None)
    parser.add_argument("--enable_linting", type=bool, default=False)
    parser.add_argument("--concise", type=str, default="False")
    parser.add_argument("--python_only", type=bool, default=True)
    args = parser.parse_args(argv)
    args.concise = args.concise.lower() == "true"
    editor = Editor(load_history(), args.enable_linting)
    try:
        if args.path is None:
            raise TypeError("expected str, bytes or os.PathLike object, not NoneType")
        result = editor.run(args.command, str(pathlib.PurePath(args.path)), args)
        emit(result.output)
        if result.error:
            emit("ERROR: {}".format(result.error))
    except EditorError as exc:
        emit("ERROR: {}".format(exc))
    except Exception as exc:  # noqa: BLE001
        emit("ERROR: Unhandled exception: {}".format(exc))
        import traceback

        traceback.print_exc()
    save_history(dict(editor.history))


def search_directory(term, directory):
    directory = os.path.realpath(directory)
    if not os.path.isdir(directory):
        print("Directory '{}' not found or not a directory.".format(directory))
        sys.exit(1)
    matches = {}
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or not name.endswith(".py"):
                continue
            path = os.path.join(root, name)
            try:
                with open(path, "r", errors="ignore") as handle:
                    hits = sum(1 for line in handle if term in line)
            except (UnicodeDecodeError, PermissionError, OSError):
                continue
            if hits > 0:
                matches[path] = hits
    if not matches:
        print('No matches found for "{}" in {}'.format(term, directory))
        sys.exit(0)
    if len(matches) > 100:
        print('More than {} files matched for "{}" in {}. Please narrow your search.'.format(len(matches), term, directory))
        sys.exit(0)
    print('Found {} matches for "{}" in {}:'.format(sum(matches.values()), term, directory))
    for path, hits in matches.items():
        relative = os.path.relpath(path, start=os.getcwd())
        if not relative.startswith("./"):
            relative = "./" + relative
        print("{} ({} matches)".format(relative, hits))
    print('End of matches for "{}" in {}'.format(term, directory))


def search_file(term, path):
    path = os.path.realpath(path)
    proc = subprocess.run(["grep", "-n", term, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if proc.returncode == 1:
        print('No matches found for "{}" in {}'.format(term, path))
        sys.exit(0)
    if proc.returncode != 0:
        print("Error executing grep:\n{}".format(proc.stderr))
        sys.exit(proc.returncode)
    print('Matches for "{}" in {}:'.format(term, path))
    print(proc.stdout.strip())


def search(argv):
    parser = argparse.ArgumentParser(prog="search")
    parser.add_argument("--search_term", required=True)
    parser.add_argument("--path", default=".")
    parser.add_argument("--python_only", default=True)
    args = parser.parse_args(argv)
    if os.path.isfile(args.path):
        search_file(args.search_term, args.path)
    else:
        search_directory(args.search_term, args.path)


def execute_bash(argv):
    parser = argparse.ArgumentParser(prog="execute_bash")
    parser.add_argument("--cmd", required=True)
    args = parser.parse_args(argv)
    tokens = args.cmd.strip().split()
    if tokens and tokens[0] in BLOCKED_BASH_COMMANDS:
        print("Bash command '{}' is not allowed. Please use a different command or tool.".format(tokens[0]))
        sys.exit(1)
    proc = subprocess.run(args.cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.decode("utf-8", errors="replace")
    err = proc.stderr.decode("utf-8", errors="replace")
    if proc.returncode != 0:
        print("Error executing command:\n")
    print("[STDOUT]\n")
    print(out.strip(), "\n")
    print("[STDERR]\n")
    print(err.strip())
    sys.exit(proc.returncode)


TOOLS = {"file_editor": file_editor, "search": search, "execute_bash": execute_bash}

if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        import r2e_serve
        sys.exit(r2e_serve.serve(sys.modules[__name__]))
    if len(sys.argv) < 2 or sys.argv[1] not in TOOLS:
        sys.stderr.write("usage: r2e_tools.py {file_editor,search,execute_bash} ... | --serve\n")
        sys.exit(2)
    TOOLS[sys.argv[1]](sys.argv[2:])
