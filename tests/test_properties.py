"""Property tests: random sequences of inputs never break the flow or the answers contract."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs import assessment as flow
from dialogs.reply import Input
from dialogs.router import Context, handle
from knowledge.answers import check_consistency, check_value
from knowledge.base import load_knowledge

KB = load_knowledge()
CTX = Context(kb=KB, today=lambda: date(2026, 11, 29))

texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["250", "0", "1", "2024", "2027", "yes", "no", "hands on", "j1", "what?", "", "  ",
                     "2", "3", "<b>&", "🙂", "301", "1959"]),
)
commands = st.sampled_from(["start", "assess", "plan", "profile", "cancel", "help", "privacy", "delete",
                            "mydata", "nonsense"])
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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions)
def test_random_inputs_keep_state_and_answers_valid(steps):
    state, data, buttons = flow.IDLE, {}, []
    for kind, value in steps:
        if kind == "button":
            if not buttons:
                continue
            inp = Input("choice", buttons[value % len(buttons)])
        elif kind == "command":
            inp = Input("command", value)
        else:
            inp = Input(kind, value)
        out = handle(CTX, state, data, inp)
        assert out.state in flow.STATES
        for reply in out.replies:
            assert 0 < len(reply.text) <= 4096
            for row in reply.buttons:
                for b in row:
                    assert 0 < len(b.data.encode()) <= 64
        if "erase" in out.effects:
            state, data = flow.IDLE, {}
        else:
            state, data = out.state, out.data
        answers = data.get("answers", {})
        for key, val in answers.items():
            assert check_value(key, val) is None, (key, val)
        assert check_consistency(answers) is None
        buttons = [b.data for r in out.replies for row in r.buttons for b in row]
