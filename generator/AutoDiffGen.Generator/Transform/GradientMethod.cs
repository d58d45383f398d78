using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Assembles <c>{Name}Gradient</c> (API.md): clears the gradient parameters and calls the backward with seed 1.
/// </summary>
internal static class GradientMethod
{
    public static DerivativeMethod Build(TransformContext c, Signature s)
    {
        MethodModel m = c.Model;
        ScalarKind returned = m.ReturnKind!.Value;
        var parameters = m.Parameters.Select(p => new ParameterDecl(p.Var, p.TypeText, Passing.Value)).ToList();
        var body = new List<IrStmt>();
        var arguments = m.Parameters.Select(p => (IrExpr)Ir.Var(c.Variables[p.Var])).ToList();
        arguments.Add(Ir.Const(1, returned));
        foreach ((ParameterModel input, IrVariable adjoint) in s.InputAdjoints)
        {
            if (input.Role == ParameterRole.Model)
            {
                // Overwrite semantics: the whole gradient is cleared, then the backward adds into it.
                bool byReference = ModelBindings.ByReference(m, input);
                parameters.Add(BackwardMethod.Declare(adjoint, byReference ? Passing.Ref : Passing.Value));
                body.Add(new InvokeStmt(null, new InvokeExpr(ScalarKind.Opaque, adjoint.Name + ".Clear", EquatableArray<IrExpr>.Empty)));
                arguments.Add(byReference ? new RefExpr(Ir.Var(adjoint)) : Ir.Var(adjoint));
            }
            else if (input.Role == ParameterRole.ActiveScalar)
            {
                parameters.Add(BackwardMethod.Declare(adjoint, Passing.Out));
                body.Add(new AssignStmt(null, adjoint.Id, Ir.Zero(input.Element)));
                arguments.Add(new RefExpr(Ir.Var(adjoint)));
            }
            else
            {
                parameters.Add(BackwardMethod.Declare(adjoint, Passing.Value));
                body.Add(new LengthCheckStmt(null, adjoint.Id, input.Var, AllowEmpty: false));
                body.Add(new FillStmt(null, Ir.Span(adjoint), null));
                arguments.Add(Ir.Var(adjoint));
            }
        }
        body.Add(new ReturnStmt(null, new InvokeExpr(returned, m.Name + "Backward", arguments.ToEquatableArray())));

        string names = string.Join(", ", s.InputAdjoints.Select(a => ModelBindings.Describe(m, a.Input)));
        var docs = new[]
        {
            "<summary>",
            $"Computes <c>{m.Name}</c> and its gradient with respect to {(names.Length == 0 ? "nothing (no differentiated input)" : names)} in one forward and one reverse sweep.",
            "Returns the value; each gradient parameter receives ∂result/∂input (spans are overwritten, not added to).",
            "</summary>",
        };
        return new DerivativeMethod(c.Variables.All.ToEquatableArray(), docs.ToEquatableArray(), m.Modifiers, returned.Keyword(), m.Name + "Gradient",
            parameters.ToEquatableArray(), body.ToEquatableArray());
    }
}
