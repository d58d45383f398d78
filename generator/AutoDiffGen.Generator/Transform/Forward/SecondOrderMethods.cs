using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Forward;

/// <summary>
/// <c>{Name}HessianVectorProduct</c> and <c>{Name}Hessian</c> (API.md), both over <c>{Name}BackwardTangent</c> with a seed of 1:
/// H·v costs one forward-over-reverse sweep (a small constant times a gradient), the dense Hessian n of them.
/// </summary>
internal static class SecondOrderMethods
{
    public static IEnumerable<DerivativeMethod> Build(ReverseMode reverse, BackwardTangentMethod.Result backwardTangent)
    {
        yield return HessianVectorProduct(reverse, backwardTangent);
        // A dense Hessian over a model's parameters would need Gradient objects for its directions (ADG0022).
        if (!ModelBindings.UsesModels(reverse.Context.Model)) yield return Hessian(reverse, backwardTangent);
    }

    private static DerivativeMethod HessianVectorProduct(ReverseMode reverse, BackwardTangentMethod.Result bt)
    {
        TransformContext c = reverse.Context;
        MethodModel m = c.Model;
        ScalarKind returned = m.ReturnKind!.Value;
        var parameters = m.Parameters.Select(p => new ParameterDecl(p.Var, p.TypeText, Passing.Value)).ToList();
        parameters.AddRange(bt.InputTangents.Select(t => BackwardMethod.Declare(t.Tangent, Passing.Value)));
        var body = new List<IrStmt>();
        var adjoints = new List<IrExpr>();
        var hv = new List<IrExpr>();
        foreach ((ParameterModel input, IrVariable adjoint) in reverse.Signature.InputAdjoints)
        {
            parameters.Add(BackwardMethod.Declare(adjoint, PassingOf(m, input)));
            adjoints.Add(Clear(body, m, input, adjoint));
        }
        foreach ((ParameterModel input, IrVariable tangent) in bt.AdjointTangents)
        {
            parameters.Add(BackwardMethod.Declare(tangent, PassingOf(m, input)));
            hv.Add(Clear(body, m, input, tangent));
        }
        var args = m.Parameters.Select(p => (IrExpr)Ir.Var(c.Variables[p.Var])).ToList();
        args.Add(Ir.Const(1, returned));
        args.AddRange(adjoints);
        args.AddRange(bt.InputTangents.Select(t => (IrExpr)Ir.Var(t.Tangent)));
        args.Add(Ir.Zero(returned));
        args.AddRange(hv);
        args.Add(new OutExpr(new DiscardExpr(returned)));
        body.Add(new ReturnStmt(null, new InvokeExpr(returned, m.Name + "BackwardTangent", args.ToEquatableArray())));

        var docs = new[]
        {
            "<summary>",
            $"Computes <c>{m.Name}</c>, its gradient, and H·v, the product of its Hessian with the direction v given by the v-parameters,",
            "by forward mode over the reverse sweep (no finite differences). The gradient and H·v parameters are overwritten.",
            "</summary>",
        };
        return new DerivativeMethod(c.Variables.All.ToEquatableArray(), docs.ToEquatableArray(), m.Modifiers, returned.Keyword(),
            m.Name + "HessianVectorProduct", parameters.ToEquatableArray(), body.ToEquatableArray());
    }

    /// <summary>How the gradient and H·v of an input are passed: <c>out</c> for a scalar, <c>ref</c> for a struct model's Gradient.</summary>
    private static Passing PassingOf(MethodModel m, ParameterModel input) => input.Role switch
    {
        ParameterRole.ActiveScalar => Passing.Out,
        ParameterRole.Model when ModelBindings.ByReference(m, input) => Passing.Ref,
        _ => Passing.Value,
    };

    /// <summary>Zeroes a scalar output, checks and clears a span one, or clears a model's Gradient; returns the argument that passes it on.</summary>
    private static IrExpr Clear(List<IrStmt> body, MethodModel m, ParameterModel input, IrVariable v)
    {
        if (input.Role == ParameterRole.Model)
        {
            body.Add(new InvokeStmt(null, new InvokeExpr(ScalarKind.Opaque, v.Name + ".Clear", EquatableArray<IrExpr>.Empty)));
            return ModelBindings.ByReference(m, input) ? new RefExpr(Ir.Var(v)) : Ir.Var(v);
        }
        if (input.Role == ParameterRole.ActiveScalar)
        {
            body.Add(new AssignStmt(null, v.Id, Ir.Zero(v.Element)));
            return new RefExpr(Ir.Var(v));
        }
        body.Add(new LengthCheckStmt(null, v.Id, input.Var, AllowEmpty: false));
        body.Add(new FillStmt(null, Ir.Span(v), null));
        return Ir.Var(v);
    }

    private static DerivativeMethod Hessian(ReverseMode reverse, BackwardTangentMethod.Result bt)
    {
        TransformContext c = reverse.Context;
        VariableTable variables = c.Variables;
        MethodModel m = c.Model;
        ScalarKind t = m.ReturnKind!.Value;
        IrVariable hessian = variables.Add("hessian", t, SpanShape.Span, VariableRole.GeneratedParameter);
        var parameters = m.Parameters.Select(p => new ParameterDecl(p.Var, p.TypeText, Passing.Value)).ToList();
        parameters.Add(BackwardMethod.Declare(hessian, Passing.Value));
        Flattening inputs = Flattening.Of(m.Parameters.Where(p => p.Role is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan));
        IrVariable n = variables.Add("n", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
        IrVariable j = variables.Add("j", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
        IrVariable i = variables.Add("i", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
        IrVariable value = variables.Add("value", t, SpanShape.None, VariableRole.Record);
        IrVariable direction = variables.Add("direction", t, SpanShape.Span, VariableRole.Record);
        IrVariable gradient = variables.Add("gradient", t, SpanShape.Span, VariableRole.Record);
        IrVariable column = variables.Add("column", t, SpanShape.Span, VariableRole.Record);

        var body = new List<IrStmt>
        {
            new DeclareStmt(null, c.Tape.Id, null),
            new DeclareStmt(null, n.Id, inputs.Total),
            new ThrowIfStmt(null, Ir.Compare(BinaryOp.NotEqual, new LengthExpr(hessian.Id), new BinaryExpr(ScalarKind.Int32, BinaryOp.Multiply, Ir.Var(n), Ir.Var(n))),
                "hessian must have n × n elements, n being the number of differentiated inputs (a scalar counts 1, a span its length).", hessian.Id),
            new DeclareStmt(null, value.Id, null),
            new DeclareStmt(null, j.Id, null),
            new DeclareStmt(null, i.Id, null),
        };
        var loop = new List<IrStmt>
        {
            new ElementAssignStmt(null, direction.Id, Ir.Var(j), Ir.Const(1, t)),
            new FillStmt(null, Ir.Span(gradient), null),
            new FillStmt(null, Ir.Span(column), null),
        };
        var adjoints = new List<IrExpr>();
        var tangents = new List<IrExpr>();
        var hv = new List<IrExpr>();
        var after = new List<IrStmt>();
        for (int k = 0; k < inputs.Entries.Count; k++)
        {
            (ParameterModel p, IrExpr offset) = inputs.Entries[k];
            IrVariable adjoint = reverse.Signature.InputAdjoints[k].Adjoint;
            IrVariable hvTangent = bt.AdjointTangents[k].Tangent;
            if (p.Role == ParameterRole.ActiveScalar)
            {
                // The scalar gradient and H·v of this input are locals here (parameters of the methods called).
                body.Add(new DeclareStmt(null, adjoint.Id, null));
                body.Add(new DeclareStmt(null, hvTangent.Id, null));
                loop.Add(new AssignStmt(null, adjoint.Id, Ir.Zero(t)));
                loop.Add(new AssignStmt(null, hvTangent.Id, Ir.Zero(t)));
                adjoints.Add(new RefExpr(Ir.Var(adjoint)));
                tangents.Add(new ElementExpr(t, direction.Id, offset));
                hv.Add(new RefExpr(Ir.Var(hvTangent)));
                after.Add(new ElementAssignStmt(null, column.Id, offset, Ir.Var(hvTangent)));
            }
            else
            {
                IrExpr length = new LengthExpr(p.Var);
                adjoints.Add(new SpanRefExpr(t, gradient.Id, offset, length));
                tangents.Add(new SpanRefExpr(t, direction.Id, offset, length));
                hv.Add(new SpanRefExpr(t, column.Id, offset, length));
            }
        }
        var args = m.Parameters.Select(p => (IrExpr)Ir.Var(variables[p.Var])).ToList();
        args.Add(Ir.Const(1, t));
        args.AddRange(adjoints);
        args.AddRange(tangents);
        args.Add(Ir.Zero(t));
        args.AddRange(hv);
        args.Add(new OutExpr(new DiscardExpr(t)));
        loop.Add(new AssignStmt(null, value.Id, new InvokeExpr(t, m.Name + "BackwardTangent", args.ToEquatableArray())));
        loop.AddRange(after);
        // Column j of the Hessian (which is also its row j: the Hessian is symmetric).
        IrExpr at = new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, new BinaryExpr(ScalarKind.Int32, BinaryOp.Multiply, Ir.Var(i), Ir.Var(n)), Ir.Var(j));
        loop.Add(new ForRangeStmt(null, i.Id, Ir.Int(0), Ir.Var(n), BinaryOp.Less, 1, null,
            new IrStmt[] { new ElementAssignStmt(null, hessian.Id, at, new ElementExpr(t, column.Id, Ir.Var(i))) }.ToEquatableArray()));
        loop.Add(new ElementAssignStmt(null, direction.Id, Ir.Var(j), Ir.Zero(t)));

        var original = m.Parameters.Select(p => (IrExpr)Ir.Var(variables[p.Var])).ToEquatableArray();
        body.Add(new IfStmt(null, Ir.Compare(BinaryOp.Equal, Ir.Var(n), Ir.Int(0)),
            new IrStmt[] { new AssignStmt(null, value.Id, new InvokeExpr(t, m.Name, original)) }.ToEquatableArray(), EquatableArray<IrStmt>.Empty));
        body.Add(new RentScratchStmt(null, direction.Id, Ir.Var(n)));
        body.Add(new RentScratchStmt(null, gradient.Id, Ir.Var(n)));
        body.Add(new RentScratchStmt(null, column.Id, Ir.Var(n)));
        body.Add(new ForRangeStmt(null, j.Id, Ir.Int(0), Ir.Var(n), BinaryOp.Less, 1, null, loop.ToEquatableArray()));
        body.Add(new ReturnScratchStmt(null, t, Ir.Var(n), column.Id));
        body.Add(new ReturnScratchStmt(null, t, Ir.Var(n), gradient.Id));
        body.Add(new ReturnScratchStmt(null, t, Ir.Var(n), direction.Id));
        body.Add(new ReturnStmt(null, Ir.Var(value)));

        var docs = new[]
        {
            "<summary>",
            $"Computes <c>{m.Name}</c> and writes its Hessian into <c>hessian</c>: n × n, row-major, over the differentiated inputs",
            $"flattened in parameter order ({inputs.Describe()}). Column j is H·eⱼ from one forward-over-reverse sweep",
            "(n sweeps in all). A wrong length of hessian is an ArgumentException.",
            "</summary>",
        };
        return new DerivativeMethod(variables.All.ToEquatableArray(), docs.ToEquatableArray(), m.Modifiers, t.Keyword(), m.Name + "Hessian",
            parameters.ToEquatableArray(), body.ToEquatableArray());
    }
}

/// <summary>Inputs or outputs laid out in one vector, in parameter order: a scalar takes one slot, a span its length.</summary>
internal sealed class Flattening
{
    private Flattening(List<(ParameterModel Parameter, IrExpr Offset)> entries, IrExpr total)
    {
        Entries = entries;
        Total = total;
    }

    /// <summary>Each parameter with the offset of its first slot.</summary>
    public List<(ParameterModel Parameter, IrExpr Offset)> Entries { get; }

    /// <summary>The number of slots.</summary>
    public IrExpr Total { get; }

    public static Flattening Of(IEnumerable<ParameterModel> parameters, IrExpr? start = null)
    {
        var entries = new List<(ParameterModel, IrExpr)>();
        IrExpr offset = start ?? Ir.Int(0);
        foreach (ParameterModel p in parameters)
        {
            entries.Add((p, offset));
            offset = Add(offset, p.Role is ParameterRole.ActiveScalar ? Ir.Int(1) : new LengthExpr(p.Var));
        }
        return new Flattening(entries, offset);
    }

    /// <summary>Integer addition that folds constants, so offsets read <c>1 + w.Length</c>, not <c>0 + 1 + w.Length</c>.</summary>
    private static IrExpr Add(IrExpr a, IrExpr b)
    {
        if (a is ConstExpr { Value: 0 }) return b;
        if (a is ConstExpr x && b is ConstExpr y) return Ir.Int((int)(x.Value + y.Value));
        return new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, a, b);
    }

    /// <summary>The layout in words, for generated documentation.</summary>
    public string Describe() => Entries.Count == 0 ? "none" : string.Join(", ", Entries.Select(e => e.Parameter.Name));
}
