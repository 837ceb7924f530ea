package catalogue

import (
	"fmt"
	"reflect"
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/checker"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/ext"

	"github.com/aims-cli/aims/pkg/model"
)

// Subjects lists the subject kinds a check can judge.
var Subjects = []string{model.SubjectOrganization, model.SubjectSystem, model.SubjectAgent, model.SubjectVendor, model.SubjectPolicy}

// costLimit bounds one evaluation of a rule that is not statically bounded
// (a comprehension over a list): a runaway rule stops with an error within
// about a second. The builtin rules cost a few units each.
const costLimit = 10_000_000

// maxFactSize bounds the length of any list or string in the facts: inputs are
// at most the loader's file cap each, and no organisation has millions of agents.
const maxFactSize = 8 << 20

// factSizes tells the static cost estimator how large facts can be.
type factSizes struct{}

func (factSizes) EstimateSize(checker.AstNode) *checker.SizeEstimate {
	return &checker.SizeEstimate{Min: 0, Max: maxFactSize}
}

func (factSizes) EstimateCallCost(string, string, *checker.AstNode, []checker.AstNode) *checker.CallEstimate {
	return nil
}

// staticallyBounded reports whether a rule can never cost more than costLimit,
// whatever the facts: then runtime cost tracking, which doubles the
// allocations of an evaluation, buys nothing. Rules over lists (membership,
// comprehensions) are not bounded this way and keep the runtime limit.
func staticallyBounded(env *cel.Env, ast *cel.Ast) bool {
	est, err := env.EstimateCost(ast, factSizes{})
	return err == nil && est.Max <= costLimit
}

// typeName is how CEL names a fact type (package.Type of the Go type).
func typeName(v any) string {
	t := reflect.TypeOf(v)
	return "catalogue." + t.Name()
}

var (
	envOnce sync.Once
	envs    map[string]*cel.Env
	envErr  error
)

// Env returns the CEL environment for checks on a subject kind: `org` and
// `thresholds` always; `system` for systems and agents (an agent's system);
// `agent` for agents; `vendor` for vendors; `policy` for each policy.
func Env(subject string) (*cel.Env, error) {
	envOnce.Do(func() {
		envs = map[string]*cel.Env{}
		native := ext.NativeTypes(ext.ParseStructTags(true),
			reflect.TypeFor[OrgFacts](), reflect.TypeFor[ThresholdFacts](), reflect.TypeFor[SystemFacts](),
			reflect.TypeFor[AgentFacts](), reflect.TypeFor[VendorFacts](), reflect.TypeFor[PolicyFacts]())
		vars := map[string][]cel.EnvOption{
			model.SubjectOrganization: nil,
			model.SubjectSystem:       {cel.Variable("system", cel.ObjectType(typeName(SystemFacts{})))},
			model.SubjectAgent: {cel.Variable("system", cel.ObjectType(typeName(SystemFacts{}))),
				cel.Variable("agent", cel.ObjectType(typeName(AgentFacts{})))},
			model.SubjectVendor: {cel.Variable("vendor", cel.ObjectType(typeName(VendorFacts{})))},
			model.SubjectPolicy: {cel.Variable("policy", cel.ObjectType(typeName(PolicyFacts{})))},
		}
		for _, s := range Subjects {
			opts := []cel.EnvOption{native, ext.Strings(), ext.Lists(), ext.Sets(),
				cel.Variable("org", cel.ObjectType(typeName(OrgFacts{}))),
				cel.Variable("thresholds", cel.ObjectType(typeName(ThresholdFacts{}))),
			}
			opts = append(opts, vars[s]...)
			env, err := cel.NewEnv(opts...)
			if err != nil {
				envErr = fmt.Errorf("cel environment for %s checks: %w", s, err)
				return
			}
			envs[s] = env
		}
	})
	if envErr != nil {
		return nil, envErr
	}
	env, ok := envs[subject]
	if !ok {
		return nil, fmt.Errorf("unknown subject kind %q", subject)
	}
	return env, nil
}

// Program is one check compiled for evaluation.
type Program struct {
	Check   *Check
	Control *Control
	// Subject is the kind of subject the check judges.
	Subject  string
	when     cel.Program
	rule     cel.Program
	message  cel.Program
	severity cel.Program
	path     cel.Program
}

// compileError is one CEL problem inside a check's field.
type compileError struct {
	field string
	line  int // 1-based line inside the expression (0: whole expression)
	col   int // 1-based column inside the expression
	msg   string
}

func compileExpr(env *cel.Env, src string, want *cel.Type, field string) (cel.Program, []compileError) {
	ast, iss := env.Compile(src)
	if iss != nil && iss.Err() != nil {
		var out []compileError
		for _, e := range iss.Errors() {
			out = append(out, compileError{field: field, line: e.Location.Line(), col: e.Location.Column() + 1, msg: e.Message})
		}
		return nil, out
	}
	if !ast.OutputType().IsExactType(want) {
		return nil, []compileError{{field: field, msg: fmt.Sprintf("%s must be a %s expression, this one is %s", field, want, ast.OutputType())}}
	}
	opts := []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize)}
	if !staticallyBounded(env, ast) {
		opts = append(opts, cel.CostLimit(costLimit))
	}
	prg, err := env.Program(ast, opts...)
	if err != nil {
		return nil, []compileError{{field: field, msg: err.Error()}}
	}
	return prg, nil
}

// compile builds the Program of ck (subject already resolved).
func compile(ctl *Control, ck *Check, subject string) (*Program, []compileError) {
	env, err := Env(subject)
	if err != nil {
		return nil, []compileError{{field: "subject", msg: err.Error()}}
	}
	p := &Program{Check: ck, Control: ctl, Subject: subject}
	var errs []compileError
	add := func(dst *cel.Program, src string, want *cel.Type, field string) {
		if src == "" {
			return
		}
		prg, es := compileExpr(env, src, want, field)
		errs = append(errs, es...)
		*dst = prg
	}
	if ck.Rule == "" {
		errs = append(errs, compileError{field: "rule", msg: "rule is required"})
	}
	add(&p.rule, ck.Rule, cel.BoolType, "rule")
	add(&p.when, ck.When, cel.BoolType, "when")
	add(&p.message, ck.Message, cel.StringType, "message")
	add(&p.severity, ck.SeverityFrom, cel.StringType, "severity_from")
	add(&p.path, ck.PathFrom, cel.StringType, "path_from")
	if len(errs) > 0 {
		return nil, errs
	}
	return p, nil
}

// Applies reports whether the check judges the subject bound in f (its `when`).
func (p *Program) Applies(f *Facts) (bool, error) {
	if p.when == nil {
		return true, nil
	}
	return evalBool(p.when, f)
}

// Passes evaluates the rule: true when the subject passes.
func (p *Program) Passes(f *Facts) (bool, error) { return evalBool(p.rule, f) }

// Message explains a failure: the check's message expression, else its title.
func (p *Program) Message(f *Facts) string {
	if p.message != nil {
		if out, _, err := p.message.Eval(f); err == nil {
			if s, ok := out.Value().(string); ok && s != "" {
				return s
			}
		}
	}
	return p.Check.Title
}

// Severity is the finding severity for the subject: severity_from when it
// yields a valid severity, else the check's severity.
func (p *Program) Severity(f *Facts) string {
	if p.severity != nil {
		if out, _, err := p.severity.Eval(f); err == nil {
			if s, ok := out.Value().(string); ok && model.SeverityRank(s) > 0 {
				return s
			}
		}
	}
	return p.Check.Severity
}

// Path is the YAML path a failure of the subject points at: path_from when
// it yields a path, else the check's path.
func (p *Program) Path(f *Facts) string {
	if p.path != nil {
		if out, _, err := p.path.Eval(f); err == nil {
			if s, ok := out.Value().(string); ok && s != "" {
				return s
			}
		}
	}
	return p.Check.Path
}

func evalBool(prg cel.Program, f *Facts) (bool, error) {
	out, _, err := prg.Eval(f)
	if err != nil {
		return false, err
	}
	if b, ok := out.(types.Bool); ok {
		return bool(b), nil
	}
	return false, fmt.Errorf("expression returned %s, not a bool", out.Type())
}
