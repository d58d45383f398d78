using System;
using System.Collections.Generic;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Transform.Forward;

/// <summary>
/// The model side of forward mode and forward over reverse (API.md, "Model types"): the tangent of a model is a value of
/// its <c>Gradient</c> type (a direction in parameter space, like Swift's <c>TangentVector</c>), so a model's
/// <c>{Name}Tangent</c> takes <c>M.Gradient tangent</c> for its own parameters (<c>M.Gradient dModel</c> for a model
/// parameter) and its <c>{Name}HessianVectorProduct</c> takes the direction <c>M.Gradient v</c> and receives the gradient
/// and H·v in <c>M.Gradient gradient</c> and <c>M.Gradient hv</c> (<c>vModel</c>, <c>dModel</c>, <c>hvModel</c> for a model
/// parameter). Each view the body reads (a field of a model, IR/ModelValues.cs) gets its tangent bound to the same field of
/// its owner's tangent, right after the view itself is bound; and in forward over reverse each view's adjoint gets its
/// tangent (H·v) bound to the same field of its owner's adjoint's tangent.
/// </summary>
internal static class ModelTangents
{
    /// <summary>The tangent of a model's own parameters in <c>{Name}Tangent</c>.</summary>
    public const string ReceiverTangentName = "tangent";

    /// <summary>The direction of a model's own parameters in <c>{Name}HessianVectorProduct</c> and <c>{Name}BackwardTangent</c>.</summary>
    public const string ReceiverDirectionName = "v";

    /// <summary>The derivative of the model's gradient along the direction (H·v) in those methods.</summary>
    public const string ReceiverHessianVectorName = "hv";

    /// <summary>
    /// The tangent of each view, made and bound: for a view bound at the top of the method, the statements that bind its
    /// tangent (to follow its own binding), keyed by the view; a view of an element of an array of models is named by its
    /// access on the array's tangent (<c>dLayers[l].W</c>), with nothing to bind. The tangents of the views' owners must be
    /// in <paramref name="tangents"/> already (the receiver's and the model parameters').
    /// </summary>
    /// <param name="adjoints">In forward over reverse, the views' adjoints; their tangents are bound likewise, to the
    /// fields of their owners' adjoints' tangents (writable: they receive H·v). Null in forward mode.</param>
    public static Dictionary<int, List<IrStmt>> Bind(MethodModel m, VariableTable variables, Dictionary<int, IrVariable> tangents,
        Func<IrVariable, string> name, Func<IrVariable> tape, List<IrStmt> rentals, IReadOnlyDictionary<int, IrVariable>? adjoints,
        IReadOnlyDictionary<int, IrVariable>? inputAdjoints = null)
    {
        var after = new Dictionary<int, List<IrStmt>>();
        if (m.Views.IsDefaultOrEmpty()) return after;
        foreach (FieldView view in m.Views)
        {
            IrVariable primal = variables[view.Var];
            ModelValue? model = ModelBindings.Model(m, view.Var);
            if (tangents.TryGetValue(view.Owner, out IrVariable? ownerTangent))
            {
                IrVariable t = Tangent(view, primal, model, ownerTangent, variables, name, writable: false);
                tangents[view.Var] = t;
                if (view.Index is null) after[view.Var] = Binding(variables, t, primal, model, ownerTangent, view, tape, rentals, writable: false);
            }
            if (adjoints is null || !adjoints.TryGetValue(view.Var, out IrVariable? adjoint)) continue;
            IrVariable? ownerAdjoint = adjoints.TryGetValue(view.Owner, out IrVariable? a) ? a
                : inputAdjoints is not null && inputAdjoints.TryGetValue(view.Owner, out IrVariable? p) ? p : null;
            if (ownerAdjoint is null || !tangents.TryGetValue(ownerAdjoint.Id, out IrVariable? ownerAdjointTangent)) continue;
            IrVariable hv = Tangent(view, adjoint, model, ownerAdjointTangent, variables, name, writable: true);
            tangents[adjoint.Id] = hv;
            if (view.Index is null) after[adjoint.Id] = Binding(variables, hv, primal, model, ownerAdjointTangent, view, tape, rentals, writable: true);
        }
        return after;
    }

    /// <summary>The variables whose tangents <see cref="Bind"/> makes: the views and their adjoints (inputs and outputs of the tangent sweep alike).</summary>
    public static IEnumerable<int> Variables(MethodModel m, IReadOnlyDictionary<int, IrVariable>? adjoints)
    {
        if (m.Views.IsDefaultOrEmpty()) yield break;
        foreach (FieldView view in m.Views)
        {
            yield return view.Var;
            if (adjoints is not null && adjoints.TryGetValue(view.Var, out IrVariable? adjoint)) yield return adjoint.Id;
        }
    }

    private static IrVariable Tangent(FieldView view, IrVariable of, ModelValue? model, IrVariable ownerTangent, VariableTable variables,
        Func<IrVariable, string> name, bool writable)
    {
        SpanShape shape = of.Shape switch
        {
            SpanShape.ReadOnlySpan or SpanShape.Span => writable ? SpanShape.Span : SpanShape.ReadOnlySpan,
            SpanShape s => s,
        };
        // A field of a model held in an array is named by its access, on the array's tangent as on the array.
        string n = view.Index is null ? variables.Fresh(name(of))
            : variables.Fresh(ModelValues.Specialized($"{ownerTangent.Name}[{view.Index}].{view.Field}", view.TypeParameter, of.Element, of.Shape));
        return variables.AddNamed(n, of.Element, shape, VariableRole.Adjoint, ParameterRole.Constant, model?.GradientTypeText);
    }

    private static List<IrStmt> Binding(VariableTable variables, IrVariable t, IrVariable primal, ModelValue? model, IrVariable ownerTangent, FieldView view,
        Func<IrVariable> tape, List<IrStmt> rentals, bool writable)
    {
        SpanShape shape = !primal.IsSpan ? SpanShape.None : writable ? SpanShape.Span : SpanShape.ReadOnlySpan;
        var source = new OpaqueExpr(ScalarKind.Opaque, ModelValues.Specialized(ownerTangent.Name + "." + view.Field, view.TypeParameter, t.Element, shape));
        var statements = new List<IrStmt>();
        if (model is not null)
        {
            statements.Add(new BindStmt(null, t.Id, model.GradientTypeText, source, writable && model is { IsStruct: true, IsArray: false }));
            if (model.IsArray) statements.Add(new LengthCheckStmt(null, t.Id, primal.Id, AllowEmpty: false));
        }
        else if (primal.IsSpan)
        {
            statements.Add(new BindStmt(null, t.Id, writable ? TypeNames.Span(t.Element) : TypeNames.ReadOnlySpan(t.Element), source, ByRef: false));
            // A direction made before the model's array was resized has the wrong length: an ArgumentException. The adjoint
            // side is checked by the mirror of the backward's own check.
            if (!writable)
            {
                _ = tape();
                IrVariable rented = variables.Add(t.Name + "Rented", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
                statements.Add(new PrepareTangentStmt(null, rented.Id, t.Id, primal.Id));
                rentals.Add(new ReturnScratchStmt(null, t.Element, Ir.Var(rented), t.Id));
            }
        }
        else
        {
            statements.Add(new BindStmt(null, t.Id, t.Element.Keyword(), source, ByRef: writable));
        }
        return statements;
    }
}
