package auditlog

import (
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
	// The caller is the STS session of an assumed role: resolution maps it
	// to the role's ARN (roleFromAssumed), as CloudTrail's sessionIssuer.arn
	// names it; CloudTrail also gives the role's name (sessionIssuer.userName),
	// an identity here too.
	ev.addID(arn)
	if _, name := roleFromAssumed(string(arn)); name != "" {
		ev.addID([]byte(name))
	}
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

// cloudTrailContentField is contentField for the cloudtrail format: only
// its Bedrock model invocation logs carry content, in these fields, and only
// with text data delivery on in the logging configuration.
func cloudTrailContentField(_ string, out bool) string {
	if out {
		return "output.outputBodyJson (Bedrock invocation logging, text data delivery)"
	}
	return "input.inputBodyJson (Bedrock invocation logging, text data delivery)"
}
