using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Forward;

/// <summary>
/// <c>{Name}BackwardTangent</c>: forward mode applied to the generated <c>{Name}Backward</c> (forward over reverse, a
/// transform of a transform). Its parameters are the backward's, then the tangents of the active inputs (<c>vX</c>), of
/// the seeds (<c>vSeed</c>, <c>vDY</c>), of the adjoints (<c>hvX</c>: the adjoints' derivatives along v, which for a seed of 1
/// are H·v) and of the span outputs (<c>vY</c>), then <c>out vResult</c>. A caller's Hessian-vector product calls it where
/// its backward calls this method's backward.
/// </summary>
internal static class BackwardTangentMethod
{
    /// <summary>The method and its tangent parameters, by what they are the tangent of.</summary>
    internal sealed record Result(ForwardMethod Forward, List<(ParameterModel Input, IrVariable Tangent)> InputTangents,
        IrVariable? SeedTangent, List<(ParameterModel Input, IrVariable Tangent)> AdjointTangents)
    {
        public DerivativeMethod Method => Forward.Method;

        public IReadOnlyList<DiagnosticInfo> Diagnostics => Forward.Diagnostics;

        public List<BackwardDependency> Dependencies => Forward.Dependencies;
    }

    public static Result Build(ReverseMode reverse)
    {
        TransformContext c = reverse.Context;
        Signature s = reverse.Signature;
        MethodModel m = c.Model;
        VariableTable variables = c.Variables;
        DerivativeMethod backward = reverse.Backward;
        var parameters = backward.Parameters.ToList();
        var tangents = new Dictionary<int, IrVariable>();
        var prologue = new List<IrStmt>();
        var rentals = new List<IrStmt>();
        var inputs = new List<int>();

        IrVariable Parameter(string name, IrVariable of, SpanShape shape, Passing passing, string? typeText = null)
        {
            IrVariable t = variables.Add(name, of.Element, shape, VariableRole.GeneratedParameter, typeText: typeText);
            tangents[of.Id] = t;
            inputs.Add(of.Id);
            parameters.Add(BackwardMethod.Declare(t, passing));
            return t;
        }
        void Prepare(IrVariable tangent, int input, bool readOnly)
        {
            IrVariable rented = variables.Add(tangent.Name + "Rented", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
            _ = c.Tape;
            prologue.Add(readOnly ? new PrepareTangentStmt(null, rented.Id, tangent.Id, input) : new PrepareAdjointStmt(null, rented.Id, tangent.Id, input));
            rentals.Add(new ReturnScratchStmt(null, tangent.Element, Ir.Var(rented), tangent.Id));
        }

        var inputTangents = new List<(ParameterModel, IrVariable)>();
        foreach (ParameterModel p in ModelBindings.Inputs(m).Where(p => p.Role is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan or ParameterRole.Model))
        {
            if (p.Role == ParameterRole.Model)
            {
                // The direction of a model is a value of its Gradient type (ModelTangents): `M.Gradient v`, `M.Gradient vModel`.
                string direction = p.Var == m.Receiver ? ModelTangents.ReceiverDirectionName : Tangent(p.Name);
                inputTangents.Add((p, Parameter(direction, variables[p.Var], SpanShape.None, Passing.Value, ModelBindings.AdjointType(m, p.Var))));
                continue;
            }
            bool span = p.Role == ParameterRole.ActiveSpan;
            IrVariable t = Parameter(Tangent(p.Name), variables[p.Var], span ? SpanShape.ReadOnlySpan : SpanShape.None, Passing.Value);
            inputTangents.Add((p, t));
            if (span) Prepare(t, p.Var, readOnly: true);
        }
        IrVariable? seedTangent = s.Seed is null ? null : Parameter(Tangent(s.Seed.Name), s.Seed, SpanShape.None, Passing.Value);
        foreach ((ParameterModel output, IrVariable seed) in s.OutputSeeds)
        {
            // An in-out output's seed comes back as the adjoint of its incoming contents; its tangent likewise.
            bool inOut = c.InOutOutputs.Contains(output.Var);
            Prepare(Parameter(Tangent(seed.Name), seed, inOut ? SpanShape.Span : SpanShape.ReadOnlySpan, Passing.Value), output.Var, readOnly: !inOut);
        }
        var adjointTangents = new List<(ParameterModel, IrVariable)>();
        foreach ((ParameterModel input, IrVariable adjoint) in s.InputAdjoints)
        {
            if (input.Role == ParameterRole.Model)
            {
                // H·v of a model's parameters: `M.Gradient hv` (`ref` for a struct, like its gradient), `M.Gradient hvModel`.
                string hvName = input.Var == m.Receiver ? ModelTangents.ReceiverHessianVectorName : AdjointTangent(adjoint.Name);
                IrVariable hvModel = Parameter(hvName, adjoint, SpanShape.None, ModelBindings.ByReference(m, input) ? Passing.Ref : Passing.Value, adjoint.TypeText);
                adjointTangents.Add((input, hvModel));
                continue;
            }
            bool span = input.Role == ParameterRole.ActiveSpan;
            IrVariable t = Parameter(AdjointTangent(adjoint.Name), adjoint, span ? SpanShape.Span : SpanShape.None, span ? Passing.Value : Passing.Ref);
            // The backward prepares (or checks) each adjoint span; forward mode mirrors that for its tangent.
            adjointTangents.Add((input, t));
        }
        var outputs = new List<int>(s.InputAdjoints.Select(a => a.Adjoint.Id));
        // The fields of models: their tangents are inputs (the direction) and their adjoints' tangents outputs (H·v).
        inputs.AddRange(ModelTangents.Variables(m, c.Adjoints));
        outputs.AddRange(ModelTangents.Variables(m, c.Adjoints));
        foreach (ParameterModel output in m.Parameters.Where(p => p.Role == ParameterRole.Output))
        {
            IrVariable t = variables.Add(Tangent(output.Name), output.Element, SpanShape.Span, VariableRole.GeneratedParameter);
            tangents[output.Var] = t;
            parameters.Add(BackwardMethod.Declare(t, Passing.Value));
            outputs.Add(output.Var);
            Prepare(t, output.Var, readOnly: false);
        }
        IrVariable? resultTangent = null;
        if (m.ReturnKind is ScalarKind returned)
        {
            resultTangent = variables.Add(Tangent("result"), returned, SpanShape.None, VariableRole.GeneratedParameter);
            tangents[m.ResultVar] = resultTangent;
            parameters.Add(BackwardMethod.Declare(resultTangent, Passing.Out));
            outputs.Add(m.ResultVar);
        }

        // The outgoing adjoint of an in-out output's incoming contents is a result too.
        foreach ((ParameterModel output, IrVariable seed) in s.OutputSeeds.Where(o => c.InOutOutputs.Contains(o.Output.Var))) outputs.Add(seed.Id);
        HashSet<int> active = TangentActivity.Run(backward.Body, variables, inputs, outputs, returned: m.ResultVar);
        System.Func<IrVariable, string> name = v => v.Role == VariableRole.Adjoint && v.Name.StartsWith("d") ? AdjointTangent(v.Name) : Tangent(v.Name);
        Dictionary<int, List<IrStmt>> viewTangents = ModelTangents.Bind(m, variables, tangents, name, () => c.Tape, rentals, c.Adjoints,
            s.InputAdjoints.ToDictionary(a => a.Input.Var, a => a.Adjoint));
        ViewRootTangents.Prepare(backward.Body, variables, tangents, name, () => c.Tape, prologue, rentals);
        var forward = new ForwardModeTransform(variables, active, tangents, name, () => c.Tape, resultTangent, viewTangents);
        List<IrStmt> transformed = forward.Block(backward.Body);

        // The tape is declared first (the tangents' scratch needs it even where the backward does not), then the
        // tangent arguments are prepared; what they rented is given back just before the method returns.
        var statements = new List<IrStmt>();
        // (A model method's backward binds the fields of its models before it declares the tape.)
        int declared = transformed.FindIndex(st => st is DeclareStmt d && variables[d.Var].Role == VariableRole.Tape);
        if (declared >= 0) transformed.RemoveAt(declared);
        if (c.UsesTape) statements.Add(new DeclareStmt(null, c.Tape.Id, null));
        statements.AddRange(prologue);
        statements.AddRange(transformed);
        int end = statements.Count > 0 && statements[statements.Count - 1] is ReturnStmt ? statements.Count - 1 : statements.Count;
        statements.InsertRange(end, Enumerable.Range(0, rentals.Count).Select(i => rentals[rentals.Count - 1 - i]));

        var docs = new List<string>
        {
            "<summary>",
            $"Forward-mode derivative of <c>{m.Name}Backward</c> (forward over reverse): computes what the backward computes and, in",
            "the same sweeps, the derivatives of its results along the tangents v of its inputs, seeds and adjoints. With a seed of 1 and",
            $"a seed tangent of 0, the adjoints' tangents receive H·v, the Hessian of <c>{m.Name}</c> times v (added, like the adjoints).",
            "</summary>",
        };
        var method = new DerivativeMethod(variables.All.ToEquatableArray(), docs.ToEquatableArray(), m.Modifiers, m.ReturnKind?.Keyword() ?? "void",
            m.Name + "BackwardTangent", parameters.ToEquatableArray(), statements.ToEquatableArray());
        return new Result(new ForwardMethod(method, forward.Diagnostics, forward.Dependencies), inputTangents, seedTangent, adjointTangents);
    }

    /// <summary><c>x</c> → <c>vX</c>: the direction of an input, seed or output.</summary>
    public static string Tangent(string name) => "v" + Signature.Capitalize(name);

    /// <summary><c>dX</c> → <c>hvX</c>: the derivative of an adjoint along v (H·v for the gradient's adjoints).</summary>
    public static string AdjointTangent(string adjointName) => "hv" + Signature.Capitalize(adjointName.TrimStart('@').Substring(1));
}
