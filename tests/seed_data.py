"""The two seed reports as filled templates: plain data, cell contents as typed.

Each submission is a dict keyed by the defined names of ``excel_eval.fields``;
the tables ``indicators`` and ``payments`` are lists of row dicts keyed by the
column keys of ``fields.INDICATORS`` and ``fields.PAYMENTS``.  Values are what
a town would type into the cells ("约100%", "≥10人", 1.15 for a cell formatted
as 115%), so the record builder, the reader tests and the sample workbooks
all start from the same figures.

Every figure a report states is taken as stated; where a report is silent the
value is chosen to be plausible and marked ``# chosen`` (or, for whole rows
and blocks, in the comment above them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.sample_data import SHIMEN_REPORT, ZHONGLUOTAN_REPORT

#: Seed 000: 2022 年度广州市白云区钟落潭镇人民政府部门重点项目绩效评价报告.
ZHONGLUOTAN_2022: dict[str, Any] = {
    "unit_name": "钟落潭镇",
    "project_name": "钟落潭镇社工服务站（家庭综合服务中心）运营经费",
    "eval_year": 2022,
    "competent_dept": "广州市白云区钟落潭镇人民政府",
    # The 实施单位 and the 年度总体目标 as the report states them.
    **{name: ZHONGLUOTAN_REPORT[name] for name in ("implementing_unit", "goal_expected", "goal_actual")},
    "operator": "广州市心明爱社会工作服务中心",
    "contact_person": "陈主任",  # chosen
    "contact_phone": "020-87400000",  # chosen
    "fill_date": dt.date(2023, 3, 15),  # chosen
    "template_version": "2.0",
    # 本年度项目经费 198.45 万元，其中市资金 100 万元，区资金 98.45 万元。
    # Typed in the 当年财政拨款 row; the 年度资金总额 row totals it.
    "fund_current_initial": 198.45,  # chosen: no change during the year
    "fund_current": 198.45,
    "fund_current_spent": 198.45,  # chosen: fully spent
    "budget_weight": 10,  # chosen: the national default
    "exec_rate_reported": 1.0,  # chosen
    "budget_score_reported": 10,  # chosen
    "budget_change_note": "",
    "fund_city": 100,
    "fund_district": 98.45,
    "fund_town": 0,
    "fund_carryover": 0,
    "fund_other": 0,
    # 中期、末期评估由广州市社会组织联合会进行; the results are chosen.
    "mid_eval_result": "良好",
    "final_eval_result": "良好",
    # Self scores and grade are chosen: every quantitative target met (full
    # marks), the qualitative one scored 14 of 15, so 99 → 优.
    "self_total_score": 99,
    "self_grade": "优",
    "achievements": "重视下沉服务，建立了“一社区一社工”工作机制；重视探访服务，建立了重点探访对象名册和孤寡每月跟进表，服务记录详细。",
    "problems": "辖区服务范围大、交通不便，社工人手有限，服务广度有所欠缺；工作人员队伍较年轻，服务经验浅，服务深度有所欠缺。",
    "suggestions": "优化年度服务规划，加强各项目之间的逻辑关联；加强工作人员继续教育，提升社工在服务规划、目标设定、个案管理等方面的能力。",
    # 签订合同后拨付 55%，中期评估合格以上拨付 40%，末期评估合格以上拨付 5%.
    # agreed_amount is the template's formula (比例 × 全年预算数) as it shows;
    # paid amounts and dates are chosen: each tranche paid as agreed.
    "payments": [
        {"stage": "首期", "agreed_ratio": 0.55, "agreed_amount": 109.1475, "paid_amount": 109.1475,
         "paid_date": dt.date(2022, 2, 25)},
        {"stage": "中期", "agreed_ratio": 0.40, "agreed_amount": 79.38, "paid_amount": 79.38,
         "paid_date": dt.date(2022, 8, 19)},
        {"stage": "末期", "agreed_ratio": 0.05, "agreed_amount": 9.9225, "paid_amount": 9.9225,
         "paid_date": dt.date(2022, 12, 28)},
    ],
    # The eight 数量指标 are the report's targets, actuals and reported rates
    # ("完成率约为 100%", "约为 115%", …; 社区活动 40 → 57 is 大型 + 中小型).
    # Weights, self scores, evidence and the 效益/满意度 rows are chosen.
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "家庭探访户数", "direction": "≥",
         "unit": "户", "target": 1600, "actual": 1600, "weight": 8, "reported_rate": "约100%",
         "self_score": 8, "evidence": "《钟落潭镇重点探访对象名册》《孤寡每月跟进表》"},
        {"level1": "产出指标", "level2": "数量指标", "name": "个案数", "direction": "≥",
         "unit": "个", "target": 90, "actual": 104, "weight": 8, "reported_rate": "约115%",
         "self_score": 8, "evidence": "个案服务台账"},
        {"level1": "产出指标", "level2": "数量指标", "name": "小组数", "direction": "≥",
         "unit": "个", "target": 44, "actual": 44, "weight": 6, "reported_rate": 1.0,
         "self_score": 6, "evidence": "小组服务台账"},
        {"level1": "产出指标", "level2": "数量指标", "name": "大型社区活动数", "direction": "≥",
         "unit": "个", "target": 12, "actual": 12, "weight": 6, "reported_rate": 1.0,
         "self_score": 6, "evidence": "社区活动台账"},
        {"level1": "产出指标", "level2": "数量指标", "name": "中小型社区活动数", "direction": "≥",
         "unit": "个", "target": 28, "actual": 45, "weight": 6, "reported_rate": 1.6,
         "self_score": 6, "evidence": "社区活动台账"},
        {"level1": "产出指标", "level2": "数量指标", "name": "招募注册义工人数", "direction": "≥",
         "unit": "人", "target": 150, "actual": 314, "weight": 6, "reported_rate": 2.09,
         "self_score": 6, "evidence": "义工注册名册"},
        {"level1": "产出指标", "level2": "数量指标", "name": "组织参与志愿服务人次", "direction": "≥",
         "unit": "人次", "target": 400, "actual": 2147, "weight": 5, "reported_rate": 5.36,
         "self_score": 5, "evidence": "志愿服务时数记录"},
        {"level1": "产出指标", "level2": "数量指标", "name": "社区调研份数", "direction": "≥",
         "unit": "份", "target": 16, "actual": 16, "weight": 5, "reported_rate": 1.0,
         "self_score": 5, "evidence": "社区调研报告"},
        # chosen: the 42 村（居） the station serves under 一社区一社工.
        {"level1": "效益指标", "level2": "社会效益指标", "name": "村（居）社工服务覆盖数",
         "direction": "≥", "unit": "个", "target": 42, "actual": 42, "weight": 15,
         "reported_rate": 1.0, "self_score": 15,
         "evidence": "《“一社区一社工”服务情况信息表》《服务时数统计表》"},
        # chosen: the third-party evaluations the report mentions, as a qualitative row.
        {"level1": "效益指标", "level2": "可持续影响指标", "name": "第三方中期、末期评估结果",
         "direction": "定性", "target": "合格以上", "actual": "良好", "weight": 15,
         "self_score": 14, "evidence": "广州市社会组织联合会评估报告"},
        # chosen.
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度",
         "direction": "≥", "unit": "%", "target": "90%", "actual": "93%", "weight": 10,
         "reported_rate": 1.03, "self_score": 10, "evidence": "服务对象满意度调查问卷"},
    ],
}

#: Seed 001: 2023 年度广州市白云区人民政府石门街道办事处部门重点项目绩效评价报告.
#: The indicators are as the report states them: targets as rates and
#: thresholds, actuals where it gives them, no evidence listed.
SHIMEN_2023: dict[str, Any] = {
    "unit_name": "石门街道",
    "project_name": "家庭综合服务中心运营经费",
    "eval_year": 2023,
    "competent_dept": "广州市白云区人民政府石门街道办事处",
    # The 实施单位 and the 年度总体目标 as the report states them.
    **{name: SHIMEN_REPORT[name] for name in ("implementing_unit", "goal_expected", "goal_actual")},
    "operator": "广州市风向标社会工作服务中心",
    "contact_person": "李科长",  # chosen
    "contact_phone": "020-86000000",  # chosen
    "fill_date": dt.date(2024, 3, 20),  # chosen
    "template_version": "2.0",
    # 全年预算数 120 万元，其中当年财政拨款 120 万元，执行数 120 万元，执行率 100%.
    "fund_current_initial": 120,  # chosen: no change during the year
    "fund_current": 120,
    "fund_current_spent": 120,
    "budget_weight": 20,
    "exec_rate_reported": 1.0,
    "budget_score_reported": 20,
    "budget_change_note": "",
    # chosen: the report says 当年财政拨款 without its level; the street's own budget.
    "fund_city": 0,
    "fund_district": 0,
    "fund_town": 120,
    "fund_carryover": 0,
    "fund_other": 0,
    # The report says only 根据服务协议约定按时支付经费: nothing is filled in the
    # payments block beyond the ratios the template pre-fills.
    "mid_eval_result": "",
    "final_eval_result": "",
    "self_total_score": 100,
    "self_grade": "优",
    "achievements": "项目运营管理规范，人员配置合理，安全管理制度完善；党建引领服务；青少年、长者、家庭及志愿服务分层分类、建档全面。",
    "problems": "需求调研工作有待加强，覆盖面不够广、挖掘需求不够深；联动服务有待加强，缺乏资源共享机制。",
    "suggestions": "强化社工站需求调研工作，细分服务人群、分层分类评估需求；加强部门服务联动，深化“五社联动”机制。",
    "payments": [{"stage": "首期", "agreed_ratio": 0.55}, {"stage": "中期", "agreed_ratio": 0.40},
                 {"stage": "末期", "agreed_ratio": 0.05}],
    # Self score 100 = 预算执行 20 + 产出 40 + 效益 30 + 满意度 10; the split of
    # each level over its rows (10 points each) is chosen.  Actuals the report
    # does not give (站点覆盖率, 支出及时率, 评估结果, 满意度) are chosen as met.
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "社工服务人次完成率", "direction": "≥",
         "unit": "%", "target": "100%", "actual": ">10万人次", "weight": 10, "reported_rate": 1.0,
         "self_score": 10},
        {"level1": "产出指标", "level2": "数量指标", "name": "服务站点覆盖率", "direction": "≥",
         "unit": "%", "target": "100%", "actual": "100%", "weight": 10, "reported_rate": 1.0,
         "self_score": 10},
        {"level1": "产出指标", "level2": "质量指标", "name": "支出及时率", "direction": "≥",
         "unit": "%", "target": "100%", "actual": "100%", "weight": 10, "reported_rate": 1.0,
         "self_score": 10},
        {"level1": "产出指标", "level2": "质量指标", "name": "第三方服务评估结果", "direction": "定性",
         "target": "良好", "actual": "良好", "weight": 10, "self_score": 10},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "链接社会资源服务辖区居民",
         "direction": "≥", "unit": "%", "target": "100%", "actual": ">10万", "weight": 10,
         "reported_rate": 1.0, "self_score": 10},
        {"level1": "效益指标", "level2": "经济效益指标", "name": "社会工作服务站阵地宣传影响力",
         "direction": "≥", "unit": "%", "target": "100%", "actual": ">2次", "weight": 10,
         "reported_rate": 1.0, "self_score": 10},
        {"level1": "效益指标", "level2": "可持续影响指标", "name": "培育志愿者人数", "direction": "≥",
         "unit": "人", "target": ">10人", "actual": 96, "weight": 10, "reported_rate": 1.0,
         "self_score": 10},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度",
         "direction": "≥", "unit": "%", "target": "100%", "actual": "100%", "weight": 10,
         "reported_rate": 1.0, "self_score": 10},
    ],
}

#: The seeds with the file names their samples are saved under.
SEEDS: dict[str, dict[str, Any]] = {
    "钟落潭镇_2022.xlsx": ZHONGLUOTAN_2022,
    "石门街道_2023.xlsx": SHIMEN_2023,
}
