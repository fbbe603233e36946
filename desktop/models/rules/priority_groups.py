"""重点人群: the priority groups a villager may belong to, as rosters and forms name them.

The vocabulary is the one county rosters use (留守老人, 脱贫户, 退役军人 …), built in here, plus
what the county publishes as reference data (``priority_group`` records: a new group, other
words for one, or a group taken out of use). A contact's ``tags`` hold the groups' codes; a
category the vocabulary does not know, which the officer chose to keep when importing a roster,
is kept as its own words (a custom tag) and shown as such.

The tags are sensitive (PIPL art. 28): shown only in a villager's own form, never in lists or a
default export. The vocabulary in use is ``desktop.models.contacts.vocabulary(session)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class PublishedGroup(Protocol):
    """A ``priority_group`` record the county published (desktop.models.catalog.PriorityGroup)."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> list[str]: ...
    @property
    def active(self) -> bool: ...
    @property
    def sort_order(self) -> int: ...

# Codes of the domain glossary, in the order the form shows them; the labels are what rosters
# and the form say.
BUILT_IN: dict[str, str] = {
    "LEFT_BEHIND_ELDERLY": "留守老人",
    "ELDERLY_LIVING_ALONE": "独居老人",
    "EMPTY_NEST_ELDERLY": "空巢老人",
    "ADVANCED_AGE_ELDERLY": "高龄老人",
    "LEFT_BEHIND_CHILD": "留守儿童",
    "CHILD_IN_DIFFICULTY": "困境儿童",
    "LEFT_BEHIND_WOMAN": "留守妇女",
    "HARDSHIP": "困难群众",
    "DIBAO_HOUSEHOLD": "低保户",
    "EXTREME_POVERTY_SUPPORTED": "特困人员",
    "POVERTY_ALLEVIATED": "脱贫户",
    "RELAPSE_MONITORED": "防返贫监测对象",
    "PERSON_WITH_DISABILITY": "残疾人",
    "SERIOUSLY_ILL": "重病患者",
    "VETERAN": "退役军人",
    "MILITARY_FAMILY": "军烈属",
    "ENTITLED_VETERAN_FAMILY": "优抚对象",
}

# Other words rosters use for the same groups.
BUILT_IN_ALIASES: dict[str, str] = {
    "留守老年人": "LEFT_BEHIND_ELDERLY",
    "独居": "ELDERLY_LIVING_ALONE",
    "独居老年人": "ELDERLY_LIVING_ALONE",
    "空巢": "EMPTY_NEST_ELDERLY",
    "高龄": "ADVANCED_AGE_ELDERLY",
    "困难户": "HARDSHIP",
    "困难家庭": "HARDSHIP",
    "低保": "DIBAO_HOUSEHOLD",
    "低保对象": "DIBAO_HOUSEHOLD",
    "低保家庭": "DIBAO_HOUSEHOLD",
    "低保人员": "DIBAO_HOUSEHOLD",
    "特困": "EXTREME_POVERTY_SUPPORTED",
    "特困户": "EXTREME_POVERTY_SUPPORTED",
    "特困供养": "EXTREME_POVERTY_SUPPORTED",
    "特困供养人员": "EXTREME_POVERTY_SUPPORTED",
    "五保户": "EXTREME_POVERTY_SUPPORTED",
    "五保": "EXTREME_POVERTY_SUPPORTED",
    "五保对象": "EXTREME_POVERTY_SUPPORTED",
    "脱贫": "POVERTY_ALLEVIATED",
    "脱贫人口": "POVERTY_ALLEVIATED",
    "脱贫户家庭": "POVERTY_ALLEVIATED",
    "建档立卡户": "POVERTY_ALLEVIATED",
    "建档立卡脱贫户": "POVERTY_ALLEVIATED",
    "监测对象": "RELAPSE_MONITORED",
    "监测户": "RELAPSE_MONITORED",
    "防返贫监测户": "RELAPSE_MONITORED",
    "边缘易致贫户": "RELAPSE_MONITORED",
    "突发严重困难户": "RELAPSE_MONITORED",
    "残疾": "PERSON_WITH_DISABILITY",
    "残障人士": "PERSON_WITH_DISABILITY",
    "残疾人员": "PERSON_WITH_DISABILITY",
    "重病": "SERIOUSLY_ILL",
    "大病": "SERIOUSLY_ILL",
    "大病患者": "SERIOUSLY_ILL",
    "重大疾病患者": "SERIOUSLY_ILL",
    "退伍军人": "VETERAN",
    "复员军人": "VETERAN",
    "转业军人": "VETERAN",
    "军属": "MILITARY_FAMILY",
    "烈属": "MILITARY_FAMILY",
    "烈士家属": "MILITARY_FAMILY",
    "军人家属": "MILITARY_FAMILY",
    "优抚": "ENTITLED_VETERAN_FAMILY",
}

# Several groups in one cell: 留守老人、低保户 / 留守老人,低保户 / 留守老人 低保户 …
TAG_SPLIT = re.compile(r"[,，、;；/／|\s]+")


def normalize_label(text: str) -> str:
    """A category as compared with the vocabulary: NFKC (full-width forms folded), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Vocabulary:
    """The groups in use: code → label (the form's order), and every word → code."""

    labels: dict[str, str]
    words: dict[str, str]

    def code_for(self, word: str) -> str | None:
        return self.words.get(normalize_label(word))

    def label(self, tag: str) -> str:
        """A tag as people read it: the group's label, or a custom tag's own words."""
        return self.labels.get(tag) or BUILT_IN.get(tag) or tag

    def labels_of(self, tags: Iterable[str]) -> list[str]:
        return [self.label(tag) for tag in tags]


def build_vocabulary(published: Iterable[PublishedGroup]) -> Vocabulary:
    """The built-in groups with what the county has published on top."""
    labels = dict(BUILT_IN)
    words = {label: code for code, label in BUILT_IN.items()}
    words.update(BUILT_IN_ALIASES)
    for group in sorted(published, key=lambda g: (g.sort_order, g.code)):
        if not group.active:
            labels.pop(group.code, None)
            continue
        labels[group.code] = group.name
        for word in (group.name, *(group.aliases or [])):
            words[normalize_label(word)] = group.code
    for word in [w for w, code in words.items() if code not in labels]:
        del words[word]
    return Vocabulary(labels, words)


BUILT_IN_VOCABULARY = build_vocabulary(())


def split_categories(text: str, words: Vocabulary) -> tuple[list[str], list[str]]:
    """The group codes a 人员类别 cell names, and the words in it nobody knows (in order)."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in TAG_SPLIT.split(unicodedata.normalize("NFKC", text)):
        if not part:
            continue
        code = words.code_for(part)
        if code is None:
            if part not in unknown:
                unknown.append(part)
        elif code not in codes:
            codes.append(code)
    return codes, unknown
