using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// <c>{Name}Primal</c>: what the method computes, printed from its IR, with its local arrays in the per-thread scratch
/// space instead of new arrays. A method whose body allocates gets one, and the forward sweeps of its callers call it
/// instead of the original, so their gradients allocate nothing on warm calls either.
/// </summary>
internal static class PrimalMethod
{
    public const string Suffix = KnownNames.PrimalSuffix;

    /// <summary>Whether the original allocates (a local array or a buffer of run-time length), so callers need the copy.</summary>
    public static bool Needed(IEnumerable<IrStmt> body) => StatementWalker.All(body).Any(s => s is StackAllocStmt { Scratch: true });

    /// <param name="structured">The body after structurizing (one exit; a result variable).</param>
    /// <param name="name">The name to print it under (a generic model's specialization, <c>Loss_Double</c>); null: <c>{Name}Primal</c>.</param>
    public static DerivativeMethod Build(TransformContext c, IReadOnlyList<IrStmt> structured, string? name = null)
    {
        MethodModel m = c.Model;
        var buffers = StatementWalker.All(structured).OfType<StackAllocStmt>().Where(a => a.Scratch).Select(a => c.Variables[a.Span]).ToList();
        // Only the scratch space is on the tape; a copy without local arrays does not look it up.
        // The fields of models it reads are bound at the top, as in every generated method (Transform/ModelBindings.cs).
        var statements = ModelBindings.PrimalBindings(m, c.Variables);
        if (buffers.Count > 0) statements.Add(new DeclareStmt(null, c.Tape.Id, null));
        HashSet<int> referenced = StatementWalker.Referenced(structured);
        foreach (IrVariable v in c.Variables.All)
        {
            if (v.Role is not (VariableRole.Local or VariableRole.Temporary or VariableRole.Flag or VariableRole.Result)) continue;
            if (referenced.Contains(v.Id) || v.Id == m.ResultVar) statements.Add(new DeclareStmt(null, v.Id, null));
        }
        statements.AddRange(structured);
        for (int i = buffers.Count - 1; i >= 0; i--) statements.Add(new ReturnScratchStmt(null, buffers[i].Element, new LengthExpr(buffers[i].Id), buffers[i].Id));
        if (m.ResultVar >= 0) statements.Add(new ReturnStmt(null, Ir.Var(c.Variables[m.ResultVar])));
        var docs = new[]
        {
            "<summary>",
            $"Computes what <c>{m.Name}</c> computes, with its local arrays in the per-thread scratch space instead of new arrays:",
            "generated code that calls it uses this, so a warm gradient call allocates nothing.",
            "</summary>",
        };
        if (name is not null)
        {
            docs = new[] { "<summary>", $"What <c>{m.Name}</c> computes, for one type of the model's type parameter; generated code calls it.", "</summary>" };
        }
        else if (m.IsLocalFunction)
        {
            // The local function itself, which generated code cannot call: its code is printed here, under the name its calls use.
            docs = new[] { "<summary>", $"The local function at line {m.SourceLine} of {m.SourceFile}, as a private member that generated code can call.", "</summary>" };
        }
        return new DerivativeMethod(c.Variables.All.ToEquatableArray(), docs.ToEquatableArray(), m.Modifiers, m.ReturnKind?.Keyword() ?? "void", name ?? (m.IsLocalFunction ? m.Name : m.Name + Suffix),
            m.Parameters.Select(p => new ParameterDecl(p.Var, p.TypeText, Passing.Value)).ToEquatableArray(), statements.ToEquatableArray());
    }
}
