using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// The parameters of the generated methods (API.md) and the adjoint variable of every active primal variable.
/// </summary>
internal sealed class Signature
{
    public string? SeedName { get; private set; }

    /// <summary>Seed parameters of span outputs: (output parameter, seed name).</summary>
    public List<(ParameterModel Output, string Seed)> OutputSeeds { get; } = new();

    /// <summary>Gradient/adjoint parameters of the active inputs: (input parameter, name).</summary>
    public List<(ParameterModel Input, string Name)> InputAdjoints { get; } = new();

    /// <summary>Scalar parameters reassigned in the body: their adjoint is a local added into the parameter at the end.</summary>
    public List<(string Parameter, string Local)> ScalarFinalizations { get; } = new();

    /// <summary>Output working buffers: (output parameter, working adjoint name, seed name).</summary>
    public List<(ParameterModel Output, string Work, string Seed)> OutputWork { get; } = new();

    /// <summary>Adjoint locals declared at the top of the backward method.</summary>
    public List<IrVariable> AdjointLocals { get; } = new();

    public static Signature Create(TransformContext c)
    {
        var s = new Signature();
        MethodModel m = c.Model;
        if (m.ReturnKind is not null) s.SeedName = c.Variables.Fresh("seed");
        var assigned = new HashSet<int>(StatementWalker.All(m.Body).OfType<AssignStmt>().Select(a => a.Var));
        foreach (ParameterModel p in m.Parameters.Where(p => p.Role == ParameterRole.Output))
        {
            string seed = c.Variables.Fresh("d" + Capitalize(p.Name));
            s.OutputSeeds.Add((p, seed));
        }
        foreach (ParameterModel p in m.Parameters.Where(p => p.Role is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan))
        {
            string name = c.Variables.Fresh("d" + Capitalize(p.Name));
            s.InputAdjoints.Add((p, name));
            if (!c.Activity.IsActive(p.Var)) continue;
            if (p.Role == ParameterRole.ActiveSpan)
            {
                c.Adjoints[p.Var] = c.Variables.AddReserved(name, p.Element, SpanShape.Span, VariableRole.Adjoint);
            }
            else if (assigned.Contains(p.Var))
            {
                IrVariable local = c.Variables.Add(name + "Local", p.Element, SpanShape.None, VariableRole.Adjoint);
                c.Adjoints[p.Var] = local;
                s.AdjointLocals.Add(local);
                s.ScalarFinalizations.Add((name, local.Name));
            }
            else
            {
                c.Adjoints[p.Var] = c.Variables.AddReserved(name, p.Element, SpanShape.None, VariableRole.Adjoint);
            }
        }
        foreach ((ParameterModel output, string seed) in s.OutputSeeds)
        {
            if (!c.Activity.IsActive(output.Var)) continue;
            IrVariable work = c.Variables.Add(seed + "Work", output.Element, SpanShape.Span, VariableRole.Adjoint);
            c.Adjoints[output.Var] = work;
            s.OutputWork.Add((output, work.Name, seed));
        }
        foreach (IrVariable v in c.Variables.All.ToList())
        {
            if (!c.Activity.IsActive(v.Id) || c.Adjoints.ContainsKey(v.Id) || v.Role == VariableRole.Parameter) continue;
            IrVariable adjoint = c.Variables.Add("d" + Capitalize(v.Name), v.Element, v.IsSpan ? SpanShape.Span : SpanShape.None, VariableRole.Adjoint);
            c.Adjoints[v.Id] = adjoint;
            if (!v.IsSpan) s.AdjointLocals.Add(adjoint);
        }
        return s;
    }

    /// <summary><c>x</c> → <c>X</c>, for derived names such as <c>dX</c> (a verbatim <c>@in</c> gives <c>In</c>).</summary>
    public static string Capitalize(string name)
    {
        name = name.TrimStart('@');
        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }
}
