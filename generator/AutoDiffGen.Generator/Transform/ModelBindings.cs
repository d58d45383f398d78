using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// The model side of the reverse-mode methods (API.md, "Model types"): the receiver of a model's instance method is an
/// input whose adjoint is the <c>gradient</c> parameter; each model field the body reads (a view) is bound to a local at
/// the top of the generated method, and its adjoint to the same field of its owner's adjoint, so the sweeps read and add
/// into the model's gradient like into any parameter's adjoint.
/// </summary>
internal static class ModelBindings
{
    /// <summary>The name of the receiver's adjoint (API.md: <c>Model.Gradient gradient</c>).</summary>
    public const string ReceiverAdjointName = "gradient";

    /// <summary>The method's inputs in signature order: the receiver of a model's instance method first, then its parameters.</summary>
    public static IEnumerable<ParameterModel> Inputs(MethodModel m)
    {
        if (m.Receiver >= 0 && Model(m, m.Receiver) is ModelValue receiver)
        {
            yield return new ParameterModel("this", receiver.TypeText, m.Receiver, ParameterRole.Model, ScalarKind.Opaque);
        }
        foreach (ParameterModel p in m.Parameters) yield return p;
    }

    /// <summary>The model variable <paramref name="var"/> is, if it is one.</summary>
    public static ModelValue? Model(MethodModel m, int var) => m.Models.IsDefaultOrEmpty() ? null : m.Models.FirstOrDefault(v => v.Var == var);

    /// <summary>The name of an input's adjoint parameter: <c>gradient</c> for the receiver, <c>dX</c> otherwise.</summary>
    public static string AdjointName(MethodModel m, ParameterModel input) =>
        input.Var == m.Receiver ? ReceiverAdjointName : Signature.AdjointName(input.Name);

    /// <summary>The C# type of an input's adjoint when it is a model (its Gradient type); null for reals.</summary>
    public static string? AdjointType(MethodModel m, int var) => Model(m, var)?.GradientTypeText;

    /// <summary>Whether an input's adjoint is passed by reference: a real scalar, or the Gradient of a struct model.</summary>
    public static bool ByReference(MethodModel m, ParameterModel input) =>
        input.Role == ParameterRole.ActiveScalar || (input.Role == ParameterRole.Model && Model(m, input.Var) is { IsStruct: true, IsArray: false });

    /// <summary>An input's name in documentation.</summary>
    public static string Describe(MethodModel m, ParameterModel input) => input.Var == m.Receiver ? "the model's parameters" : input.Name;

    /// <summary>
    /// Adjoints of the views: every active view, and every model view an adjoint of its fields is bound from. Added to the
    /// context's adjoints; the owners' adjoints (the receiver's and model parameters') are made by <see cref="Signature"/>.
    /// </summary>
    public static void AddViewAdjoints(TransformContext c)
    {
        MethodModel m = c.Model;
        if (m.Views.IsDefaultOrEmpty()) return;
        var needed = new HashSet<int>(m.Views.Where(v => c.Activity.IsActive(v.Var)).Select(v => v.Var));
        // An array of models whose elements' fields are read needs its adjoint (dLayers) for theirs.
        foreach (FieldView element in m.Views.Where(v => v.Index is not null && c.Activity.IsActive(v.Var))) needed.Add(element.Owner);
        // Owners before their fields in the list, so one backward pass marks every owner of a needed view.
        for (int i = m.Views.Count - 1; i >= 0; i--)
        {
            if (needed.Contains(m.Views[i].Var) && m.Views.Any(v => v.Var == m.Views[i].Owner)) needed.Add(m.Views[i].Owner);
        }
        foreach (FieldView view in m.Views)
        {
            if (view.Index is not null)
            {
                // A field of an array element is named by its access; its adjoint by the same access on the array's adjoint.
                if (c.Activity.IsActive(view.Var) && c.Adjoints.TryGetValue(view.Owner, out IrVariable? arrayAdjoint))
                {
                    IrVariable element = c.Variables[view.Var];
                    string access = ModelValues.Specialized($"{arrayAdjoint.Name}[{view.Index}].{view.Field}", view.TypeParameter, element.Element, element.Shape);
                    c.Adjoints[view.Var] = c.Variables.AddNamed(c.Variables.Fresh(access), element.Element, element.Shape, VariableRole.Adjoint, ParameterRole.Constant);
                }
                continue;
            }
            if (!needed.Contains(view.Var) || c.Adjoints.ContainsKey(view.Var)) continue;
            IrVariable v = c.Variables[view.Var];
            SpanShape shape = v.Shape == SpanShape.ReadOnlySpan ? SpanShape.Span : v.Shape;
            c.Adjoints[view.Var] = c.Variables.Add(Signature.AdjointName(v.Name), v.Element, shape, VariableRole.Adjoint, typeText: AdjointType(m, view.Var));
        }
    }

    /// <summary>
    /// What the top of a backward does for the views: <see cref="Bindings"/> (each view and its adjoint bound to the
    /// owner's field, owners first), then <see cref="Checks"/> (an adjoint array of the model's length; an empty one for an
    /// array parameter rents scratch space), and <see cref="Returns"/> at the end (the scratch given back).
    /// </summary>
    public sealed record Prologue(List<IrStmt> Bindings, List<IrStmt> Checks, List<IrStmt> Returns);

    public static Prologue Build(TransformContext c, IReadOnlyDictionary<int, IrVariable> inputAdjoints)
    {
        MethodModel m = c.Model;
        var prologue = new Prologue(new List<IrStmt>(), new List<IrStmt>(), new List<IrStmt>());
        if (m.Views.IsDefaultOrEmpty()) return prologue;
        foreach (FieldView view in m.Views)
        {
            if (view.Index is not null) continue;
            IrVariable v = c.Variables[view.Var];
            ModelValue? model = Model(m, view.Var);
            bool structModel = model is { IsStruct: true, IsArray: false };
            prologue.Bindings.Add(Bind(m, c.Variables, view));
            if (!c.Adjoints.TryGetValue(view.Var, out IrVariable? adjoint)) continue;
            IrVariable? ownerAdjoint = c.Adjoints.TryGetValue(view.Owner, out IrVariable? a) ? a : inputAdjoints.TryGetValue(view.Owner, out IrVariable? p) ? p : null;
            if (ownerAdjoint is null) throw Ir.Unreachable($"the owner of the view {v.Name} has no adjoint");
            var source = new OpaqueExpr(ScalarKind.Opaque, ModelValues.Specialized(ownerAdjoint.Name + "." + view.Field, view.TypeParameter, v.Element,
                v.IsSpan ? SpanShape.Span : SpanShape.None));
            if (model is not null)
            {
                prologue.Bindings.Add(new BindStmt(null, adjoint.Id, model.GradientTypeText, source, structModel));
                if (model.IsArray) prologue.Checks.Add(new LengthCheckStmt(null, adjoint.Id, v.Id, AllowEmpty: false));
            }
            else if (v.IsSpan)
            {
                prologue.Bindings.Add(new BindStmt(null, adjoint.Id, TypeNames.Span(v.Element), source, ByRef: false));
                // A gradient made before the model's array was resized has the wrong length: an ArgumentException, not a wrong gradient.
                IrVariable rented = c.Variables.Add(adjoint.Name + "Rented", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
                _ = c.Tape;
                prologue.Checks.Add(new PrepareAdjointStmt(null, rented.Id, adjoint.Id, v.Id));
                prologue.Returns.Add(new ReturnScratchStmt(null, v.Element, Ir.Var(rented), adjoint.Id));
            }
            else
            {
                prologue.Bindings.Add(new BindStmt(null, adjoint.Id, v.Element.Keyword(), source, ByRef: true));
            }
        }
        return prologue;
    }

    /// <summary>
    /// The views bound at the top of a method that computes only what the original computes (its primal copy): each view
    /// bound to its owner's field, owners first.
    /// </summary>
    public static List<IrStmt> PrimalBindings(MethodModel m, VariableTable variables) =>
        m.Views.IsDefaultOrEmpty() ? new List<IrStmt>() : m.Views.Where(v => v.Index is null).Select(v => (IrStmt)Bind(m, variables, v)).ToList();

    /// <summary><c>T view = owner.Field;</c> (<c>ref</c> for a struct model).</summary>
    private static BindStmt Bind(MethodModel m, VariableTable variables, FieldView view)
    {
        IrVariable v = variables[view.Var];
        ModelValue? model = Model(m, view.Var);
        string primalType = model is not null ? model.DeclaredTypeText : v.IsSpan ? TypeNames.ReadOnlySpan(v.Element) : v.Element.Keyword();
        bool structModel = model is { IsStruct: true, IsArray: false };
        string source = ModelValues.Specialized(variables[view.Owner].Name + "." + view.Field, view.TypeParameter, v.Element, v.IsSpan ? SpanShape.ReadOnlySpan : SpanShape.None);
        return new BindStmt(null, v.Id, primalType, new OpaqueExpr(ScalarKind.Opaque, source), structModel);
    }

    /// <summary>The adjoint argument for a model argument of a pullback call: its Gradient (an element of a Gradient array), by reference for a struct model.</summary>
    public static IrExpr AdjointArgument(TransformContext c, IrExpr model)
    {
        IrExpr adjoint = model switch
        {
            VarExpr v => Ir.Var(c.Adjoint(v.Var)),
            ElementExpr el => new ElementExpr(ScalarKind.Opaque, c.Adjoint(el.Span).Id, el.Index),
            _ => throw Ir.Unreachable("a model argument is a model variable or an element of an array of models"),
        };
        int? var = ModelValues.Base(model);
        return var is int id && Model(c.Model, id) is { IsStruct: true } ? new RefExpr(adjoint) : adjoint;
    }

    /// <summary>Whether the method works with models at all (its forward-mode derivatives are not generated yet).</summary>
    public static bool UsesModels(MethodModel m) => m.Receiver >= 0 || !m.Models.IsDefaultOrEmpty() || !m.Views.IsDefaultOrEmpty();
}
