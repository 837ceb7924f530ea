package auditlog

import (
	"bytes"

	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

// Amazon Bedrock model invocation logs are what Bedrock writes, when an
// administrator turns model invocation logging on, to CloudWatch Logs
// (log stream aws/bedrock/modelinvocations) or S3 (AWSLogs/ACCOUNT/
// BedrockModelInvocationLogs/...json.gz): one record per InvokeModel,
// Converse or streaming call, with the caller, the model and, when text
// delivery is on, the request and response bodies. They are read as the
// AWS sibling of CloudTrail: same identities (the assumed role), same
// outcome rule, but unlike CloudTrail they can carry content.
// Fields: https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html
// (schemaType ModelInvocationLog, schemaVersion 1.0: timestamp, accountId,
// identity.arn, region, requestId, operation, modelId, input.inputBodyJson
// or input.inputBodyS3Path, output.outputBodyJson or output.outputBodyS3Path,
// errorCode).

func isBedrockInvocation(v *fastjson.Value) bool {
	return string(v.GetStringBytes("schemaType")) == "ModelInvocationLog"
}

func bedrockInvocation(r *fastjson.Value, ev *event) error {
	t, err := recordTime(r, "timestamp")
	if err != nil {
		return err
	}
	ev.t = t
	ev.action = []byte(model.ActionModelCall)
	ev.model = str(r.Get("modelId"))
	ev.op = str(r.Get("operation"))
	ev.requestID = str(r.Get("requestId"))
	arn := str(r.Get("identity", "arn"))
	// The caller is the STS session of an assumed role; CloudTrail names the
	// same caller by the role's IAM ARN (sessionIssuer.arn) and its name, so
	// an agent listed under either is found here too. The session ARN drops
	// the role's path, so a role with a path matches by name or by a glob.
	if role, name, ok := assumedRole(arn); ok {
		ev.addID(role)
		ev.addID(name)
	}
	ev.addID(arn)
	if code := str(r.Get("errorCode")); len(code) > 0 {
		ev.outcome = []byte(statusOutcome(true, 0, 0, code))
	} else {
		ev.outcome = []byte(model.OutcomeSuccess)
	}
	// Large bodies go to S3 and the record keeps their path: content
	// logged all the same.
	ev.ioCapable = true
	ev.hasInput = r.Exists("input", "inputBodyJson") || r.Exists("input", "inputBodyS3Path")
	ev.hasOutput = r.Exists("output", "outputBodyJson") || r.Exists("output", "outputBodyS3Path")
	if ev.nids == 0 {
		return errNoAgent
	}
	return nil
}

// assumedRole turns arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION into the
// role's IAM ARN arn:aws:iam::ACCOUNT:role/ROLE and its name ROLE.
func assumedRole(arn []byte) (role, name []byte, ok bool) {
	const marker = ":assumed-role/"
	i := bytes.Index(arn, []byte(marker))
	if i < 0 || !bytes.HasPrefix(arn, []byte("arn:")) {
		return nil, nil, false
	}
	rest := arn[i+len(marker):]
	j := bytes.IndexByte(rest, '/')
	if j <= 0 {
		return nil, nil, false
	}
	name = rest[:j]
	// arn:PARTITION:sts::ACCOUNT -> arn:PARTITION:iam::ACCOUNT
	head := arn[:i]
	k := bytes.Index(head, []byte(":sts:"))
	if k < 0 {
		return nil, nil, false
	}
	role = make([]byte, 0, len(head)+len(":role/")+len(name))
	role = append(role, head[:k]...)
	role = append(role, ":iam:"...)
	role = append(role, head[k+len(":sts:"):]...)
	role = append(role, ":role/"...)
	role = append(role, name...)
	return role, name, true
}

// cloudTrailContentField is contentField for the cloudtrail format: only
// its Bedrock model invocation logs carry content, in these fields, and only
// with text data delivery on in the logging configuration.
func cloudTrailContentField(_ string, out bool) string {
	if out {
		return "output.outputBodyJson (Bedrock invocation logging, text data delivery)"
	}
	return "input.inputBodyJson (Bedrock invocation logging, text data delivery)"
}
