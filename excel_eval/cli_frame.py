"""Click's frame in Chinese: usage line, section titles, defaults and its own error messages.

Click writes its frame ("Usage:", "Options:", "[default: table]", "No such
command", "Missing argument") through gettext, with each module holding its
own ``_`` and ``ngettext``.  :func:`install` points those at the table below,
so every word click prints reaches a clerk in Chinese; a message click adds in
a later version falls back to its English text, which the help-page test
catches.  :class:`ChineseHelpFormatter` measures columns by display width (a
Chinese character takes two), so option help stays aligned and wraps inside
the terminal.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import warnings
from typing import Any, Iterable, Iterator

import click

#: The exit code of a run stopped by Ctrl+C.
INTERRUPTED = 130
#: The exit code of a run stopped by a defect of the tool itself (sysexits' EX_SOFTWARE).
DEFECT = 70

#: Click's message → Chinese.  Names in braces are click's format fields and stay as they are.
MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "No such option: {name}": "没有“{name}”这个选项。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name} 后面不能带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Value must be an iterable.": "取值应为一组值。",
    "Aborted!": "已中止。",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename}：{message}",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否值，可用：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{name} {filename!r} does not exist.": "{name} {filename} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename} 是一个文件。",
    "{name} {filename!r} is a directory.": "{name} {filename} 是一个文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename} 不可读取。",
    "{name} {filename!r} is not writable.": "{name} {filename} 不可写入。",
    "{name} {filename!r} is not executable.": "{name} {filename} 不可执行。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Press any key to continue...": "按任意键继续……",
    "Repeat for confirmation": "再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的内容不一致。",
    "Error: invalid input": "错误：输入无效",
    "Do you want to continue?": "是否继续？",
}

#: Click's singular message → (Chinese for one, Chinese for several).
PLURALS = {
    "Did you mean {possibility}?": ("是否为 {possibility}？", "（是否为以下之一：{possibilities}？）"),
    "Got unexpected extra argument ({args})": ("多出了参数（{args}）", "多出了参数（{args}）"),
    "Option {name!r} requires an argument.": ("选项 {name} 后面需要一个值。", "选项 {name} 后面需要 {nargs} 个值。"),
    "Takes {nargs} values but 1 was given.": ("需要 {nargs} 个值，只给了 1 个。", "需要 {nargs} 个值，给了 {len} 个。"),
    "{value!r} is not {choice}.": ("“{value}”不是可选的值 {choice}。", "“{value}”不是可选的值之一：{choices}。"),
    "{value!r} does not match the format {format}.": ("“{value}”不符合格式 {format}。",
                                                      "“{value}”不符合以下任一格式：{formats}。"),
    "{len_type} values are required, but {len_value} was given.": ("需要 {len_type} 个值，给了 {len_value} 个。",
                                                                   "需要 {len_type} 个值，给了 {len_value} 个。"),
}


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    if singular not in PLURALS:
        return singular if count == 1 else plural
    return PLURALS[singular][0 if count == 1 else 1]


def install() -> None:
    """Point the gettext names of click's modules at the Chinese table (idempotent)."""
    import importlib

    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils"):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = translate
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural


# --- layout by display width -----------------------------------------------------------------

#: Characters a line may not start with: they stay on the line before, past the margin if need be.
_NO_LINE_START = frozenset("，。、；：？！）】》”’,.;:?!)]")
#: Characters a line may not end with: they move to the next line with what they open.
_NO_LINE_END = frozenset("（【《“‘")
#: A space, a bracketed default such as "[默认：auto]", a Latin word with its punctuation, or one character.
_TOKENS = re.compile(r"\s+|\[[^\]\s]*\]|[!-~]+|.")


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` broken into lines of at most ``width`` columns, the first line starting with
    ``first``, the others with ``rest``.

    Chinese may break between any two characters and Latin words only at
    spaces; closing punctuation never starts a line and an opening bracket
    never ends one (the character before or after moves with it).
    """
    lines: list[str] = []
    prefix, tokens = first, []
    for token in _TOKENS.findall(text):
        if token.isspace():
            if not tokens or tokens[-1] == " ":
                continue
            token = " "
        if tokens and token != " " and display_width(prefix + "".join(tokens) + token) > width:
            keep = len(tokens)
            if token[0] in _NO_LINE_START and keep > 1:
                keep -= 1
                while keep > 1 and tokens[keep][0] in _NO_LINE_START:
                    keep -= 1
            while keep > 1 and tokens[keep - 1][-1] in _NO_LINE_END:
                keep -= 1
            lines.append((prefix + "".join(tokens[:keep])).rstrip())
            carried = tokens[keep:]
            prefix, tokens = rest, carried[1:] if carried[:1] == [" "] else carried
        tokens.append(token)
    lines.append((prefix + "".join(tokens)).rstrip())
    return lines


def _joined(lines: Iterable[str]) -> str:
    """A paragraph's lines as one text: a space between Latin words, nothing between Chinese ones."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and line and (text[-1].isascii() and line[0].isascii()):
            text += " "
        text += line
    return text


def _paragraphs(text: str) -> Iterator[tuple[bool, list[str]]]:
    """(kept as written, lines) per paragraph; click's ``\\b`` marks one to keep as written."""
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = block.splitlines()
        if lines and lines[0].strip() == "\b":
            yield True, lines[1:]
        else:
            yield False, lines


class ChineseHelpFormatter(click.HelpFormatter):
    """Click's help layout with Chinese headings and columns measured in display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = translate("Usage:") if prefix is None else prefix
        indent = " " * self.current_indent
        start = f"{indent}{prefix}{prog} "
        for line in wrap(args, self.width, start, " " * display_width(start)):
            self.write(line + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{' ' * self.current_indent}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        first = True
        for kept, lines in _paragraphs(text):
            if not first:
                self.write("\n")
            first = False
            if kept:
                self.write("".join(f"{indent}{line}\n" for line in lines))
            else:
                self.write("".join(f"{line}\n" for line in wrap(_joined(lines), self.width, indent, indent)))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_width = min(max((display_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        hanging = " " * (self.current_indent + first_width)
        text_width = max(self.width - self.current_indent - first_width, 10) + len(hanging)
        for term, definition in rows:
            if not definition:
                self.write(f"{indent}{term}\n")
                continue
            if display_width(term) <= first_width - col_spacing:
                start = f"{indent}{term}{' ' * (first_width - display_width(term))}"
            else:
                self.write(f"{indent}{term}\n")
                start = hanging
            paragraphs = list(_paragraphs(definition))
            for index, (kept, lines) in enumerate(paragraphs):
                text = "\n".join(lines) if kept else _joined(lines)
                for line in wrap(text, text_width, start if index == 0 else hanging, hanging):
                    self.write(line + "\n")


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


class ChineseCommand(click.Command):
    """A command whose help and errors are in Chinese."""

    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class ChineseGroup(click.Group):
    """The top-level command: subcommands listed in the order of work, not alphabetically."""

    context_class = ChineseContext
    command_class = ChineseCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> Any:
        """Run a command with no library warning reaching the terminal; Ctrl+C is one Chinese line
        and exit 130 (as shells report a run stopped by SIGINT), a defect of the tool one Chinese
        line naming the error's type and exit 70, never a traceback.

        The libraries warn in English about what the tool already handles (a
        feature openpyxl drops from a copy, a limit XlsxWriter enforces) —
        thousands of lines at scale.  Click's own Ctrl+C handling exits 1,
        which here means "summary written, with errors".
        """
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\n已中断（Ctrl+C）：正在写的文件没有保存，原有的文件保持不变。", err=True)
            ctx.exit(INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as error:  # a defect of the tool: told by the error's type only, its text is English
            click.echo(f"程序错误（错误类型 {type(error).__name__}），本次运行未完成：正在写的文件没有保存，"
                       "原有的文件保持不变。请将这条信息和所用的文件反馈给技术支持。", err=True)
            ctx.exit(DEFECT)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        """A mistyped command gets the closest one, or the list of all (in every click version)."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            commands = self.list_commands(ctx)
            close = difflib.get_close_matches(name, commands, n=1)
            hint = f"是否为 {close[0]}？" if close else f"可用的命令：{'、'.join(commands)}。"
            raise click.UsageError(f"没有“{name}”这个命令。{hint}", ctx)
        return super().resolve_command(ctx, args)
