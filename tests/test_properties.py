"""Property tests: random sequences of inputs never break the flow or the answers contract."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs import assessment as flow
from dialogs import callbacks
from dialogs.flow import Context
from dialogs.flows import build
from dialogs.inputs import Choice, Command, Erase, Text, Unsupported
from dialogs.router import handle
from dialogs.session import Session
from knowledge.answers import check_consistency, check_value
from knowledge.base import load_knowledge
from knowledge.faq import FaqResult
from tests.props import tries

KB = load_knowledge()
CTX = Context(kb=KB, today=lambda: date(2026, 11, 29), flows=build(KB, lambda text: FaqResult(text, False, ())))

texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["250", "0", "1", "2024", "2027", "yes", "no", "hands on", "j1", "what?", "", "  ",
                     "2", "3", "<b>&", "🙂", "301", "1959"]),
)
commands = st.sampled_from(["start", "assess", "plan", "profile", "cancel", "help", "privacy", "delete",
                            "mydata", "nonsense", "programs"])
random_data = st.one_of(st.text(max_size=64), st.sampled_from(["a:visa:j1_ok", "nav:back:visa", "ed:visa",
                                                               "sum:confirm", "as:resume", "as:new",
                                                               "del:no", "fix:research", "plan:why"]))
actions = st.lists(st.one_of(
    st.tuples(st.just("text"), texts),
    st.tuples(st.just("command"), commands),
    st.tuples(st.just("button"), st.integers(0, 40)),
    st.tuples(st.just("choice"), random_data),
    st.tuples(st.just("unsupported"), st.just("stickers")),
), max_size=60)


@settings(max_examples=tries(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions)
def test_random_inputs_keep_state_and_answers_valid(steps):
    session, buttons = Session(), []
    for kind, value in steps:
        if kind == "button":
            if not buttons:
                continue
            inp = Choice(callbacks.decode(buttons[value % len(buttons)]))
        elif kind == "choice":
            inp = Choice(callbacks.decode(value))
        elif kind == "command":
            inp = Command(value)
        elif kind == "unsupported":
            inp = Unsupported(value)
        else:
            inp = Text(value)
        out = handle(CTX, session, inp)
        assert out.session.state in flow.STATES
        for reply in out.replies:
            assert 0 < len(reply.text) <= 4096 or (reply.edit == "settle" and not reply.text)
            for row in reply.buttons:
                for b in row:
                    assert 0 < len(b.data.encode()) <= 64
        session = Session() if any(isinstance(e, Erase) for e in out.effects) else \
            Session.from_json(out.session.to_json())  # through the stored form, as the bot does
        answers = session.answers
        for key, val in answers.items():
            assert check_value(key, val) is None, (key, val)
        assert check_consistency(answers) is None
        buttons = [b.data for r in out.replies for row in r.buttons for b in row]
