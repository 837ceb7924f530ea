import json, hashlib, datetime as dt, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
def h(s, n): return hashlib.sha256(s.encode()).hexdigest()[:n]
def S(k, v): return {"key": k, "value": {"stringValue": v}}
def I(k, v): return {"key": k, "value": {"intValue": str(v)}}
def A(k, vs): return {"key": k, "value": {"arrayValue": {"values": [{"stringValue": x} for x in vs]}}}
def ns(t): return str(int(t.replace(microsecond=0).timestamp()) * 10**9 + t.microsecond * 1000)
def J(o): return json.dumps(o, ensure_ascii=False, separators=(", ", ": "))

class Trace:
    def __init__(self, key, t0, capture=True):
        self.key, self.t, self.spans, self.n, self.capture = key, t0, [], 0, capture
        self.tid = h("trace" + key, 32)
        self.sess = "%s-%s-4%s-a%s-%s" % (h("s"+key, 8), h("s1"+key, 4), h("s2"+key, 3), h("s3"+key, 3), h("s4"+key, 12))
        self.inv = "e-" + "%s-%s-4%s-8%s-%s" % (h("i"+key, 8), h("i1"+key, 4), h("i2"+key, 3), h("i3"+key, 3), h("i4"+key, 12))
    def span(self, parent, name, attrs, dur=1.0, status=None):
        self.n += 1
        sid = h(self.key + str(self.n), 16)
        start = self.t
        self.t = self.t + dt.timedelta(seconds=dur)
        sp = {"traceId": self.tid, "spanId": sid}
        if parent: sp["parentSpanId"] = parent
        sp.update({"name": name, "kind": 1, "startTimeUnixNano": ns(start), "endTimeUnixNano": ns(self.t), "attributes": attrs, "status": status or {}})
        self.spans.append(sp)
        return sid
    def evid(self): self.n += 0; return "%s-%s-4%s-9%s-%s" % (h("ev"+self.key+str(self.n), 8), h("e1"+str(self.n)+self.key, 4), h("e2"+self.key+str(self.n), 3), h("e3"+self.key+str(self.n), 3), h("e4"+self.key+str(self.n), 12))
    def invocation(self, parent=None): return self.span(parent, "invocation", [], 0.01)
    def agent(self, parent, name, desc):
        return self.span(parent, "invoke_agent " + name, [S("gen_ai.operation.name", "invoke_agent"), S("gen_ai.agent.description", desc), S("gen_ai.agent.name", name), S("gen_ai.conversation.id", self.sess)], 0.01)
    def llm(self, parent, model, req_text, resp, tools_cfg=None, tin=800, tout=120, system="", contents=None):
        at = [S("gen_ai.system", "gcp.vertex.agent"), S("gen_ai.request.model", model), S("gcp.vertex.agent.invocation_id", self.inv), S("gcp.vertex.agent.session_id", self.sess), S("gcp.vertex.agent.event_id", self.evid())]
        if self.capture:
            cfg = {"system_instruction": system}
            if tools_cfg: cfg["tools"] = tools_cfg
            at.append(S("gcp.vertex.agent.llm_request", J({"model": model, "config": cfg, "contents": contents or [{"parts": [{"text": req_text}], "role": "user"}]})))
            at.append(S("gcp.vertex.agent.llm_response", J(resp)))
        at += [I("gen_ai.usage.input_tokens", tin), I("gen_ai.usage.output_tokens", tout), A("gen_ai.response.finish_reasons", ["stop"])]
        return self.span(parent, "call_llm", at, 1.5)
    def tool(self, parent, name, typ, desc, args, result, call_id):
        at = [S("gen_ai.operation.name", "execute_tool"), S("gen_ai.tool.description", desc), S("gen_ai.tool.name", name), S("gen_ai.tool.type", typ),
              S("gcp.vertex.agent.llm_request", "{}"), S("gcp.vertex.agent.llm_response", "{}")]
        if self.capture: at.append(S("gcp.vertex.agent.tool_call_args", J(args)))
        at += [S("gen_ai.tool.call.id", call_id), S("gcp.vertex.agent.event_id", self.evid())]
        if self.capture:
            at.append(S("gcp.vertex.agent.tool_response", J(result if isinstance(result, dict) else {"result": result})))
        return self.span(parent, "execute_tool " + name, at, 0.8)
    def line(self, service):
        res = {"attributes": [S("service.name", service), S("telemetry.sdk.language", "python"), S("telemetry.sdk.name", "opentelemetry"), S("telemetry.sdk.version", "1.37.0")]}
        return json.dumps({"resourceSpans": [{"resource": res, "scopeSpans": [{"scope": {"name": "gcp.vertex.agent", "version": "1.18.0"}, "spans": self.spans, "schemaUrl": "https://opentelemetry.io/schemas/1.37.0"}]}]}, separators=(",", ":"))

def cid(key): return "adk-%s-%s-4%s-a%s-%s" % (h("c"+key, 8), h("c1"+key, 4), h("c2"+key, 3), h("c3"+key, 3), h("c4"+key, 12))
def fc(name, args, key): return {"content": {"parts": [{"function_call": {"id": cid(key), "args": args, "name": name}}], "role": "model"}, "finish_reason": "STOP", "usage_metadata": {"candidates_token_count": 24, "prompt_token_count": 812, "total_token_count": 836}}
def text(t): return {"content": {"parts": [{"text": t}], "role": "model"}, "finish_reason": "STOP", "usage_metadata": {"candidates_token_count": 140, "prompt_token_count": 1210, "total_token_count": 1350}}
FD = lambda *names: [{"function_declarations": [{"name": n} for n in names]}]
CONC_TOOLS = FD("destination_researcher", "search_hotels", "get_hotel_details", "save_itinerary", "transfer_to_agent")

TRIPS = {
  6: ("Lyon", "2026-11-18", "Cité Internationale"), 9: ("Hamburg", "2026-11-19", "CCH"), 10: ("Frankfurt", "2026-11-24", "Messe Frankfurt"),
  11: ("Vienna", "2026-11-26", "Austria Center"), 12: ("Zurich", "2026-11-27", "Kongresshaus"), 13: ("Milan", "2026-12-01", "MiCo"),
  14: ("Copenhagen", "2026-12-03", "Bella Center"), 15: ("Munich", "2026-12-04", "ICM"),
}
BOOK = {9: ("B-2203", "rail", 184.20), 10: ("B-2207", "rail", 238.40), 11: ("B-2209", "air", 412.90), 14: ("B-2214", "air", 1240.00), 15: ("B-2216", "rail", 206.10)}

def grounded(city, date, n):
    q = ["%s transport strike %s" % (city, date[:7]), "%s events %s" % (city, date)]
    return {"content": {"parts": [{"text": "No transport strike is announced in %s for %s; a trade fair fills central hotels that week [1][2]." % (city, date)}], "role": "model"},
            "grounding_metadata": {"grounding_chunks": [{"web": {"domain": "reuters.com", "title": "reuters.com", "uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQ" + h(city+"1", 24)}},
                                                       {"web": {"domain": "%s.travel" % city.lower(), "title": "%s.travel" % city.lower(), "uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQ" + h(city+"2", 24)}}],
                                   "grounding_supports": [{"confidence_scores": [0.91], "grounding_chunk_indices": [0, 1], "segment": {"end_index": 96, "text": "No transport strike is announced in %s" % city}}],
                                   "search_entry_point": {"rendered_content": "<style>.container{}</style><div class=\"container\">...</div>"},
                                   "web_search_queries": q},
            "finish_reason": "STOP", "usage_metadata": {"candidates_token_count": 96, "prompt_token_count": 310, "total_token_count": 406}}

def concierge(day, payment_model="gemini-2.5-pro", air_model="gemini-2.5-flash", extra_tool=None):
    city, date, venue = TRIPS[day]
    t0 = dt.datetime(2026, 11, day, 9, 0, 5, tzinfo=dt.timezone.utc)
    tr = Trace("conc%d" % day, t0)
    inv = tr.invocation()
    root = tr.agent(inv, "trip_concierge", "Plans business trips for Corvid staff and hands confirmed trips to the booking pipeline.")
    ask = "Plan my trip to %s for the meeting at %s on %s." % (city, venue, date)
    k = "d%d" % day
    tr.llm(root, "gemini-2.5-flash", ask, fc("destination_researcher", {"request": "Travel advisories and events in %s around %s" % (city, date)}, k+"r"), CONC_TOOLS)
    te = tr.tool(root, "destination_researcher", "AgentTool", "Searches the web for travel advisories, strikes and events at the destination.",
                 {"request": "Travel advisories and events in %s around %s" % (city, date)}, "No transport strike is announced in %s for %s." % (city, date), cid(k+"r"))
    i2 = tr.invocation(te)
    ra = tr.agent(i2, "destination_researcher", "Searches the web for travel advisories, strikes and events at the destination.")
    tr.llm(ra, "gemini-2.5-flash", "Travel advisories and events in %s around %s" % (city, date), grounded(city, date, day), [{"google_search": {}}], 310, 96)
    tr.llm(root, "gemini-2.5-flash", ask, fc("search_hotels", {"near": venue, "check_in": date, "nights": 2}, k+"h"), CONC_TOOLS)
    tr.tool(root, "search_hotels", "McpTool", "Search hotels with free rooms near a place.", {"near": venue, "check_in": date, "nights": 2},
            {"content": [{"type": "text", "text": "3 hotels: Hotel Aurum (EUR 149), Parkhotel (EUR 171), Stadthaus (EUR 188)"}], "isError": False}, cid(k+"h"))
    tr.llm(root, "gemini-2.5-flash", ask, fc("save_itinerary", {"traveller": "staff-%d" % (4100 + day), "city": city, "date": date, "hotel": "Hotel Aurum"}, k+"s"), CONC_TOOLS)
    tr.tool(root, "save_itinerary", "FunctionTool", "Saves the itinerary draft to the traveller's trip folder.", {"traveller": "staff-%d" % (4100 + day), "city": city, "date": date, "hotel": "Hotel Aurum"},
            {"status": "saved", "itinerary_id": "IT-%d" % (88000 + day)}, cid(k+"s"))
    if extra_tool:
        n, args, res = extra_tool
        tr.llm(root, "gemini-2.5-flash", ask, fc(n, args, k+"x"), CONC_TOOLS)
        tr.tool(root, n, "FunctionTool", "", args, res, cid(k+"x"))
    if day not in BOOK:
        tr.llm(root, "gemini-2.5-flash", ask, text("Your %s trip is drafted (IT-%d). Tell me when to book." % (city, 88000 + day)), CONC_TOOLS)
        return tr
    bk, mode, amount = BOOK[day]
    tr.llm(root, "gemini-2.5-flash", "Book it.", fc("transfer_to_agent", {"agent_name": "booking_pipeline"}, k+"t"), CONC_TOOLS)
    tr.tool(root, "transfer_to_agent", "TransferToAgentTool", "Transfer the question to another agent.", {"agent_name": "booking_pipeline"}, {"result": None}, cid(k+"t"))
    bp = tr.agent(root, "booking_pipeline", "Collects fare quotes, then pays for the chosen fare.")
    qf = tr.agent(bp, "quote_fanout", "Asks the rail and air quote agents at the same time.")
    rq = tr.agent(qf, "rail_quotes", "Quotes rail fares for the trip.")
    aq = tr.agent(qf, "air_quotes", "Quotes economy air fares for the trip.")
    tr.llm(rq, "gemini-2.5-flash", "Quote rail fares.", fc("search_rail_fares", {"to": city, "date": date}, k+"rf"), FD("search_rail_fares"))
    tr.llm(aq, air_model, "Quote air fares.", fc("search_air_fares", {"to": city, "date": date}, k+"af"), FD("search_air_fares"))
    tr.tool(rq, "search_rail_fares", "FunctionTool", "Searches flexible rail fares.", {"to": city, "date": date}, {"fares": [{"fare": "Flex", "eur": 238.40}]}, cid(k+"rf"))
    tr.tool(aq, "search_air_fares", "FunctionTool", "Searches economy air fares.", {"to": city, "date": date}, {"fares": [{"fare": "Economy Classic", "eur": 412.90}]}, cid(k+"af"))
    tr.llm(rq, "gemini-2.5-flash", "Quote rail fares.", text("Rail: Flex EUR 238.40"), FD("search_rail_fares"))
    tr.llm(aq, air_model, "Quote air fares.", text("Air: Economy Classic EUR 412.90"), FD("search_air_fares"))
    pa = tr.agent(bp, "payment_agent", "Pays for the chosen fare on the corporate card once the travel manager approves.")
    req = {"booking": bk, "fare": mode, "amount_eur": amount}
    tr.llm(pa, payment_model, "Pay for the chosen fare.", fc("request_payment_approval", req, k+"p"), FD("request_payment_approval", "charge_card"))
    tr.tool(pa, "request_payment_approval", "LongRunningFunctionTool", "Asks the travel manager to approve a card payment; the answer arrives later.", req,
            {"status": "pending", "ticket_id": "APR-%d" % (5100 + day), "approver": "travel-manager"}, cid(k+"p"))
    tr.llm(pa, payment_model, "Pay for the chosen fare.", text("I asked the travel manager to approve EUR %.2f for %s (APR-%d)." % (amount, bk, 5100 + day)), FD("request_payment_approval", "charge_card"))
    return tr

def payment(day, at, decision, extra=None):
    bk, mode, amount = BOOK[day]
    tr = Trace("pay%d" % day, at)
    inv = tr.invocation()
    pa = tr.agent(inv, "payment_agent", "Pays for the chosen fare on the corporate card once the travel manager approves.")
    k = "d%d" % day
    resp = {"id": cid(k+"p"), "name": "request_payment_approval", "response": {"status": decision, "ticket_id": "APR-%d" % (5100 + day)}}
    body = {"booking": bk, "amount_eur": amount}
    a = tr.llm(pa, "gemini-2.5-pro", "", fc("charge_card", body, k+"c"), FD("request_payment_approval", "charge_card"),
               contents=[{"parts": [{"function_call": {"id": cid(k+"p"), "args": {"booking": bk, "fare": mode, "amount_eur": amount}, "name": "request_payment_approval"}}], "role": "model"},
                         {"parts": [{"function_response": resp}], "role": "user"}])
    tr.tool(pa, "charge_card", "FunctionTool", "Charges the corporate travel card.", body, {"status": "charged", "booking": bk, "amount_eur": amount, "auth_code": "A%s" % h(bk, 6).upper()}, cid(k+"c"))
    if extra:
        n, args, res = extra
        tr.llm(pa, "gemini-2.5-pro", "Also refund the duplicate charge.", fc(n, args, k+"x"), FD("request_payment_approval", "charge_card"))
        tr.tool(pa, n, "FunctionTool", "", args, res, cid(k+"x"))
    tr.llm(pa, "gemini-2.5-pro", "", text("Paid EUR %.2f for %s." % (amount, bk)), FD("request_payment_approval", "charge_card"))
    return tr

lines, reviews = [], []
svc = "corvid-concierge"
lines.append(concierge(6, extra_tool=("cancel_booking", {"booking": "B-2188"}, {"status": "cancelled"})).line(svc))
for day in range(9, 16):
    air = "gemini-3-pro-preview" if day == 14 else "gemini-2.5-flash"
    lines.append(concierge(day, air_model=air).line(svc))
    if day in BOOK:
        bk, mode, amount = BOOK[day]
        dec_t = dt.datetime(2026, 11, day, 9, 12 + (day % 3), 40, tzinfo=dt.timezone.utc)
        ok = day != 14
        reviews.append({"time": dec_t.strftime("%Y-%m-%dT%H:%M:%SZ"), "agent": "payment_agent", "actor": "user:mara.koenig", "action": "human.review", "tool": "charge_card",
                        "outcome": "success" if ok else "denied",
                        "input": ("approve: %s EUR %.2f (APR-%d)" % (bk, amount, 5100 + day)) if ok else ("reject: %s EUR %.2f (APR-%d) is over the EUR 900 cap; book rail" % (bk, amount, 5100 + day))})
        extra = ("issue_refund", {"booking": "B-2201", "amount_eur": 96.00}, {"status": "refunded", "booking": "B-2201"}) if day == 11 else None
        lines.append(payment(day, dt.datetime(2026, 11, day, 9, 20, 2, tzinfo=dt.timezone.utc), "approved" if ok else "rejected", extra).line(svc))
open(OUT + "/logs/concierge.traces.jsonl", "w").write("\n".join(lines) + "\n")
open(OUT + "/logs/approvals.jsonl", "w").write("\n".join(json.dumps(r, separators=(",", ":")) for r in reviews) + "\n")

# partner desk: ADK_CAPTURE_MESSAGE_CONTENT_IN_SPANS=false
pl = []
for day in range(9, 16):
    tr = Trace("partner%d" % day, dt.datetime(2026, 11, day, 14, 0, 9, tzinfo=dt.timezone.utc), capture=False)
    inv = tr.invocation()
    ag = tr.agent(inv, "partner_desk", "Answers Corvid staff's questions about the travel policy and public events.")
    tr.llm(ag, "gemini-2.5-flash", "", {}, None, 420, 160)
    pl.append(tr.line("corvid-partner-desk"))
open(OUT + "/logs/partner-desk.traces.jsonl", "w").write("\n".join(pl) + "\n")
