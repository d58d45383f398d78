using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Forward;

/// <summary>A forward-mode method, or the diagnostics that prevent it, and the generated callees it calls.</summary>
internal sealed record ForwardMethod(DerivativeMethod Method, IReadOnlyList<DiagnosticInfo> Diagnostics, List<BackwardDependency> Dependencies);

/// <summary>
/// <c>{Name}Tangent</c> (API.md), the Jacobian–vector product: the original parameters, a tangent per active input
/// (<c>T dX</c>, <c>ReadOnlySpan&lt;T&gt; dW</c>: an empty span is a zero tangent), a <c>Span&lt;T&gt; dY</c> per span output that
/// receives its tangent (empty: not needed), then <c>out T dResult</c>. The original's statements with their tangents
/// beside them, in one sweep; nothing is recorded. An in-out output's <c>dY</c> holds the tangent of its incoming contents
/// on entry (they are an input) and its outgoing tangent on return, as its backward's <c>dY</c> holds seed and adjoint.
/// </summary>
internal static class TangentMethod
{
    /// <param name="m">The lowered method.</param>
    /// <param name="resolved">Its body with calls marked with their callees' in-out outputs and allocation-free copies.</param>
    /// <param name="inOutOutputs">The method's own in-out span outputs.</param>
    public static ForwardMethod Build(MethodModel m, IReadOnlyList<IrStmt> resolved, ICollection<int> inOutOutputs)
    {
        var variables = new VariableTable(m.Variables, m.Parameters.Select(p => p.Name));
        List<IrStmt> body = Structurizer.Run(resolved, variables, m.ResultVar);
        var parameters = m.Parameters.Select(p => new ParameterDecl(p.Var, p.TypeText, Passing.Value)).ToList();
        var tangents = new Dictionary<int, IrVariable>();
        var prologue = new List<IrStmt>();
        var rentals = new List<IrStmt>();
        IrVariable? tape = null;
        IrVariable Tape() => tape ??= variables.Add("tape", ScalarKind.Opaque, SpanShape.None, VariableRole.Tape);

        foreach (ParameterModel p in ModelBindings.Inputs(m).Where(p => p.Role is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan or ParameterRole.Model))
        {
            if (p.Role == ParameterRole.Model)
            {
                // A model's tangent is a value of its Gradient type (ModelTangents): `M.Gradient tangent`, `M.Gradient dModel`.
                string tangentName = p.Var == m.Receiver ? ModelTangents.ReceiverTangentName : Signature.AdjointName(p.Name);
                IrVariable mt = variables.Add(tangentName, ScalarKind.Opaque, SpanShape.None, VariableRole.GeneratedParameter, typeText: ModelBindings.AdjointType(m, p.Var));
                tangents[p.Var] = mt;
                parameters.Add(BackwardMethod.Declare(mt, Passing.Value));
                continue;
            }
            bool span = p.Role == ParameterRole.ActiveSpan;
            IrVariable t = variables.Add(Signature.AdjointName(p.Name), p.Element, span ? SpanShape.ReadOnlySpan : SpanShape.None, VariableRole.GeneratedParameter);
            tangents[p.Var] = t;
            parameters.Add(BackwardMethod.Declare(t, Passing.Value));
            if (!span) continue;
            IrVariable rented = variables.Add(t.Name + "Rented", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
            _ = Tape();
            prologue.Add(new PrepareTangentStmt(null, rented.Id, t.Id, p.Var));
            rentals.Add(new ReturnScratchStmt(null, p.Element, Ir.Var(rented), t.Id));
        }
        foreach (ParameterModel p in m.Parameters.Where(p => p.Role == ParameterRole.Output))
        {
            IrVariable t = variables.Add(Signature.AdjointName(p.Name), p.Element, SpanShape.Span, VariableRole.GeneratedParameter);
            tangents[p.Var] = t;
            parameters.Add(BackwardMethod.Declare(t, Passing.Value));
            IrVariable rented = variables.Add(t.Name + "Rented", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
            _ = Tape();
            prologue.Add(new PrepareAdjointStmt(null, rented.Id, t.Id, p.Var));
            rentals.Add(new ReturnScratchStmt(null, p.Element, Ir.Var(rented), t.Id));
        }
        IrVariable? resultTangent = null;
        if (m.ReturnKind is ScalarKind returned)
        {
            resultTangent = variables.Add("dResult", returned, SpanShape.None, VariableRole.GeneratedParameter);
            tangents[m.ResultVar] = resultTangent;
            parameters.Add(BackwardMethod.Declare(resultTangent, Passing.Out));
        }

        // Like the backward reads an in-out output's seed, the tangent reads the tangent of its incoming contents.
        var inputs = m.Parameters.Where(p => p.Role is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan || inOutOutputs.Contains(p.Var)).Select(p => p.Var)
            .Concat(ModelBindings.Inputs(m).Where(p => p.Role == ParameterRole.Model).Select(p => p.Var)).Concat(ModelTangents.Variables(m, null)).ToList();
        var outputs = m.Parameters.Where(p => p.Role == ParameterRole.Output).Select(p => p.Var).ToList();
        if (m.ResultVar >= 0) outputs.Add(m.ResultVar);
        HashSet<int> active = TangentActivity.Run(body, variables, inputs, outputs);
        var declarations = BackwardMethod.PrimalLocals(variables, body, m.ResultVar).Select(v => (IrStmt)new DeclareStmt(null, v.Id, null)).ToList();
        // The fields of models the body reads are bound at the top, each followed by its tangent.
        var views = ModelBindings.PrimalBindings(m, variables);
        Dictionary<int, List<IrStmt>> viewTangents = ModelTangents.Bind(m, variables, tangents, v => Signature.AdjointName(v.Name), Tape, rentals, adjoints: null);
        ViewRootTangents.Prepare(body, variables, tangents, v => Signature.AdjointName(v.Name), Tape, prologue, rentals);
        var forward = new ForwardModeTransform(variables, active, tangents, v => Signature.AdjointName(v.Name), Tape, returnTangent: null);
        List<IrStmt> transformed = forward.Block(declarations.Concat(body));
        var boundViews = views.SelectMany(b => viewTangents.TryGetValue(((BindStmt)b).Var, out List<IrStmt>? t) ? new[] { b }.Concat(t) : new[] { b }).ToList();
        // Local arrays live in the tape's scratch space, their tangents beside them: both go back, the last rented first.
        var buffers = StatementWalker.All(body).OfType<StackAllocStmt>().Where(a => a.Scratch).Select(a => variables[a.Span]).Reverse()
            .Select(b => (IrStmt)new ReturnScratchStmt(null, b.Element, new LengthExpr(b.Id), b.Id)).ToList();
        if (buffers.Count > 0) _ = Tape();
        transformed.AddRange(forward.Block(buffers));

        var statements = new List<IrStmt>();
        if (tape is not null) statements.Add(new DeclareStmt(null, tape.Id, null));
        statements.AddRange(boundViews);
        statements.AddRange(prologue);
        statements.AddRange(transformed);
        for (int i = rentals.Count - 1; i >= 0; i--) statements.Add(rentals[i]);
        if (m.ResultVar >= 0) statements.Add(new ReturnStmt(null, Ir.Var(variables[m.ResultVar])));

        string inputsText = string.Join(", ", ModelBindings.Inputs(m).Where(p => p.Role is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan or ParameterRole.Model)
            .Select(p => ModelBindings.Describe(m, p)));
        var docs = new List<string>
        {
            "<summary>",
            $"Forward-mode derivative (Jacobian–vector product) of <c>{m.Name}</c>: computes what <c>{m.Name}</c> computes and, in the",
            $"same sweep, the derivative of each output along the direction given by the tangents of {(inputsText.Length == 0 ? "no input" : inputsText)}.",
            "An empty tangent span is a zero tangent; an empty output tangent means it is not needed. Records nothing.",
            "</summary>",
        };
        var method = new DerivativeMethod(variables.All.ToEquatableArray(), docs.ToEquatableArray(), m.Modifiers, m.ReturnKind?.Keyword() ?? "void",
            m.Name + "Tangent", parameters.ToEquatableArray(), statements.ToEquatableArray());
        return new ForwardMethod(method, forward.Diagnostics, forward.Dependencies);
    }
}
