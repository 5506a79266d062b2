"""Self-assessment's LinkedIn data archive: the uploader, the answers it fills and their marks.

The ZIP is read in memory on the run that receives it and let go: the session keeps only the
counts (facts, the answers they gave, the weekly activity), per profile.
"""

from __future__ import annotations

import streamlit as st

from ssi_app import data, widgets
from ssi_app.session import lang, profile, tr
from ssi_core.archive.answers import answers_from_facts
from ssi_core.archive.reader import ArchiveRejected, read_archive
from ssi_core.errors import SSIError
from ssi_core.i18n import fmt_date, fmt_number
from ssi_core.questionnaire import Answer, Question, Questionnaire

_STATE = "archive_readings"


def _reading() -> dict | None:
    """What the session's profile's last archive said: facts, answers, weekly, as_of."""
    return st.session_state.get(_STATE, {}).get(profile())


def panel(questionnaire: Questionnaire, prefix: str, draft: dict[str, Answer]) -> None:
    """The privacy sentence, the uploader, and on a new archive its answers put in `draft`."""
    st.markdown(f"**{tr('archive.title')}**")
    st.caption(tr("archive.privacy"))
    uploaded = st.file_uploader(
        tr("archive.upload"), type=["zip"], key="archive_file", help=tr("archive.how")
    )
    reading = _reading()
    if uploaded is not None and (reading is None or reading["file_id"] != uploaded.file_id):
        try:
            result = read_archive(uploaded.getvalue(), label=uploaded.name)
        except ArchiveRejected as error:
            # The file's name and its members' names come from the upload: never markup.
            message = error.message(lang(), escape=widgets.escape_markdown)
            st.error(message, icon=":material/error:")
            return
        except SSIError as error:
            st.error(data.user_message(error), icon=":material/error:")
            return
        answers = answers_from_facts(result.facts, questionnaire)
        reading = {
            "file_id": uploaded.file_id,
            "as_of": result.as_of,
            "facts": result.facts,
            "answers": {qid: (a.value, a.source) for qid, a in answers.items()},
            "weekly": result.weekly,
        }
        st.session_state.setdefault(_STATE, {})[profile()] = reading
        filled = {qid: value for qid, (value, _) in reading["answers"].items()}
        draft.update(filled)
        widgets.reseed(prefix, filled)
    if reading is None:
        return
    if reading["answers"]:
        st.success(
            tr(
                "archive.filled",
                count=len(reading["answers"]),
                date=fmt_date(reading["as_of"], lang()),
            ),
            icon=":material/task_alt:",
        )
    else:
        st.info(tr("archive.filled_none"), icon=":material/info:")
    _save_activity(reading)


def _save_activity(reading: dict) -> None:
    if not reading["weekly"]:
        st.caption(tr("archive.activity_none"))
        return
    if st.button(
        tr("archive.save_activity"),
        key="archive_save_activity",
        help=tr("archive.save_activity_help"),
        icon=":material/timeline:",
    ):
        weeks = data.save_activity(reading["weekly"])
        st.success(tr("archive.activity_saved", count=weeks), icon=":material/check_circle:")


def _shown(value: Answer | int | None) -> str:
    if isinstance(value, bool):
        return tr("archive.yes" if value else "archive.no")
    if value is None:
        return tr("archive.unknown")
    return fmt_number(value, lang(), 0)


def note(question: Question, value: Answer) -> None:
    """Under a question the archive answered: the number behind it, or that the member changed
    it (their answer then wins)."""
    reading = _reading()
    if reading is None or question.id not in reading["answers"]:
        return
    given, _ = reading["answers"][question.id]
    if value == given:
        rule = question.from_archive
        facts = rule.facts if rule else ()
        detail = "; ".join(
            tr(f"archive.fact.{fact}", count=_shown(reading["facts"].get(fact))) for fact in facts
        )
        if rule and rule.divide_by != 1:
            # The rule, as the questionnaire file writes it (posts in 90 days ÷ 13 weeks).
            detail += " " + tr("archive.per", divisor=fmt_number(rule.divide_by, lang(), 0))
        st.caption(f":material/database: {tr('archive.from_data', detail=detail)}")
    else:
        st.caption(f":material/edit: {tr('archive.changed', value=_shown(given))}")


def sources(draft: dict[str, Answer]) -> dict | None:
    """The answers still as the archive gave them: {question: {"fact", "value"}}, for saving."""
    reading = _reading()
    if reading is None:
        return None
    kept = {}
    for qid, (given, source) in reading["answers"].items():
        if draft.get(qid) == given:
            facts = [reading["facts"].get(f.strip()) for f in source.split("+")]
            count = facts[0] if len(facts) == 1 else sum(int(f) for f in facts)
            kept[qid] = {"fact": source, "value": count}
    return kept or None
