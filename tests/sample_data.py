"""The two seed reports as the bundled samples: only what each report states.

Each submission is a dict keyed by the defined names of ``excel_eval.fields``
(tables as lists of row dicts), as in ``tests.seed_data``; but where
``seed_data`` completes the reports with chosen figures so that the scoring
tests have full records, nothing here is chosen: a value a report does not
give is left blank, and the tool's findings then show the district what is
missing — what it would see if the town sent exactly its report.
``EXAMPLE_2023`` is the exception, and says so in its name and text: an
invented, complete street for the quick start, of the same year as 石门街道.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

#: Seed 000: 2022 年度广州市白云区钟落潭镇人民政府部门重点项目绩效评价报告.
#: Not stated: 年初预算数, 全年执行数, any weight or score, the evaluation
#: results and payment dates, contacts, 自评等级.
ZHONGLUOTAN_REPORT: dict[str, Any] = {
    "unit_name": "钟落潭镇",
    "eval_year": 2022,
    "project_name": "钟落潭镇社工服务站（家庭综合服务中心）运营经费",
    "competent_dept": "广州市白云区钟落潭镇人民政府",
    "implementing_unit": "广州市白云区钟落潭镇人民政府",
    "operator": "广州市心明爱社会工作服务中心",
    # 本年度项目经费为 198.45 万元，其中市资金 100 万元，区资金 98.45 万元。
    "fund_current": 198.45,
    "fund_city": 100,
    "fund_district": 98.45,
    "goal_expected": "家庭探访 1600 户，个案目标 90 个，小组目标 44 个，社区活动目标 40 个（其中大型活动 12 个，"
                     "中小型活动 28 个），招募注册义工 150 人，组织参与志愿服务 400 人次，社区调研 16 份。",
    "goal_actual": "完成家庭探访 1600 户；跟进个案 104 户；开展专业小组 44 个；开展社区活动 57 个，其中大型社区活动 "
                   "12 个、中小型活动 45 个；招募注册 314 名义工；组织参与志愿服务 2147 人次；完成社区调研 16 次。",
    "achievements": "重视下沉服务，建立了“一社区一社工”工作机制；重视探访服务，建立了重点探访对象名册和孤寡每月跟进表，"
                    "服务记录详细。",
    "problems": "辖区服务范围大、交通不便，社工人手有限，服务广度有所欠缺；工作人员队伍较年轻，服务经验浅，"
                "服务深度有所欠缺。",
    "suggestions": "优化年度服务规划，加强各项目之间的逻辑关联；加强工作人员继续教育，提升社工在服务规划、目标设定、"
                   "个案管理等方面的能力。",
    # 在签订合同后拨付年度经费总额的 55%；中期评估合格以上拨付 40%；末期评估合格以上拨付 5%。
    "payments": [{"agreed_ratio": 0.55}, {"agreed_ratio": 0.40}, {"agreed_ratio": 0.05}],
    # 年初指标 and 完成情况 as the report gives them, with the completion rates it reports.
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "家庭探访户数", "target": "1600户", "actual": "1600户",
         "reported_rate": "约100%"},
        {"level1": "产出指标", "level2": "数量指标", "name": "个案数", "target": "90个", "actual": "104个",
         "reported_rate": "约115%"},
        {"level1": "产出指标", "level2": "数量指标", "name": "小组数", "target": "44个", "actual": "44个",
         "reported_rate": 1.0},
        {"level1": "产出指标", "level2": "数量指标", "name": "社区活动数", "target": "40个", "actual": "57个"},
        {"level1": "产出指标", "level2": "数量指标", "name": "其中：大型社区活动数", "target": "12个",
         "actual": "12个", "reported_rate": 1.0},
        {"level1": "产出指标", "level2": "数量指标", "name": "其中：中小型社区活动数", "target": "28个",
         "actual": "45个", "reported_rate": 1.6},
        {"level1": "产出指标", "level2": "数量指标", "name": "招募注册义工人数", "target": "150人",
         "actual": "314人", "reported_rate": 2.09},
        {"level1": "产出指标", "level2": "数量指标", "name": "组织参与志愿服务人次", "target": "400人次",
         "actual": "2147人次", "reported_rate": 5.36},
        {"level1": "产出指标", "level2": "数量指标", "name": "社区调研份数", "target": "16份", "actual": "16份",
         "reported_rate": 1.0},
    ],
}

#: Seed 001: 2023 年度广州市白云区人民政府石门街道办事处部门重点项目绩效评价报告.
#: Stated: 全年预算数 120 万元 of 当年财政拨款, executed 120 (100%), 预算执行 20 分,
#: 产出 40 + 效益 30 + 满意度 10, total 100, 优, and the targets; not stated: the
#: actuals (the report gives only thresholds and rates), the per-indicator
#: weights and scores, 年初预算数, payments, contacts.
SHIMEN_REPORT: dict[str, Any] = {
    "unit_name": "石门街道",
    "eval_year": 2023,
    "project_name": "家庭综合服务中心运营经费",
    "competent_dept": "广州市白云区人民政府石门街道办事处",
    "implementing_unit": "广州市白云区人民政府石门街道办事处",
    "operator": "广州市风向标社会工作服务中心",
    "fund_current": 120,
    "fund_current_spent": 120,
    "budget_weight": 20,
    "exec_rate_reported": 1.0,
    "budget_score_reported": 20,
    "goal_expected": "通过社会力量整合社区资源，积极发掘个人和家庭潜能，促进居民个人能力提升，推动居民参与社区事务，"
                     "创造和谐社区；确保年度经费及时支出，充分发挥经费使用效益。",
    "goal_actual": "2023 年家庭综合服务中心运营经费项目完成情况较好，预算编制合理，项目和资金管理较为落实，"
                   "整体项目效果较好。",
    "self_total_score": 100,
    "self_grade": "优",
    "achievements": "项目运营管理规范，人员配置合理，安全管理制度完善；党建引领服务；青少年、长者、家庭及志愿服务"
                    "分层分类、建档全面。",
    "problems": "需求调研工作有待加强，覆盖面不够广、挖掘需求不够深；联动服务有待加强，缺乏资源共享机制。",
    "suggestions": "强化社工站需求调研工作，细分服务人群、分层分类评估需求；加强部门服务联动，深化“五社联动”机制。",
    # The targets of section 二, under the first-level points of section 五.
    "indicators": [
        {"level1": "产出指标(40分)", "level2": "数量指标", "name": "社工服务人次完成率", "target": "100%"},
        {"level1": "产出指标(40分)", "level2": "数量指标", "name": "服务站点覆盖率", "target": "100%"},
        {"level1": "产出指标(40分)", "level2": "质量指标", "name": "支出及时率", "target": "100%"},
        {"level1": "产出指标(40分)", "level2": "质量指标", "name": "接受第三方服务评估结果", "target": "良好"},
        {"level1": "效益指标(30分)", "level2": "社会效益指标", "name": "链接社会资源服务辖区居民", "target": "100%"},
        {"level1": "效益指标(30分)", "level2": "经济效益指标", "name": "社会工作服务站阵地宣传影响力",
         "target": "100%"},
        {"level1": "满意度指标(10分)", "level2": "服务对象满意度指标", "name": "服务对象满意度", "target": "100%"},
    ],
}

_EXAMPLE_NOTE = "（本文件为虚构示例，仅用于演示，数字均为编造）"

#: An invented, complete submission of the same year as 石门街道, for the quick start.
EXAMPLE_2023: dict[str, Any] = {
    "unit_name": "示例街道",
    "eval_year": 2023,
    "project_name": "社工服务站（家庭综合服务中心）运营经费（虚构示例）",
    "competent_dept": "示例区民政局",
    "implementing_unit": "示例区人民政府示例街道办事处",
    "operator": "示例社会工作服务中心",
    "contact_person": "示例联系人",
    "contact_phone": "000-00000000",
    "fill_date": dt.datetime(2024, 1, 20),
    "fund_current_initial": 100,
    "fund_current": 100,
    "fund_current_spent": 98,
    "fund_district": 100,
    "budget_weight": 10,
    "exec_rate_reported": 0.98,
    "budget_score_reported": 9.8,
    "execution_note": "末期评估后结余 2 万元，按合同不再拨付。" + _EXAMPLE_NOTE,
    "mid_eval_result": "良好",
    "mid_eval_date": dt.datetime(2023, 7, 10),
    "final_eval_result": "良好",
    "final_eval_date": dt.datetime(2023, 12, 15),
    "survey_note": "2023 年 12 月发放问卷 200 份，回收有效问卷 186 份。" + _EXAMPLE_NOTE,
    "goal_expected": "开展家庭探访、个案和社区活动，服务对象满意度不低于 90%。" + _EXAMPLE_NOTE,
    "goal_actual": "各项服务均完成年度目标，服务对象满意度 95%。" + _EXAMPLE_NOTE,
    "self_total_score": 99.8,
    "self_grade": "优",
    "achievements": "建立一社区一社工机制。" + _EXAMPLE_NOTE,
    "problems": "服务人手偏紧。" + _EXAMPLE_NOTE,
    "suggestions": "加强社工继续教育。" + _EXAMPLE_NOTE,
    "payments": [
        {"agreed_ratio": 0.55, "paid_amount": 55, "paid_date": dt.datetime(2023, 2, 20)},
        {"agreed_ratio": 0.40, "paid_amount": 40, "paid_date": dt.datetime(2023, 7, 25)},
        {"agreed_ratio": 0.05, "paid_amount": 3, "paid_date": dt.datetime(2023, 12, 28)},
    ],
    "indicators": [
        {"level1": "产出指标(50分)", "level2": "数量指标", "name": "家庭探访户数", "target": "≥1000户",
         "actual": "1020户", "weight": 20, "self_score": 20, "reported_rate": 1.02, "evidence": "探访台账"},
        {"level1": "产出指标(50分)", "level2": "质量指标", "name": "个案结案率", "target": "≥90%", "actual": "92%",
         "weight": 15, "self_score": 15, "reported_rate": 1.0222, "evidence": "个案档案"},
        {"level1": "产出指标(50分)", "level2": "时效指标", "name": "月度服务报表按时报送", "target": "按时报送",
         "actual": "达成预期指标", "weight": 15, "self_score": 15, "evidence": "报表报送记录"},
        {"level1": "效益指标(30分)", "level2": "社会效益指标", "name": "困境群体服务覆盖", "target": "效果明显",
         "actual": "达成预期指标", "weight": 30, "self_score": 30, "evidence": "服务名册"},
        {"level1": "满意度指标(10分)", "level2": "服务对象满意度指标", "name": "服务对象满意度", "target": "≥90%",
         "actual": "95%", "weight": 10, "self_score": 10, "reported_rate": 1.0556, "evidence": "满意度问卷"},
    ],
}
