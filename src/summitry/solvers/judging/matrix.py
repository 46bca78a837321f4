"""The score of every (application, judge) pair at once, with -1 marking ineligible pairs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from summitry.solvers.judging.model import Problem, norm, norm_set

INELIGIBLE = -1
# Cells per block: bounds the temporaries to some 100 MB whatever the judge count.
_BLOCK_CELLS = 4_000_000


def _codes(values: Sequence[str | None], table: dict[str, int]) -> np.ndarray:
    """Integer code per value (-1 for none), sharing one table between both sides."""
    out = np.full(len(values), -1, dtype=np.int64)
    for i, value in enumerate(values):
        key = norm(value)
        if key is not None:
            out[i] = table.setdefault(key, len(table))
    return out


def _bits(rows: Sequence[frozenset[str]], table: dict[str, int]) -> np.ndarray:
    """Each row's names as bits of uint64 words (exact set arithmetic, no BLAS threads)."""
    words = max(1, -(-len(table) // 64))
    out = np.zeros((len(rows), words), dtype=np.uint64)
    for i, names in enumerate(rows):
        for name in names:
            code = table[name]
            out[i, code // 64] |= np.uint64(1 << (code % 64))
    return out


def _shared(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Number of names each row shares with each column, one 64-bit word at a time."""
    total = np.zeros((len(rows), len(columns)), dtype=np.int64)
    for word in range(rows.shape[1]):
        total += np.bitwise_count(rows[:, word, None] & columns[None, :, word])
    return total


def _table(*sides: Sequence[frozenset[str]]) -> dict[str, int]:
    names = sorted({name for side in sides for row in side for name in row})
    return {name: code for code, name in enumerate(names)}


def score_matrix(problem: Problem) -> np.ndarray:
    """N×J matrix: the pair score (see `model.pair_score`) if eligible, else INELIGIBLE."""
    apps, judges = problem.applications, problem.judges
    n, m = len(apps), len(judges)
    weights, rules = problem.weights, problem.rules
    app_tag_sets = [norm_set(a.tags) for a in apps]
    judge_tag_sets = [norm_set(j.tags) for j in judges]
    categories = [norm(a.category) for a in apps]
    tag_table = _table(app_tag_sets, judge_tag_sets, [frozenset(c for c in categories if c)])
    app_tags, judge_tags = _bits(app_tag_sets, tag_table), _bits(judge_tag_sets, tag_table)
    app_language_sets = [norm_set(a.languages) for a in apps]
    judge_language_sets = [norm_set(j.languages) for j in judges]
    language_table = _table(app_language_sets, judge_language_sets)
    app_languages = _bits(app_language_sets, language_table)
    judge_languages = _bits(judge_language_sets, language_table)
    # A category counts when it is among the judge's tags: one bit of one word per application.
    has_category = np.array([c is not None for c in categories], dtype=bool)
    category_code = np.array([tag_table[c] if c else 0 for c in categories], dtype=np.int64)
    category_word, category_bit = category_code // 64, (category_code % 64).astype(np.uint64)

    names: dict[str, int] = {}
    app_org = _codes([a.organisation for a in apps], names)
    judge_org = _codes([j.organisation for j in judges], names)
    names = {}
    app_city = _codes([a.city for a in apps], names)
    judge_city = _codes([j.city for j in judges], names)
    names = {}
    app_country = _codes([a.country for a in apps], names)
    judge_country = _codes([j.country for j in judges], names)

    judge_index = {j.id: i for i, j in enumerate(judges)}
    app_index = {a.id: i for i, a in enumerate(apps)}
    declared = np.array(
        [(app_index[a], judge_index[j]) for j, a in problem.conflicts], dtype=np.int64
    ).reshape(-1, 2)

    most = weights.expertise * max((len(norm_set(a.tags)) for a in apps), default=0)
    most += weights.language + weights.category
    dtype = np.int16 if most < np.iinfo(np.int16).max else np.int64
    scores = np.empty((n, m), dtype=dtype)
    rows = max(1, _BLOCK_CELLS // max(m, 1))
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        block = slice(start, stop)
        common = _shared(app_languages[block], judge_languages) > 0
        score = np.zeros((stop - start, m), dtype=np.int64)
        if weights.expertise:
            score += weights.expertise * _shared(app_tags[block], judge_tags)
        score += weights.language * common
        if weights.category:
            words = judge_tags[:, category_word[block]].T  # (applications, judges)
            known = (words >> category_bit[block, None]) & np.uint64(1)
            score += weights.category * (known.astype(bool) & has_category[block, None])
        ok = np.ones((stop - start, m), dtype=bool)
        if rules.require_common_language:
            ok &= common
        if rules.same_organisation:
            org = app_org[block, None]
            ok &= ~((org == judge_org[None, :]) & (org >= 0))
        if rules.same_city:
            city = app_city[block, None]
            country = app_country[block, None]
            other_country = (country >= 0) & (judge_country[None, :] >= 0)
            other_country &= country != judge_country[None, :]
            ok &= ~((city == judge_city[None, :]) & (city >= 0) & ~other_country)
        if rules.same_country:
            country = app_country[block, None]
            ok &= ~((country == judge_country[None, :]) & (country >= 0))
        score[~ok] = INELIGIBLE
        scores[block] = score
    if len(declared):
        scores[declared[:, 0], declared[:, 1]] = INELIGIBLE
    return scores
