"""The one registry of checks: stable kind, severity, Chinese title, explanation and fix, and how the
check finds its subjects (a SPARQL query under kg/checks/queries/ or a function over the graph).

The 19 kinds of GitHub issue 5 are a public contract (API, CLI, exports, other systems): never rename
one. Explanation and fix are `str.format` templates; the fields they may use are the item's context
(`item`, `township`, `list_label`) and the variables the check's query or function returns
(docs/checks.md lists them per check). A missing field renders as empty text, never as an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label_zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True)
class Check:
    """One check. Exactly one of `query` (name of a .rq file in kg/checks/queries/) and `function`
    (name of a function in kg.checks.structural) says how it finds its subjects. `then` names a step
    of kg.checks.run.STEPS the query's rows pass through: for what a vocabulary of another stage
    decides, which SPARQL cannot ask (whether a basis text says "no ground", which names a cell
    lists)."""

    kind: str
    severity: Severity
    title_zh: str
    explanation_zh: str
    fix_zh: str
    query: str | None = None
    function: str | None = None
    then: str | None = None


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CHECKS: tuple[Check, ...] = (
    Check(
        "missing_basis", E, "无设定依据",
        "{list_label}事项“{item}”没有设定依据{basis_hint}。",
        "补充该事项的法律法规或政策依据，写明法规全称和条款；确无依据的，应提请调整或删除该事项。",
        query="missing_basis", then="no_ground",
    ),
    Check(
        "unresolved_basis", W, "设定依据无法识别",
        "{list_label}事项“{item}”的设定依据“{basis}”中没有可识别的法律法规名称、文号或条款，无法核对。",
        "写明所依据的法律法规全称（加书名号）及条、款、项，或规范性文件的名称和文号。",
        query="unresolved_basis", then="some_ground",
    ),
    Check(
        "unknown_statute", W, "法规未收录",
        "{list_label}事项“{item}”引用的《{written}》不在法规目录中，无法核对其效力和条款（原文：{text}）。{candidate_hint}",
        "核对法规名称是否准确、完整；若为有效的法律法规或规范性文件，请报送编办补充进法规目录。",
        query="unknown_statute",
    ),
    Check(
        "nonexistent_provision", E, "条款不存在",
        "{list_label}事项“{item}”引用的“{text}”在《{title}》（{date}版）中不存在：{status_label}。{count_hint}",
        "对照现行文本改正引用的条、款、项序号。",
        query="nonexistent_provision",
    ),
    Check(
        "repealed_statute", E, "引用已废止法规",
        "{list_label}事项“{item}”引用的《{title}》{repeal_hint}（原文：{text}）。",
        "改为引用替代该法规的现行法律法规及相应条款；无替代依据的，应重新审视该事项。",
        query="repealed_statute",
    ),
    Check(
        "superseded_version", W, "引用旧版本",
        "{list_label}事项“{item}”引用的是《{title}》{date}版本（原文：{text}），清单发布时施行的是{current_date}版本。",
        "按《{title}》{current_date}版本核对条款序号和内容后改正引用。",
        query="superseded_version",
    ),
    Check(
        "not_yet_effective", W, "引用尚未施行的版本",
        "{list_label}事项“{item}”引用的《{title}》{date}版本在清单发布时尚未施行{effective_hint}（原文：{text}）。",
        "改为引用清单发布时施行的版本，或在新版本施行后再调整该事项。",
        query="not_yet_effective",
    ),
    Check(
        "missing_office", W, "无承办机构",
        "{list_label}事项“{item}”没有写明承办机构。",
        "写明承办该事项的乡镇（街道）内设机构，如“党建工作办公室”“民生服务中心”。",
        query="missing_office",
    ),
    Check(
        "missing_lead_department", E, "无县级主责部门",
        "配合事项“{item}”没有写明县级主责部门。",
        "写明牵头负责该事项的县级部门全称。",
        query="missing_lead_department",
    ),
    Check(
        "missing_receiving_department", E, "无收回部门",
        "收回事项“{item}”没有写明收回部门。",
        "写明收回该事项的上级部门全称。",
        query="missing_receiving_department",
    ),
    Check(
        "unknown_organization", W, "机构名称无法识别",
        "{list_label}事项“{item}”的{role}“{written}”{cell_hint}不在本县（乡镇）机构名录中，名称和别名均不相符。",
        "改用机构名录中的规范名称；确为新设或更名的机构，请更新机构名录。",
        query="unknown_organization", then="organization_parts",
    ),
    Check(
        "duplicate_in_township", E, "同一事项重复列入",
        "“{item}”在本乡镇（街道）重复列入：{others}。",
        "核实该事项的归属，只保留在一张清单中。",
        function="duplicate_in_township",
    ),
    Check(
        "should_be_returned", W, "应收回事项仍由乡镇承担",
        "{list_label}事项“{item}”对应收回事项目录中的“{catalogue_name}”（{code}），按目录应由上级部门收回。",
        "将该事项移入上级部门收回事项清单并写明收回部门；确需保留的，请说明理由。",
        query="should_be_returned",
    ),
    Check(
        "minority_classification", INFO, "与本县多数乡镇分类不同",
        "“{item}”在本乡镇（街道）列入{list_label}，而本县列有该事项的{listed}个乡镇（街道）中有{majority_count}个列入{majority_label}。",
        "与县级主管部门和编办核实该事项的分类，与全县保持一致或说明差异理由。",
        function="minority_classification",
    ),
    Check(
        "lead_department_conflict", W, "县级主责部门不一致",
        "配合事项“{item}”的县级主责部门为“{lead_label}”，而本县{listed}个列有该事项的乡镇（街道）中有{top_count}个写作“{top_label}”。",
        "与县级部门核实该事项的主责部门，全县统一写法。",
        function="lead_department_conflict",
    ),
    Check(
        "negative_list", E, "负面清单事项",
        "{list_label}事项“{item}”属于不得转嫁给乡镇（街道）的事项：{label}{matched_hint}。",
        "按负面清单要求，将该事项从乡镇（街道）履职事项清单中删除，由相关部门承担。",
        function="negative_list",
    ),
    Check(
        "no_guarantee", W, "配合事项无履职保障",
        "配合事项“{item}”没有写明县级主责部门提供的履职保障。",
        "写明主责部门提供的经费、人员、培训、技术等保障措施。",
        query="no_guarantee",
    ),
    Check(
        "missing_mandatory", E, "缺少兜底事项",
        "{township}的基本和配合履职事项清单中都没有兜底事项“{catalogue_name}”（{code}）。",
        "按应列尽列的要求，将该兜底事项列入基本或配合履职事项清单。",
        query="missing_mandatory",
    ),
    Check(
        "uncited_statute", INFO, "法规未被引用",
        "法规目录中的《{title}》未被已导入的任何清单事项引用。",
        "核实是否有应当以该法规为依据的事项遗漏了依据；不涉及乡镇履职的，可不处理。",
        query="uncited_statute",
    ),
)

KINDS: tuple[str, ...] = tuple(c.kind for c in CHECKS)
BY_KIND: dict[str, Check] = {c.kind: c for c in CHECKS}
