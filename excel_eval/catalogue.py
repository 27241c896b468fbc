"""The texts a person reads that are not findings: what stops an operation, and why.

Findings have their own catalogue (``findings``): code, severity, title,
the message to the town and the statement a report makes.  Here are the
user errors — a roster, a previous summary, a template or a copy that cannot
be made — each a code with a Chinese template, raised as
``UserError(code, **values)``; and the short reasons they give (a folder
that is a file, a file system error), so that one wording is used wherever
the same thing is said (why a file operation failed is ``saving.os_error_reason``'s).
A new message is one line here, under its code.
"""

from __future__ import annotations

#: What stops one operation, by code; the values are named in braces.
USER_ERRORS: dict[str, str] = {
    # The roster.
    "roster_missing": "找不到名册文件：{path}",
    "roster_format": "名册文件 {path} 的格式不支持：请使用 .xlsx、.csv 或 .txt 文件。",
    "roster_empty": "名册文件 {path} 中没有任何单位。",
    "roster_unreadable": "无法读取名册文件 {path}：{reason}。",
    "roster_encoding": "无法读取名册文件 {path}：文字编码无法识别，请另存为 UTF-8 或 GBK 编码。",
    "roster_csv": "无法读取名册文件 {path}：CSV 格式有误（{detail}）。",
    "roster_damaged": "无法读取名册文件 {path}：文件已损坏或不是有效的表格文件（{detail}）。",
    "roster_name_blank": "名册文件 {path} 第 {row} 行：单位名称为空。",
    "roster_no_header": "名册文件 {path} 中找不到“{name}”列：请在第一行写上列名“{name}”（可选“{kind}”“{project}”）。",
    "roster_duplicate": "名册文件 {path} 第 {row} 行：单位“{unit}”重复（第 {first} 行已有）。",
    # Last year's summary.
    "previous_missing": "找不到上年汇总文件：{path}。",
    "previous_unreadable": "上年汇总 {name} 无法读取：{reason}",
    "previous_not_ours": "{name} 不是本工具生成的汇总（缺少数据表“{sheet}”），请使用上年用 excel-eval collect 生成的汇总文件。",
    "previous_version": "{name} 的数据表版本为“{marker} {version}”，本工具只能读取版本 {expected}，请用当前版本重新生成上年汇总。",
    "previous_changed": "{name} 的数据表内容已被改动，无法读取（{detail}）。",
    # The submissions folder and the year.
    "folder_not_found": "找不到文件夹：{folder}",
    "file_not_found": "找不到文件：{path}",
    "folder_unreadable": "无法打开报送文件夹 {folder}：{reason}。",
    "year_not_found": "没有评价年度为 {year} 年的报送文件。找到的评价年度：{counts}。"
                      "请检查 --year，或不加 --year（将处理文件最多的年度）。",
    # Templates.
    "year_out_of_range": "评价年度应为 {low}–{high} 之间的四位年份，收到：{year}",
    "template_suffix": "输出文件名应以 .xlsx 结尾：{path}",
    "template_exists": "文件已存在：{path}。如确需覆盖，请加 --force。",
    "templates_need_folder": "按名册生成时 -o 应为文件夹，而不是 .xlsx 文件：{folder}",
    "templates_exist": "文件夹 {folder} 中已有 {count} 个单位的填报文件：{shown}。"
                       "重新生成会清除其中已填写的内容；如确需覆盖，请加 --force。",
    "write_failed": "无法写入 {path}：{reason}。",
    "output_folder_unusable": "无法写入输出文件夹 {folder}：{reason}。",
    # Review copies.
    "feedback_unreadable": "{file}：文件无法读取，不能生成审核意见（{reason}）。",
    "feedback_over_source": "{file}：审核意见文件与报送文件同名同位置，为免覆盖原文件，请换一个输出文件夹。",
    "feedback_reopen": "{file}：无法再次打开原文件以复制其内容：{reason}",
    "feedback_write": "{file}：无法写入审核意见文件 {target}：{reason}。",
}

def user_text(code: str, **values: object) -> str:
    """The text of user error ``code`` with its values filled in."""
    return USER_ERRORS[code].format(**values)


#: Short reasons a user error gives, by code.
REASONS: dict[str, str] = {
    "unknown": "未知原因",
    "is_a_file": "这是一个文件，不是文件夹",
    "no_such_folder": "文件夹不存在",
    "not_writable": "没有写入权限",
}
