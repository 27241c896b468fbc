"""The texts a person reads that are not findings: what stops an operation, and why.

Findings have their own catalogue (``findings``): code, severity, title,
the message to the town and the statement a report makes.  Here are the
user errors — a roster, a previous summary, a template or a copy that cannot
be made — each a code with a Chinese template, raised as
``UserError(code, **values)``; the short reasons they give (a folder that
is a file, a file system error); and fixed labels of the outputs, each by
a code, so that one wording is used wherever the same thing is said and no
code tests a label's words (why a file operation failed is ``saving.os_error_reason``'s).
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
    "roster_csv": "无法读取名册文件 {path}：第 {line} 行的 CSV 格式有误（如引号不成对、含有空字符或一项过长）。",
    "roster_damaged": "无法读取名册文件 {path}：文件已损坏或不是有效的表格文件（{detail}）。",
    "roster_name_blank": "名册文件 {path} 第 {row} 行：单位名称为空。",
    "roster_no_header": "名册文件 {path} 中找不到“{name}”列：请在第一行写上列名“{name}”（可选“{kind}”“{project}”）。",
    "roster_duplicate": "名册文件 {path} 第 {row} 行：单位“{unit}”重复（第 {first} 行已有）。",
    # Last year's summary.
    "previous_missing": "找不到上年汇总文件：{path}。",
    "previous_unreadable": "上年汇总 {name} 无法读取：{reason}",
    "previous_not_ours": "{name} 不是本工具生成的汇总（缺少数据表“{sheet}”），请使用上年用 excel-eval collect 生成的汇总文件。",
    "previous_version": "{name} 的数据表版本为“{marker} {version}”，本工具只能读取版本 {expected}，请用当前版本重新生成上年汇总。",
    "previous_changed": "{name} 的数据表内容已被改动，无法读取（“{sheet}”表第 {row} 行）。",
    # The submissions folder and the year.
    "folder_not_found": "找不到文件夹：{folder}",
    "file_not_found": "找不到文件：{path}",
    "csv_not_ours": "{path} 不是本工具写出的 CSV 文件（表头不符）。",
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
    # A rules file (``where`` names it; a key is written dotted, as “over_completion.threshold”).
    "rules_missing": "找不到{where}。",
    "rules_unreadable": "无法读取{where}：{reason}。",
    "rules_not_utf8": "{where} 不是 UTF-8 编码的文本，请用记事本等工具另存为 UTF-8。",
    "rules_not_toml": "{where} 不是有效的 TOML 格式{position}，请检查该处的方括号、引号和等号是否成对、完整。",
    "rules_unknown_key": "{where} 中的“{key}”不是可用的规则项（此处可用：{known}）。",
    "rules_section_expected": "{where} 中的“{key}”应为一节（[{key}]），而不是单个值。",
    "rules_wrong_type": "{where} 中的“{key}”{problem}，实际写的是 {value}。",
    "rules_wrong_value": "{where} 中的“{key}”有误：{problem}。",
    # The command line: what was asked for, and where outputs may go.
    "told": "{message}",
    "year_option": "{option} 应为 {low}–{high} 之间的四位年份，收到：{value}",
    "date_option": "{option} 应为日期，如 2025-03-31，收到：{value}",
    "template_output_missing": "请用 -o 指定输出位置：空白模板为 .xlsx 文件，按名册生成时为文件夹。",
    "roster_without_year": "--roster 和 --year 需要一起使用，例如：--roster 名册.csv --year 2024",
    "check_nothing_given": "请指定要检查的文件或文件夹，例如：excel-eval check 钟落潭镇_2024_绩效自评.xlsx",
    "check_missing": "找不到要检查的文件：{paths}。",
    "folders_empty": "文件夹 {folders} 中没有任何文件。",
    "summary_output_missing": "请用 -o 指定输出的汇总文件，例如：-o 汇总.xlsx",
    "summary_write_failed": "无法写入汇总文件 {path}：{reason}。{kept}。",
    "feedback_output_missing": "请用 -o 指定审核意见的输出文件夹，例如：excel-eval feedback 报送文件 -o 审核意见",
    "report_output_missing": "请用 -o 指定评价报告的输出文件夹，例如：excel-eval report 报送文件 -o 评价报告",
    "collect_given_a_file": "collect 汇总一个文件夹中的全部报送，而 {folder} 是一个文件。"
                            "检查这一个文件请用：excel-eval check {folder}；为它起草评价报告请用：excel-eval report {folder} -o 评价报告。",
    "feedback_given_a_file": "feedback 为一个文件夹中的全部报送生成审核意见，而 {folder} 是一个文件。"
                             "请把它放进一个文件夹再运行 feedback，或用 excel-eval check {folder} 查看其中的问题。",
    "submissions_folder_missing": "找不到报送文件夹：{path}。",
    "submissions_missing": "找不到报送文件或文件夹：{path}。",
    "folder_empty": "文件夹 {folder} 中没有任何文件，请确认报送文件已放入该文件夹。",
    "output_suffix": "输出文件应以 {suffix} 结尾：{path}",
    "output_exists": "输出文件已存在：{path}。如需覆盖，请加 --force。",
    "output_place_unusable": "输出文件的位置不可用：{path}。",
    "output_is_a_submission": "输出文件 {path} 是报送文件夹中的一个文件（不是本工具生成的汇总），不能用汇总覆盖它；"
                              "请换一个文件名，或把汇总保存在报送文件夹之外，例如 {instead}。",
    "output_folder_is_a_file": "{what}的输出位置应为文件夹，而不是文件：{path}",
    "output_inside_submissions": "{what}文件夹（{path}）不能在{kind}之内（{folder}），否则下次汇总会把{what}"
                                 "当作报送文件读取。请换一个文件夹，例如 {instead}",
    # Review copies.
    "feedback_unreadable": "{file}：文件无法读取，不能生成审核意见（{reason}）。",
    "feedback_over_source": "{file}：审核意见文件与报送文件同名同位置，为免覆盖原文件，请换一个输出文件夹。",
    "feedback_reopen": "{file}：无法再次打开原文件以复制其内容：{reason}",
    "feedback_write": "{file}：无法写入审核意见文件 {target}：{reason}。",
    "report_defect": "{file}：起草评价报告时出现程序错误（错误类型 {kind}），未生成该文件的评价报告；"
                     "请将该文件反馈给技术支持。",
    "feedback_defect": "{file}：生成审核意见时出现程序错误（错误类型 {kind}），未生成该文件的审核意见；"
                       "请将该文件反馈给技术支持。",
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
    "summary_kept": "原有的汇总文件保持不变",
    "nothing_left": "没有留下不完整的文件",
    "submissions_folder": "报送文件夹",
    "submission_folder": "报送文件所在的文件夹",
}


#: Fixed labels of the outputs, by code; the values are named in braces.
LABELS: dict[str, str] = {
    # Last year (总览, 年度对比, 区域对比).
    "previous_heading": "上年对比",
    "previous_summary": "上年汇总“{name}”",
    "previous_same_folder": "同一文件夹中的往年报送",
    "previous_compared": "已与{source}对比，见“{sheet}”",
    "previous_not_compared": "{problem}本次汇总未与上年对比。",
    "previous_matching": "与{source}对比：按单位名称和指标名称（规范化后）匹配。",
    "previous_data_note": "供下一年度汇总对比读取，请勿修改",
    # The 对比 column of 年度对比, by verdict.
    "year_no_past": "无上年数据",
    "year_new": "本年新增指标",
    "year_dropped": "本年未设置该指标",
    "year_below_actual": "低于上年实际完成值",
    "year_below_target": "低于上年指标值",
    # A text longer than an Excel cell holds, cut (any sheet of the summary or of a review copy).
    "cell_cut": "……（全文 {total:,} 字，超出 Excel 每个单元格 {limit:,} 字的上限，以下已截去）",
}


def label(code: str, **values: object) -> str:
    """The label ``code`` with its values filled in."""
    return LABELS[code].format(**values)
