using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Forward;

/// <summary>
/// <c>{Name}Jacobian</c> (API.md): the m × n Jacobian, rows the outputs flattened (the returned value first, then each
/// span output), columns the active inputs flattened. With no more inputs than outputs it takes n forward sweeps
/// (<c>{Name}Tangent</c> along each unit vector: a column each), otherwise m reverse sweeps (<c>{Name}Backward</c> seeded
/// with each unit vector: a row each); the sizes decide at run time, since spans have run-time lengths. An in-out
/// output's incoming contents are not a column: each sweep starts from them again (kept in scratch space), with a zero
/// incoming tangent or seed, and the output holds the final contents on return.
/// </summary>
internal static class JacobianMethod
{
    /// <param name="inOutOutputs">The method's in-out span outputs.</param>
    public static DerivativeMethod Build(MethodModel model, ICollection<int> inOutOutputs)
    {
        var variables = new VariableTable(model.Variables, model.Parameters.Select(p => p.Name));
        ParameterModel? firstOutput = model.Parameters.FirstOrDefault(p => p.Role == ParameterRole.Output);
        ScalarKind t = model.ReturnKind ?? firstOutput!.Element;
        bool returns = model.ReturnKind is not null;
        IrVariable jacobian = variables.Add("jacobian", t, SpanShape.Span, VariableRole.GeneratedParameter);
        var parameters = model.Parameters.Select(p => new ParameterDecl(p.Var, p.TypeText, Passing.Value)).ToList();
        parameters.Add(BackwardMethod.Declare(jacobian, Passing.Value));
        Flattening inputs = Flattening.Of(model.Parameters.Where(p => p.Role is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan));
        Flattening outputs = Flattening.Of(model.Parameters.Where(p => p.Role == ParameterRole.Output), returns ? Ir.Int(1) : null);

        IrVariable Local(string name, ScalarKind kind, SpanShape shape = SpanShape.None) => variables.Add(name, kind, shape, VariableRole.Record);
        IrVariable tape = variables.Add("tape", ScalarKind.Opaque, SpanShape.None, VariableRole.Tape);
        IrVariable n = Local("n", ScalarKind.Int32), m = Local("m", ScalarKind.Int32);
        IrVariable i = Local("i", ScalarKind.Int32), j = Local("j", ScalarKind.Int32);
        IrVariable? value = returns ? Local("value", t) : null;
        var original = model.Parameters.Select(p => (IrExpr)Ir.Var(variables[p.Var])).ToList();
        IrExpr At(IrExpr row, IrExpr column) => new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, new BinaryExpr(ScalarKind.Int32, BinaryOp.Multiply, row, Ir.Var(n)), column);
        IrStmt Call(string name, List<IrExpr> args)
        {
            var invoke = new InvokeExpr(t, name, args.ToEquatableArray());
            return value is null ? new InvokeStmt(null, invoke) : new AssignStmt(null, value.Id, invoke);
        }
        IrStmt For(IrVariable counter, IrVariable bound, List<IrStmt> body) =>
            new ForRangeStmt(null, counter.Id, Ir.Int(0), Ir.Var(bound), BinaryOp.Less, 1, null, body.ToEquatableArray());

        var body = new List<IrStmt>
        {
            new DeclareStmt(null, tape.Id, null),
            new DeclareStmt(null, n.Id, inputs.Total),
            new DeclareStmt(null, m.Id, outputs.Total),
            new ThrowIfStmt(null, Ir.Compare(BinaryOp.NotEqual, new LengthExpr(jacobian.Id), new BinaryExpr(ScalarKind.Int32, BinaryOp.Multiply, Ir.Var(m), Ir.Var(n))),
                "jacobian must have m × n elements: m outputs (the returned value, then each span output's length) by n differentiated inputs (a scalar counts 1, a span its length).", jacobian.Id),
            new DeclareStmt(null, i.Id, null),
            new DeclareStmt(null, j.Id, null),
        };
        if (value is not null) body.Add(new DeclareStmt(null, value.Id, null));
        var incoming = model.Parameters.Where(p => p.Role == ParameterRole.Output && inOutOutputs.Contains(p.Var))
            .Select(p => (Output: p, Copy: Local(p.Name.TrimStart('@') + "Incoming", p.Element, SpanShape.Span))).ToList();
        foreach ((ParameterModel output, IrVariable copy) in incoming)
        {
            body.Add(new RentScratchStmt(null, copy.Id, new LengthExpr(output.Var)));
            body.Add(new CopyStmt(null, Ir.Span(variables[output.Var]), Ir.Span(copy)));
        }
        List<IrStmt> StartAgain(IrVariable seedsOrTangents) => incoming.Count == 0 ? new List<IrStmt>()
            : incoming.Select(s => (IrStmt)new CopyStmt(null, Ir.Span(s.Copy), Ir.Span(variables[s.Output.Var]))).Append(new FillStmt(null, Ir.Span(seedsOrTangents), null)).ToList();
        body.Add(new IfStmt(null, Ir.Compare(BinaryOp.Equal, Ir.Var(n), Ir.Int(0)),
            new[] { Call(model.Name, original) }.ToEquatableArray(), EquatableArray<IrStmt>.Empty));

        // Forward sweeps: FTangent along eⱼ gives column j.
        IrVariable direction = Local("direction", t, SpanShape.Span), column = Local("column", t, SpanShape.Span);
        IrVariable? tangentResult = returns ? Local("dResult", t) : null;
        var forwardArgs = new List<IrExpr>(original);
        forwardArgs.AddRange(inputs.Entries.Select(e => e.Parameter.Role == ParameterRole.ActiveScalar
            ? (IrExpr)new ElementExpr(t, direction.Id, e.Offset) : new SpanRefExpr(t, direction.Id, e.Offset, new LengthExpr(e.Parameter.Var))));
        forwardArgs.AddRange(outputs.Entries.Select(e => (IrExpr)new SpanRefExpr(t, column.Id, e.Offset, new LengthExpr(e.Parameter.Var))));
        if (tangentResult is not null) forwardArgs.Add(new OutExpr(Ir.Var(tangentResult)));
        var forwardLoop = StartAgain(column);
        forwardLoop.Add(new ElementAssignStmt(null, direction.Id, Ir.Var(j), Ir.Const(1, t)));
        forwardLoop.Add(Call(model.Name + "Tangent", forwardArgs));
        if (tangentResult is not null) forwardLoop.Add(new ElementAssignStmt(null, column.Id, Ir.Int(0), Ir.Var(tangentResult)));
        forwardLoop.Add(For(i, m, new List<IrStmt> { new ElementAssignStmt(null, jacobian.Id, At(Ir.Var(i), Ir.Var(j)), new ElementExpr(t, column.Id, Ir.Var(i))) }));
        forwardLoop.Add(new ElementAssignStmt(null, direction.Id, Ir.Var(j), Ir.Zero(t)));
        var forward = new List<IrStmt> { new RentScratchStmt(null, direction.Id, Ir.Var(n)), new RentScratchStmt(null, column.Id, Ir.Var(m)) };
        if (tangentResult is not null) forward.Add(new DeclareStmt(null, tangentResult.Id, null));
        forward.Add(For(j, n, forwardLoop));
        forward.Add(new ReturnScratchStmt(null, t, Ir.Var(m), column.Id));
        forward.Add(new ReturnScratchStmt(null, t, Ir.Var(n), direction.Id));

        // Reverse sweeps: FBackward seeded with eᵢ gives row i.
        IrVariable seeds = Local("seeds", t, SpanShape.Span), row = Local("row", t, SpanShape.Span);
        var reverse = new List<IrStmt> { new RentScratchStmt(null, seeds.Id, Ir.Var(m)), new RentScratchStmt(null, row.Id, Ir.Var(n)) };
        var reverseLoop = StartAgain(seeds);
        reverseLoop.Add(new ElementAssignStmt(null, seeds.Id, Ir.Var(i), Ir.Const(1, t)));
        reverseLoop.Add(new FillStmt(null, Ir.Span(row), null));
        var reverseArgs = new List<IrExpr>(original);
        if (returns) reverseArgs.Add(new ElementExpr(t, seeds.Id, Ir.Int(0)));
        reverseArgs.AddRange(outputs.Entries.Select(e => (IrExpr)new SpanRefExpr(t, seeds.Id, e.Offset, new LengthExpr(e.Parameter.Var))));
        var afterBackward = new List<IrStmt>();
        foreach ((ParameterModel p, IrExpr offset) in inputs.Entries)
        {
            if (p.Role == ParameterRole.ActiveScalar)
            {
                IrVariable adjoint = Local(Signature.AdjointName(p.Name), t);
                reverse.Add(new DeclareStmt(null, adjoint.Id, null));
                reverseLoop.Add(new AssignStmt(null, adjoint.Id, Ir.Zero(t)));
                reverseArgs.Add(new RefExpr(Ir.Var(adjoint)));
                afterBackward.Add(new ElementAssignStmt(null, row.Id, offset, Ir.Var(adjoint)));
            }
            else
            {
                reverseArgs.Add(new SpanRefExpr(t, row.Id, offset, new LengthExpr(p.Var)));
            }
        }
        reverseLoop.Add(Call(model.Name + "Backward", reverseArgs));
        reverseLoop.AddRange(afterBackward);
        reverseLoop.Add(new CopyStmt(null, Ir.Span(row), new SpanRefExpr(t, jacobian.Id, new BinaryExpr(ScalarKind.Int32, BinaryOp.Multiply, Ir.Var(i), Ir.Var(n)), Ir.Var(n))));
        reverseLoop.Add(new ElementAssignStmt(null, seeds.Id, Ir.Var(i), Ir.Zero(t)));
        reverse.Add(For(i, m, reverseLoop));
        reverse.Add(new ReturnScratchStmt(null, t, Ir.Var(n), row.Id));
        reverse.Add(new ReturnScratchStmt(null, t, Ir.Var(m), seeds.Id));

        body.Add(new IfStmt(null, Ir.Compare(BinaryOp.LessOrEqual, Ir.Var(n), Ir.Var(m)), forward.ToEquatableArray(), reverse.ToEquatableArray()));
        for (int k = incoming.Count - 1; k >= 0; k--) body.Add(new ReturnScratchStmt(null, incoming[k].Output.Element, new LengthExpr(incoming[k].Output.Var), incoming[k].Copy.Id));
        if (value is not null) body.Add(new ReturnStmt(null, Ir.Var(value)));

        var docs = new[]
        {
            "<summary>",
            $"Computes <c>{model.Name}</c> and writes its Jacobian into <c>jacobian</c>: m × n, row-major; rows are the outputs flattened",
            $"({(returns ? "the returned value, then " : "")}{outputs.Describe()}), columns the differentiated inputs flattened ({inputs.Describe()}).",
            $"With n ≤ m it makes n forward sweeps (<c>{model.Name}Tangent</c> along each unit vector gives a column), otherwise m reverse sweeps",
            $"(<c>{model.Name}Backward</c> seeded with each unit vector gives a row). A wrong length of jacobian is an ArgumentException.",
            "</summary>",
        };
        return new DerivativeMethod(variables.All.ToEquatableArray(), docs.ToEquatableArray(), model.Modifiers, returns ? t.Keyword() : "void",
            model.Name + "Jacobian", parameters.ToEquatableArray(), body.ToEquatableArray());
    }
}
