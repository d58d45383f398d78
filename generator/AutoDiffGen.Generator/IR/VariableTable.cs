using System.Collections.Generic;
using System.Globalization;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// The variables of a method and the one name allocator of the generator: lowering adds the user's locals and its
/// temporaries, the transforms add flags, adjoints and bookkeeping, and every name stays unique in the generated method.
/// </summary>
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

    public VariableTable() : this(System.Array.Empty<IrVariable>(), System.Array.Empty<string>())
    {
    }

    public IrVariable this[int id] => _variables[id];

    public int Count => _variables.Count;

    public IReadOnlyList<IrVariable> All => _variables;

    /// <summary>Adds a variable under a fresh name based on <paramref name="stem"/>.</summary>
    public IrVariable Add(string stem, ScalarKind element, SpanShape shape, VariableRole role, bool numbered = false, string? typeText = null) =>
        AddNamed(Fresh(stem, numbered), element, shape, role, ParameterRole.Constant, typeText);

    /// <summary>
    /// Adds a variable under exactly <paramref name="name"/>, which the caller has reserved (with <see cref="Fresh"/> or
    /// <see cref="Reserve"/>) or which names a parameter or a user local.
    /// </summary>
    public IrVariable AddNamed(string name, ScalarKind element, SpanShape shape, VariableRole role, ParameterRole parameterRole, string? typeText = null, bool isEnum = false)
    {
        _names.Add(name);
        var v = new IrVariable(_variables.Count, name, element, shape, role, parameterRole) { TypeText = typeText, IsEnum = isEnum };
        _variables.Add(v);
        return v;
    }

    /// <summary>Marks <paramref name="name"/> as taken (a user identifier that a later variable must not reuse).</summary>
    public void Reserve(string name) => _names.Add(name);

    /// <summary>Whether a variable (not just a reservation) already carries <paramref name="name"/>.</summary>
    public bool HasVariableNamed(string name)
    {
        foreach (IrVariable v in _variables)
        {
            if (v.Name == name) return true;
        }
        return false;
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
