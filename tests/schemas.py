"""The published JSON Schemas, generated from the column tables.

``excel_eval/schemas/`` holds what ``build_schemas`` writes; a test proves the
shipped files are current.  Regenerate them with ``python -m tests.schemas``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from excel_eval.write import export, tables

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "excel_eval" / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_TYPES = {"text": {"type": ["string", "null"]}, "integer": {"type": ["integer", "null"]},
          "money": {"type": ["number", "null"]}, "ratio": {"type": ["number", "null"]},
          "score": {"type": ["number", "null"]},
          "cells": {"type": "array", "items": {"type": "string", "pattern": "^.+![A-Z]+[0-9]+$"}}}
_ENUMS = {"severity": ["error", "warning", "info"], "severity_label": ["错误", "警告", "提示"],
          "basis": ["measured", "qualitative", "unverified", "missing"],
          "status": list(tables.NOT_INCLUDED_LABELS)}


def row_schema(columns: tuple[tables.Column, ...], title: str) -> dict[str, Any]:
    """An object with one property per column; later versions may add properties."""
    properties = {}
    for column in columns:
        spec: dict[str, Any] = {**_TYPES[column.kind], "title": column.header, "description": column.description}
        if column.key in _ENUMS:
            spec = {"enum": _ENUMS[column.key], "title": column.header, "description": column.description}
        properties[column.key] = spec
    return {"type": "object", "title": title, "required": [column.key for column in columns],
            "properties": properties}


def check_schema() -> dict[str, Any]:
    number = {"type": ["number", "null"]}
    text = {"type": ["string", "null"]}
    file_properties = {
        "file": {"type": "string", "description": "文件名（按命令行中的写法）"},
        "status": {"enum": ["read", "failed", "skipped"], "description": "read 已读取 / failed 无法读取 / skipped 已跳过"},
        "unit": {**text, "description": "填报单位"},
        "year": {"type": ["integer", "null"], "description": "评价年度"},
        "total_score": {**number, "description": "复核总分"},
        "unverified_points": {**number, "description": "复核总分中暂按自评得分计入、待核实的分值"},
        "grade": {**text, "description": "复核等级（未填写指标和分值的文件不评级，为空）"},
        "self_total_score": {**number, "description": "自评总分"},
        "self_grade": {**text, "description": "自评等级"},
        "exec_rate": {**number, "description": "复核的预算执行率（比值）"},
        "budget_score": {**number, "description": "复核的预算执行得分"},
        "subtotals": {"type": "object", "additionalProperties": {"type": ["number", "null"]},
                      "description": "一级指标 → 复核得分"},
        "indicators": {"type": "array", "items": {"$ref": "#/$defs/indicator"}},
        "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
    }
    return {
        "$schema": DIALECT,
        "$id": "https://excel-eval.invalid/schemas/check.schema.json",
        "title": "excel-eval check --format json",
        "description": "每个文件的复核记录：得分、一级指标小计、每个指标的核算结果和全部问题。",
        "type": "object",
        "required": ["schema_version", "files"],
        "properties": {
            "schema_version": {"const": export.SCHEMA_VERSION},
            "files": {"type": "array", "items": {"type": "object", "required": list(file_properties),
                                                 "properties": file_properties}},
        },
        "$defs": {"indicator": row_schema(tables.INDICATOR_COLUMNS, "绩效指标"),
                  "finding": row_schema(tables.FINDING_COLUMNS, "问题")},
    }


def collect_schema() -> dict[str, Any]:
    names = {"units": "区域对比", "indicators": "绩效指标", "findings": "问题清单", "not_included": "未报送与无法读取"}
    return {
        "$schema": DIALECT,
        "$id": "https://excel-eval.invalid/schemas/collect.schema.json",
        "title": "excel-eval collect --json",
        "description": "一次汇总的全部数据：每个单位一行、每个指标一行、每个问题一行，以及未纳入对比的文件和单位。",
        "type": "object",
        "required": ["schema_version", *tables.TABLES],
        "properties": {
            "schema_version": {"const": export.SCHEMA_VERSION},
            **{name: {"type": "array", "items": row_schema(columns, names[name])}
               for name, columns in tables.TABLES.items()},
        },
    }


def build_schemas(folder: Path = SCHEMAS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in ((export.CHECK_SCHEMA, check_schema()), (export.COLLECT_SCHEMA, collect_schema())):
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build_schemas():
        print(path)
