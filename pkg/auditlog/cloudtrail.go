package auditlog

import (
	"bytes"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

// decodeCloudTrail maps CloudTrail records onto events: a {"Records":[...]}
// object, a single event, or an EventBridge envelope (detail). Each event is
// passed to emit; ev is reset in between.
func decodeCloudTrail(v *fastjson.Value, ev *event, emit func(*event), bad func(error)) {
	if v.Type() != fastjson.TypeObject {
		bad(errNotObject)
		return
	}
	one := func(r *fastjson.Value, read func(*fastjson.Value, *event) error) {
		if err := read(r, ev); err != nil {
			bad(err)
			return
		}
		emit(ev)
	}
	switch {
	case v.Exists("eventSource"):
		// One event, the shape of every record a Records document is cut
		// into: tried first, so the rarer shapes below cost it nothing.
		one(v, cloudTrailEvent)
	case v.Exists("Records"):
		arr, err := v.Get("Records").Array()
		if err != nil {
			bad(errShape("Records is not an array"))
			return
		}
		file, line := ev.file, ev.line
		for _, r := range arr {
			ev.reset()
			ev.file, ev.line = file, line
			one(r, cloudTrailEvent)
		}
	case v.Get("detail") != nil && v.Get("detail").Type() == fastjson.TypeObject:
		one(v.Get("detail"), cloudTrailEvent) // an EventBridge envelope
	case isBedrockInvocation(v):
		one(v, bedrockInvocation)
	case isCloudTrailDigest(v):
		bad(errCloudTrailDigest)
	default:
		msgs, control := cloudWatchMessages(v)
		switch {
		case control:
			bad(errCloudWatchControl)
		case msgs == nil:
			one(v, cloudTrailEvent) // says what the record lacks
		default:
			// One parser for the envelope: each message's event is
			// aggregated (emit copies what it keeps) before the next
			// message is parsed.
			var p fastjson.Parser
			file, line := ev.file, ev.line
			for _, m := range msgs {
				ev.reset()
				ev.file, ev.line = file, line
				inner, err := p.ParseBytes(m.GetStringBytes("message"))
				if err != nil {
					bad(errShape("CloudWatch Logs message that is not JSON: " + jsonReason(err)))
					continue
				}
				one(inner, awsRecord)
			}
		}
	}
}

// A digest file is what CloudTrail delivers beside the log files when log
// file integrity validation is on (CloudTrail-Digest/ in the bucket): the
// hashes of the log files of an hour and the previous digest's signature,
// no events. A folder synced from the bucket holds both, so a digest is a
// counted ignore, never a bad record that reads as lost coverage.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
const errCloudTrailDigest = ignoredError("CloudTrail digest file (integrity hashes of log files, no events)")

func isCloudTrailDigest(v *fastjson.Value) bool {
	return v.Exists("digestStartTime") && v.Exists("logFiles")
}

// CloudTrail and Bedrock invocation logs delivered to CloudWatch Logs leave
// it in envelopes whose messages are the records as JSON strings: a
// subscription's (Firehose, Lambda) {"messageType":"DATA_MESSAGE",
// "logGroup", "logEvents":[{"id","timestamp","message"}]} and
// `aws logs filter-log-events`' {"events":[{"timestamp","message",...}]}.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html
// https://docs.aws.amazon.com/cli/latest/reference/logs/filter-log-events.html
// A CONTROL_MESSAGE is the subscription's own check that the destination
// is reachable: no event.
const errCloudWatchControl = ignoredError("CloudWatch Logs subscription control message (no log events)")

// cloudWatchMessages returns the messages of such an envelope (nil when v
// is none), and whether it is a control message.
func cloudWatchMessages(v *fastjson.Value) ([]*fastjson.Value, bool) {
	if string(v.GetStringBytes("messageType")) == "CONTROL_MESSAGE" {
		return nil, true
	}
	list := v.GetArray("logEvents")
	if list == nil {
		list = v.GetArray("events")
	}
	if len(list) == 0 || list[0].Get("message") == nil || list[0].Get("message").Type() != fastjson.TypeString {
		return nil, false
	}
	return list, false
}

// isCloudWatchAWSEnvelope claims an envelope whose first message is a
// CloudTrail event or a Bedrock invocation log.
func isCloudWatchAWSEnvelope(v *fastjson.Value) bool {
	msgs, control := cloudWatchMessages(v)
	if control {
		return string(v.GetStringBytes("logGroup")) != "" || v.Exists("subscriptionFilters")
	}
	if len(msgs) == 0 {
		return false
	}
	m := msgs[0].GetStringBytes("message")
	return bytes.Contains(m, []byte(`"eventSource"`)) || bytes.Contains(m, []byte(`"ModelInvocationLog"`))
}

// awsRecord reads one CloudTrail event or Bedrock invocation log.
func awsRecord(r *fastjson.Value, ev *event) error {
	if isBedrockInvocation(r) {
		return bedrockInvocation(r, ev)
	}
	return cloudTrailEvent(r, ev)
}

type errShape string

func (e errShape) Error() string { return string(e) }

func cloudTrailEvent(r *fastjson.Value, ev *event) error {
	if r.Type() != fastjson.TypeObject {
		return errNotObject
	}
	t, err := recordTime(r, "eventTime")
	if err != nil {
		return err
	}
	ev.t = t
	name := str(r.Get("eventName"))
	if len(name) == 0 {
		return errShape("not a CloudTrail event: no eventName")
	}
	rp := r.Get("requestParameters")
	issuer := str(r.Get("userIdentity", "sessionContext", "sessionIssuer", "arn"))
	arn := str(r.Get("userIdentity", "arn"))
	caller := issuer
	if len(caller) == 0 {
		caller = arn
	}
	ev.op = name
	ev.requestID = str(r.Get("requestID"))
	invoked := false
	switch n := string(name); {
	case bedrockModelCall(nil, name):
		ev.action = []byte(model.ActionModelCall)
		ev.model = str(rp.Get("modelId"))
	case n == "InvokeAgent" || n == "InvokeInlineAgent":
		ev.action = []byte(model.ActionAgentInvoke)
		ev.addID(str(rp.Get("agentId")))
		ev.resource = resourceARN(r)
		ev.addID(ev.resource)
		invoked = true
	case strings.HasPrefix(n, "InvokeAgentRuntime"):
		ev.action = []byte(model.ActionAgentInvoke)
		rt := str(rp.Get("agentRuntimeArn"))
		if len(rt) == 0 {
			rt = resourceARN(r)
		}
		ev.addID(rt)
		ev.resource = rt
		invoked = true
	case n == "InvokeGateway" || n == "InvokeMcp":
		ev.resource = resourceARN(r)
		method := str(rp.Get("body", "method"))
		tool := str(rp.Get("body", "params", "name"))
		switch {
		case string(method) == "tools/call" && len(tool) > 0:
			ev.action = []byte(model.ActionToolCall)
			ev.tool = tool
			ev.op = nil
		case string(method) == "tools/call":
			// The tool name is redacted: a call of an unknown tool.
			ev.action = []byte(model.ActionToolCall)
			ev.op = method
		default:
			ev.action = []byte("mcp.request")
			ev.op = method
		}
		// A caller that authenticated with an OAuth token has no IAM
		// principal (userIdentity.type AWSAccount, empty principalId): the
		// token's subject or client and the gateway identify the agent.
		// https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-cloudtrail.html
		ev.addID(str(r.Get("additionalEventData", "jwt", "claims", "client_id")))
		ev.addID(str(r.Get("additionalEventData", "jwt", "claims", "sub")))
		ev.addID(ev.resource)
		sc := r.GetInt("responseElements", "statusCode")
		rpcErr := r.Get("responseElements", "body", "error")
		switch {
		case sc >= 400 || rpcErr != nil:
			ev.outcome = []byte(statusOutcome(true, sc, rpcErr.GetInt("code"), str(rpcErr.Get("message"))))
		case r.GetBool("responseElements", "body", "result", "isError"):
			ev.outcome = []byte(model.OutcomeError)
		}
	case n == "Retrieve" || n == "RetrieveAndGenerate":
		ev.action = []byte(model.ActionMessageRead)
		ev.resource = resourceARN(r)
		ev.model = str(rp.Get("retrieveAndGenerateConfiguration", "knowledgeBaseConfiguration", "modelArn"))
	default:
		ev.action = []byte("api.call")
		if !r.GetBool("readOnly") && (bytes.HasPrefix(name, []byte("Create")) || bytes.HasPrefix(name, []byte("Update")) || bytes.HasPrefix(name, []byte("Delete")) || bytes.HasPrefix(name, []byte("Put"))) {
			ev.action = []byte(model.ActionConfigChange)
		}
		ev.resource = resourceARN(r)
	}
	ev.addID(caller)
	if len(arn) > 0 && !bytes.Equal(arn, caller) {
		ev.addID(arn)
	}
	// The role's (or IAM user's) friendly name is an identity too: an
	// inventory names the role "shelf-planner-role" as often as its ARN.
	// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
	ev.addID(str(r.Get("userIdentity", "sessionContext", "sessionIssuer", "userName")))
	ev.addID(str(r.Get("userIdentity", "userName")))
	// userIdentity.type: Root, IAMUser, AssumedRole, AWSService, AWSAccount ...
	// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html)
	ev.actorKind = str(r.Get("userIdentity", "type"))
	if invoked {
		ev.actor = caller
	} else {
		ev.actor = str(r.Get("userIdentity", "onBehalfOf", "userId"))
	}
	if code := str(r.Get("errorCode")); len(code) > 0 {
		ev.outcome = []byte(statusOutcome(true, 0, 0, code))
	}
	if len(ev.outcome) == 0 {
		ev.outcome = []byte(model.OutcomeSuccess)
	}
	if ev.nids == 0 {
		return errNoAgent
	}
	// CloudTrail never carries prompts or completions.
	ev.ioCapable = false
	return nil
}

func resourceARN(r *fastjson.Value) []byte {
	for _, res := range r.GetArray("resources") {
		if a := str(res.Get("ARN")); len(a) > 0 {
			return a
		}
	}
	return nil
}
