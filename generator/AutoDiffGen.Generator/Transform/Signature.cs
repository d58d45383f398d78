using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// The parameters of the generated reverse-mode methods (API.md) and the adjoint variable of every active primal variable.
/// </summary>
internal sealed class Signature
{
    /// <summary>The seed of the returned value (<c>T seed</c>), when the method returns one.</summary>
    public IrVariable? Seed { get; private set; }

    /// <summary>Seed parameters of span outputs: (output parameter, <c>ReadOnlySpan&lt;T&gt; dY</c>).</summary>
    public List<(ParameterModel Output, IrVariable Seed)> OutputSeeds { get; } = new();

    /// <summary>Gradient/adjoint parameters of the active inputs: (input parameter, <c>dX</c>).</summary>
    public List<(ParameterModel Input, IrVariable Adjoint)> InputAdjoints { get; } = new();

    /// <summary>
    /// Active scalar inputs: their adjoint is a local added into the <c>ref</c> parameter at the end. A parameter is
    /// memory the JIT cannot keep in a register (the caller's variable), so each <c>dX += …</c> on it would be a load and a
    /// store on the reverse sweep's critical path; a parameter the body reassigns needs the local anyway.
    /// </summary>
    public List<(IrVariable Parameter, IrVariable Local)> ScalarFinalizations { get; } = new();

    /// <summary>Output working buffers: (output parameter, working adjoint, seed).</summary>
    public List<(ParameterModel Output, IrVariable Work, IrVariable Seed)> OutputWork { get; } = new();

    /// <summary>Adjoint locals declared at the top of the backward method.</summary>
    public List<IrVariable> AdjointLocals { get; } = new();

    public static Signature Create(TransformContext c)
    {
        var s = new Signature();
        MethodModel m = c.Model;
        if (m.ReturnKind is ScalarKind returned) s.Seed = c.Variables.Add("seed", returned, SpanShape.None, VariableRole.GeneratedParameter);
        foreach (ParameterModel p in m.Parameters.Where(p => p.Role == ParameterRole.Output))
        {
            // An in-out output's seed is writable: it hands back the adjoint of the incoming contents.
            SpanShape seedShape = c.InOutOutputs.Contains(p.Var) ? SpanShape.Span : SpanShape.ReadOnlySpan;
            s.OutputSeeds.Add((p, c.Variables.Add(AdjointName(p.Name), p.Element, seedShape, VariableRole.GeneratedParameter)));
        }
        foreach (ParameterModel p in ModelBindings.Inputs(m).Where(p => p.Role is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan or ParameterRole.Model))
        {
            SpanShape shape = p.Role == ParameterRole.ActiveSpan ? SpanShape.Span : SpanShape.None;
            bool active = c.Activity.IsActive(p.Var);
            // A span's or a model's adjoint is the parameter itself; a scalar's is collected in a local.
            bool direct = active && p.Role != ParameterRole.ActiveScalar;
            IrVariable parameter = c.Variables.Add(ModelBindings.AdjointName(m, p), p.Element, shape, direct ? VariableRole.Adjoint : VariableRole.GeneratedParameter,
                typeText: ModelBindings.AdjointType(m, p.Var));
            s.InputAdjoints.Add((p, parameter));
            if (!active) continue;
            if (direct)
            {
                c.Adjoints[p.Var] = parameter;
            }
            else
            {
                IrVariable local = c.Variables.Add(parameter.Name + "Local", p.Element, SpanShape.None, VariableRole.Adjoint);
                c.Adjoints[p.Var] = local;
                s.AdjointLocals.Add(local);
                s.ScalarFinalizations.Add((parameter, local));
            }
        }
        foreach ((ParameterModel output, IrVariable seed) in s.OutputSeeds)
        {
            if (!c.Activity.IsActive(output.Var)) continue;
            IrVariable work = c.Variables.Add(seed.Name + "Work", output.Element, SpanShape.Span, VariableRole.Adjoint);
            c.Adjoints[output.Var] = work;
            s.OutputWork.Add((output, work, seed));
        }
        ModelBindings.AddViewAdjoints(c);
        foreach (IrVariable v in c.Variables.All.ToList())
        {
            if (!c.Activity.IsActive(v.Id) || c.Adjoints.ContainsKey(v.Id) || v.Role == VariableRole.Parameter) continue;
            IrVariable adjoint = c.Variables.Add(AdjointName(v.Name), v.Element, v.IsSpan ? SpanShape.Span : SpanShape.None, VariableRole.Adjoint);
            c.Adjoints[v.Id] = adjoint;
            if (!v.IsSpan) s.AdjointLocals.Add(adjoint);
        }
        return s;
    }

    /// <summary><c>x</c> → <c>dX</c>: the name of a derivative of <paramref name="name"/> (API.md).</summary>
    public static string AdjointName(string name) => "d" + Capitalize(name);

    /// <summary><c>x</c> → <c>X</c>, for derived names such as <c>dX</c> (a verbatim <c>@in</c> gives <c>In</c>).</summary>
    public static string Capitalize(string name)
    {
        name = name.TrimStart('@');
        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }
}
