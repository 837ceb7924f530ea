#!/usr/bin/env python3
"""Writes logs/crew.traces.jsonl: one Collector file-exporter line (TracesData)
per crew kickoff, in the shapes of traceloop/openllmetry @93429cf:
opentelemetry-instrumentation-crewai (crewai.workflow, {description}.task,
{role}.agent), -openai / -anthropic (openai.chat / anthropic.chat with
gen_ai.input/output.messages) and the SDK's tool decorator ({name}.tool).
Run from the scenario folder: python3 tools/gen.py"""
import json, datetime as dt

SVC = "claims-crew"
def ns(t): return str(int(t.timestamp() * 1e9))
def s(k, v):
    if isinstance(v, bool): return {"key": k, "value": {"boolValue": v}}
    if isinstance(v, int): return {"key": k, "value": {"intValue": str(v)}}
    return {"key": k, "value": {"stringValue": v}}

TOOLS = {
  "intake": [{"name": "Read a file's content", "description": "A tool that reads the content of a file."},
             {"name": "policy_lookup", "description": "Look up a policy by its number in the policy admin system."}],
  "fraud": [{"name": "Search the internet with Serper", "description": "A tool that can be used to search the internet with a search_query."},
            {"name": "claims_history", "description": "Earlier claims of the same policyholder."},
            {"name": "flag_claim", "description": "Refer a claim to the special investigations unit (blocks payment)."}],
  "letter": [{"name": "send_customer_letter", "description": "Send a letter to the policyholder by e-mail."}],
  "subro": [{"name": "policy_lookup", "description": "Look up a policy by its number in the policy admin system."}],
}

class Run:
    def __init__(self, day, claim, line, n):
        self.t = dt.datetime(2026, 11, day, 9, 0, 0, tzinfo=dt.timezone.utc)
        self.trace = "%032x" % (0xc0ea1000 + n)
        self.n, self.sid, self.claim, self.line = n, 0, claim, line
        self.scopes = {}
    def span_id(self):
        self.sid += 1
        return "%08x%08x" % (0xb0000000 + self.n, self.sid)
    def add(self, scope, name, kind, parent, start, secs, attrs, status=1):
        sp = {"traceId": self.trace, "spanId": self.span_id(), "name": name, "kind": kind,
              "startTimeUnixNano": ns(start), "endTimeUnixNano": ns(start + dt.timedelta(seconds=secs)),
              "attributes": attrs, "status": {"code": status}}
        if parent: sp["parentSpanId"] = parent
        self.scopes.setdefault(scope, []).append(sp)
        return sp["spanId"]
    def doc(self):
        ver = {"opentelemetry.instrumentation.crewai.instrumentation": "0.36.0",
               "opentelemetry.instrumentation.openai.v1": "0.62.1",
               "opentelemetry.instrumentation.anthropic": "0.62.1", "traceloop.tracer": "0.62.1"}
        return {"resourceSpans": [{"resource": {"attributes": [
            s("service.name", SVC), s("telemetry.sdk.language", "python"), s("telemetry.sdk.name", "opentelemetry"),
            s("telemetry.sdk.version", "1.38.0")]},
            "scopeSpans": [{"scope": {"name": k, "version": ver[k]}, "spans": v} for k, v in self.scopes.items()]}]}

CREWAI = "opentelemetry.instrumentation.crewai.instrumentation"
def base(): return [s("gen_ai.provider.name", "crewai"), s("gen_ai.operation.name", "invoke_agent")]

def model(r, parent, t, vendor, mdl, user, out_parts, prior=None):
    scope = "opentelemetry.instrumentation.openai.v1" if vendor == "openai" else "opentelemetry.instrumentation.anthropic"
    name = "openai.chat" if vendor == "openai" else "anthropic.chat"
    msgs = [{"role": "system", "parts": [{"type": "text", "content": "You are the crew agent. Use the tools you are given."}]},
            {"role": "user", "parts": [{"type": "text", "content": user}]}] + (prior or [])
    resp = {"gpt-4o-mini": "gpt-4o-mini-2024-07-18", "gpt-4o": "gpt-4o-2024-08-06"}.get(mdl, mdl)
    r.add(scope, name, 3, parent, t, 4, [s("gen_ai.operation.name", "chat"), s("gen_ai.provider.name", vendor),
        s("gen_ai.request.model", mdl), s("gen_ai.response.model", resp),
        s("gen_ai.input.messages", json.dumps(msgs)),
        s("gen_ai.output.messages", json.dumps([{"role": "assistant", "parts": out_parts,
            "finish_reason": "tool_call" if any(p["type"] == "tool_call" for p in out_parts) else "stop"}]))])

def toolspan(r, parent, t, name, inp, out):
    r.add("traceloop.tracer", name + ".tool", 1, parent, t, 1, [s("traceloop.span.kind", "tool"),
        s("traceloop.entity.name", name), s("gen_ai.tool.name", name), s("traceloop.entity.path", name),
        s("traceloop.entity.input", json.dumps({"args": [], "kwargs": inp})), s("traceloop.entity.output", json.dumps(out))])

def agent(r, task_parent, t, role, key, mdl, steps, n):
    """steps: list of (tool_name_as_model_calls_it, traced_span_name or None, args, result)."""
    aid = r.add(CREWAI, role + ".agent", 1, task_parent, t, 40, [s("traceloop.span.kind", "agent")] + base() + [
        s("crewai.agent.role", role), s("crewai.agent.goal", "..."), s("crewai.agent.tools", json.dumps(TOOLS[key])),
        s("crewai.agent.allow_delegation", "False"), s("crewai.agent.max_iter", "25"),
        s("gen_ai.agent.name", role), s("gen_ai.agent.id", "7b3f%04x-1c2d-4e5f-8a9b-%012x" % (n, r.n * 16 + n)),
        s("gen_ai.request.model", mdl), s("gen_ai.response.model", mdl),
        s("gen_ai.usage.input_tokens", 1800), s("gen_ai.usage.output_tokens", 420)])
    vendor = "anthropic" if mdl.startswith("claude") else "openai"
    prior, tt = [], t + dt.timedelta(seconds=1)
    for i, (mname, traced, args, res) in enumerate(steps):
        cid = "call_%s%02d%d%d" % (r.claim.replace("-", ""), r.n, n, i)
        part = {"type": "tool_call", "id": cid, "name": mname, "arguments": args}
        model(r, aid, tt, vendor, mdl, "Task: %s" % r.claim, [part], list(prior))
        tt += dt.timedelta(seconds=5)
        if traced: toolspan(r, aid, tt, traced, args, res)
        prior += [{"role": "assistant", "parts": [part]},
                  {"role": "tool", "parts": [{"type": "tool_call_response", "id": cid, "response": json.dumps(res)}]}]
        tt += dt.timedelta(seconds=2)
    model(r, aid, tt, vendor, mdl, "Task: %s" % r.claim, [{"type": "text", "content": "Final Answer: done for %s" % r.claim}], list(prior))
    return aid

def task(r, wf, t, desc, role, human, name):
    return r.add(CREWAI, desc + ".task", 1, wf, t, 60, [s("traceloop.span.kind", "task")] + base() + [
        s("crewai.task.name", name), s("crewai.task.description", desc), s("crewai.task.expected_output", "..."),
        s("crewai.task.agent", role), s("crewai.task.human_input", "True" if human else "False"),
        s("crewai.task.async_execution", "False"), s("crewai.task.tools", "[]"),
        s("traceloop.entity.output", "Output of %s" % name)])

def crew(day, claim, line, n, fraud_model="claude-sonnet-4-5", flag=False, subro=False, intake_extra=False):
    r = Run(day, claim, line, n)
    t = r.t
    roles = ["%s Claims Intake Analyst" % line, "Fraud Screener", "Customer Letter Writer"] + (["Subrogation Analyst"] if subro else [])
    wf = r.add(CREWAI, "crewai.workflow", 1, None, t, 300, base() + [
        s("crewai.crew.name", "Claims Triage Crew"), s("crewai.crew.process", "Process.sequential"),
        s("crewai.crew.agents", json.dumps([{"role": x} for x in roles])),
        s("crewai.crew.result", "Letter for %s sent" % claim)])
    t1 = task(r, wf, t + dt.timedelta(seconds=1), "Summarise claim %s for the %s desk" % (claim, line), roles[0], False, "intake_task")
    steps = [("read_a_files_content", None, {"file_path": "claims/%s/fnol.pdf" % claim}, "First notification of loss ..."),
             ("policy_lookup", "policy_lookup", {"policy_number": "BM-%s" % claim[-4:]}, {"status": "in force"})]
    if intake_extra:
        steps.append(("claims_history", "claims_history", {"policy_number": "BM-%s" % claim[-4:]}, {"claims": 2}))
    agent(r, t1, t + dt.timedelta(seconds=2), roles[0], "intake", "gpt-4o-mini", steps, 1)
    t2 = task(r, wf, t + dt.timedelta(seconds=70), "Screen claim %s for fraud indicators" % claim, "Fraud Screener", False, "screen_task")
    steps = [("claims_history", "claims_history", {"policy_number": "BM-%s" % claim[-4:]}, {"claims": 1})]
    if flag:
        steps.append(("flag_claim", "flag_claim", {"claim_id": claim, "reason": "three claims in a year"}, {"referred": True}))
    agent(r, t2, t + dt.timedelta(seconds=71), "Fraud Screener", "fraud", fraud_model, steps, 2)
    if subro:
        t4 = task(r, wf, t + dt.timedelta(seconds=130), "Check recovery options for claim %s" % claim, "Subrogation Analyst", False, "subrogation_task")
        agent(r, t4, t + dt.timedelta(seconds=131), "Subrogation Analyst", "subro", "gpt-4o-mini",
              [("policy_lookup", "policy_lookup", {"policy_number": "BM-%s" % claim[-4:]}, {"status": "in force"})], 4)
    t3 = task(r, wf, t + dt.timedelta(seconds=200), "Write the acknowledgement letter for claim %s" % claim, "Customer Letter Writer", True, "letter_task")
    agent(r, t3, t + dt.timedelta(seconds=201), "Customer Letter Writer", "letter", "gpt-4o",
          [("send_customer_letter", "send_customer_letter", {"claim_id": claim, "body": "Dear customer ..."}, {"sent": True})], 3)
    return r.doc()

runs = [
    crew(5, "MC-1100", "Motor", 0, fraud_model="claude-opus-4-1"),          # 1: before the period
    crew(9, "MC-1101", "Motor", 1),                                          # 2
    crew(10, "MC-1102", "Motor", 2),                                         # 3
    crew(11, "MC-1103", "Motor", 3, flag=True),                              # 4: flag approved
    crew(12, "PC-2201", "Property", 4),                                      # 5: property desk
    crew(13, "MC-1104", "Motor", 5, fraud_model="claude-opus-4-1", subro=True),  # 6: opus, subrogation agent
    crew(14, "MC-1105", "Motor", 6, flag=True),                              # 7: flag rejected, ran
    crew(15, "PC-2202", "Property", 7, intake_extra=True),                   # 8: intake calls claims_history
]
with open("logs/crew.traces.jsonl", "w") as f:
    for d in runs:
        f.write(json.dumps(d, separators=(",", ":")) + "\n")
