using System.Collections.Generic;
using System.Globalization;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Transform;

/// <summary>The variables of a method while the transform adds flags, adjoints and bookkeeping; names stay unique.</summary>
internal sealed class VariableTable
{
    private readonly List<IrVariable> _variables;
    private readonly HashSet<string> _names = new();

    public VariableTable(IEnumerable<IrVariable> variables, IEnumerable<string> reservedNames)
    {
        _variables = new List<IrVariable>(variables);
        foreach (IrVariable v in _variables) _names.Add(v.Name);
        foreach (string name in reservedNames) _names.Add(name);
    }

    public IrVariable this[int id] => _variables[id];

    public int Count => _variables.Count;

    public IReadOnlyList<IrVariable> All => _variables;

    public IrVariable Add(string stem, ScalarKind element, SpanShape shape, VariableRole role, bool numbered = false)
    {
        var v = new IrVariable(_variables.Count, Fresh(stem, numbered), element, shape, role, ParameterRole.Constant);
        _variables.Add(v);
        return v;
    }

    /// <summary>Adds a variable under a name already reserved with <see cref="Fresh"/>.</summary>
    public IrVariable AddReserved(string name, ScalarKind element, SpanShape shape, VariableRole role)
    {
        var v = new IrVariable(_variables.Count, name, element, shape, role, ParameterRole.Constant);
        _variables.Add(v);
        return v;
    }

    /// <summary>Reserves and returns a name based on <paramref name="stem"/> (<c>stem</c>, else <c>stem1</c>, <c>stem2</c> …).</summary>
    public string Fresh(string stem, bool numbered = false)
    {
        if (!numbered && _names.Add(stem)) return stem;
        for (int i = 1; ; i++)
        {
            string candidate = stem + i.ToString(CultureInfo.InvariantCulture);
            if (_names.Add(candidate)) return candidate;
        }
    }
}
