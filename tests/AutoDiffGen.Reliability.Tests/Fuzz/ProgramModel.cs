using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AutoDiffGen.Reliability.Tests.Fuzz;

/// <summary>A statement of a random program. Deletable statements are what the shrinker removes.</summary>
public abstract class Stmt
{
    protected Stmt(bool deletable) => Deletable = deletable;

    public bool Deletable { get; }

    public abstract void Print(StringBuilder sb, int indent, ISet<Stmt> removed);

    /// <summary>This statement and every statement nested in it.</summary>
    public virtual IEnumerable<Stmt> SelfAndDescendants()
    {
        yield return this;
    }

    protected static void Pad(StringBuilder sb, int indent) => sb.Append(' ', indent * 4);

    protected static void PrintBlock(StringBuilder sb, int indent, IReadOnlyList<Stmt> body, ISet<Stmt> removed)
    {
        foreach (Stmt s in body)
        {
            if (!removed.Contains(s)) s.Print(sb, indent, removed);
        }
    }
}

/// <summary>A one-line statement (<c>v0 = …;</c>, <c>if (…) break;</c>, <c>return …;</c>).</summary>
public sealed class LineStmt : Stmt
{
    public LineStmt(string text, bool deletable = true) : base(deletable) => Text = text;

    public string Text { get; }

    public override void Print(StringBuilder sb, int indent, ISet<Stmt> removed)
    {
        Pad(sb, indent);
        sb.Append(Text).Append('\n');
    }
}

/// <summary>A statement with a body: <c>if</c>/<c>else</c>, loops; <see cref="Footer"/> closes a <c>do</c>.</summary>
public sealed class BlockStmt : Stmt
{
    public BlockStmt(string header, List<Stmt> body, List<Stmt>? elseBody = null, string? footer = null, bool deletable = true)
        : base(deletable)
    {
        Header = header;
        Body = body;
        ElseBody = elseBody;
        Footer = footer;
    }

    public string Header { get; }
    public List<Stmt> Body { get; }
    public List<Stmt>? ElseBody { get; }
    public string? Footer { get; }

    public override void Print(StringBuilder sb, int indent, ISet<Stmt> removed)
    {
        Pad(sb, indent);
        sb.Append(Header).Append('\n');
        Pad(sb, indent);
        sb.Append("{\n");
        PrintBlock(sb, indent + 1, Body, removed);
        Pad(sb, indent);
        sb.Append('}');
        if (ElseBody is not null)
        {
            sb.Append('\n');
            Pad(sb, indent);
            sb.Append("else\n");
            Pad(sb, indent);
            sb.Append("{\n");
            PrintBlock(sb, indent + 1, ElseBody, removed);
            Pad(sb, indent);
            sb.Append('}');
        }
        if (Footer is not null) sb.Append(' ').Append(Footer);
        sb.Append('\n');
    }

    public override IEnumerable<Stmt> SelfAndDescendants()
    {
        yield return this;
        foreach (Stmt s in Body.Concat(ElseBody ?? Enumerable.Empty<Stmt>()))
        {
            foreach (Stmt d in s.SelfAndDescendants()) yield return d;
        }
    }
}

/// <summary>
/// A method of a random program: its header, its body and the name others call it by. A <see cref="Local"/> one is a
/// static local function of <c>F</c>, printed at the end of F's body without <c>[Differentiable]</c>.
/// </summary>
public sealed class FuzzMethod
{
    public FuzzMethod(string name, string header, List<Stmt> body)
    {
        Name = name;
        Header = header;
        Body = body;
    }

    public string Name { get; }
    public string Header { get; }
    public List<Stmt> Body { get; }
    public bool Local { get; set; }
    /// <summary>The attribute a method (not a local function) is printed with.</summary>
    public string Attribute { get; set; } = "[Differentiable]";

    public IEnumerable<Stmt> AllStatements() => Body.SelectMany(s => s.SelfAndDescendants());

    /// <param name="locals">The local functions printed inside this method, as text indented for a method body.</param>
    public void Print(StringBuilder sb, ISet<Stmt> removed, IEnumerable<string>? locals = null)
    {
        if (Local)
        {
            sb.Append(Header.Replace("public static ", "static ", System.StringComparison.Ordinal)).Append("\n{\n");
        }
        else
        {
            sb.Append("    ").Append(Attribute).Append("\n    ").Append(Header).Append("\n    {\n");
        }
        int indent = Local ? 1 : 2;
        foreach (Stmt s in Body)
        {
            if (!removed.Contains(s)) s.Print(sb, indent, removed);
        }
        foreach (string local in locals ?? Enumerable.Empty<string>())
        {
            foreach (string line in local.TrimEnd('\n').Split('\n')) sb.Append("        ").Append(line).Append('\n');
        }
        sb.Append(Local ? "}\n" : "    }\n");
    }
}

/// <summary>
/// A random program: helper methods and a main method <c>F</c> in a partial class, all <c>[Differentiable]</c>,
/// with the shape of <c>F</c>'s parameters (scalars, an active span, a constant data span, an int).
/// </summary>
public sealed class FuzzProgram
{
    public required int Seed { get; init; }
    public required string ClassName { get; init; }
    public required List<FuzzMethod> Helpers { get; init; }
    public required FuzzMethod Main { get; init; }
    /// <summary>Names of the scalar <c>double</c> parameters of <c>F</c>, in order.</summary>
    public required string[] Scalars { get; init; }
    /// <summary>Length of the active span <c>w</c>, or 0 when <c>F</c> has none.</summary>
    public required int SpanLength { get; init; }
    /// <summary>The constant data passed as <c>[NoDerivative] ReadOnlySpan&lt;double&gt; x</c>, or null.</summary>
    public required double[]? Data { get; init; }
    /// <summary>The value passed as <c>int n</c>, or null when <c>F</c> has no int parameter.</summary>
    public required int? N { get; init; }
    /// <summary>The member of the program's nested <c>enum Mode</c> passed as <c>Mode mode</c>, or null when <c>F</c> has none.</summary>
    public string? Mode { get; init; }
    /// <summary>The constructs of issue 14 this program uses (side effects, buffers, in-out helpers …), for coverage counts.</summary>
    public IReadOnlyCollection<string> Constructs { get; init; } = System.Array.Empty<string>();
    /// <summary>Whether <c>F</c> also has <c>FTangent</c> (<c>Derivatives.Forward</c>), checked along random directions.</summary>
    public bool Forward { get; init; }
    /// <summary>Whether <c>F</c> also has <c>FHessianVectorProduct</c> (<c>Derivatives.Hessian</c>).</summary>
    public bool Hessian { get; init; }

    /// <summary>Number of active inputs: the scalars, then the elements of <c>w</c>.</summary>
    public int Dimension => Scalars.Length + SpanLength;

    public IEnumerable<Stmt> AllStatements() => Helpers.Append(Main).SelectMany(m => m.AllStatements());

    /// <summary>The program's source file, without the statements in <paramref name="removed"/>; unused helpers are left out.</summary>
    public string Print(ISet<Stmt>? removed = null)
    {
        removed ??= new HashSet<Stmt>();
        var methods = new List<string>();
        foreach (FuzzMethod m in Helpers.Append(Main))
        {
            var sb = new StringBuilder();
            m.Print(sb, removed);
            methods.Add(sb.ToString());
        }
        // A helper stays only if a kept method calls it.
        var keep = new bool[methods.Count];
        keep[^1] = true;
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int i = 0; i < Helpers.Count; i++)
            {
                if (keep[i]) continue;
                string call = Helpers[i].Name + "(";
                if (methods.Where((_, j) => keep[j] && j != i).Any(text => text.Contains(call)))
                {
                    keep[i] = true;
                    changed = true;
                }
            }
        }
        // Kept local functions go inside F, after its return.
        var locals = Helpers.Select((h, j) => (h, j)).Where(p => p.h.Local && keep[p.j]).Select(p => methods[p.j]).ToList();
        var main = new StringBuilder();
        Main.Print(main, removed, locals);
        methods[^1] = main.ToString();
        var file = new StringBuilder();
        file.Append("using System;\nusing AutoDiffGen;\n\nnamespace Fuzz;\n\npublic static partial class ").Append(ClassName).Append("\n{\n");
        if (Mode is not null) file.Append("    public enum Mode { A, B, C }\n\n");
        file.AppendJoin("\n", methods.Where((_, j) => keep[j] && (j == methods.Count - 1 || !Helpers[j].Local)));
        file.Append("}\n");
        return file.ToString();
    }

    /// <summary>The arguments that pass the flat input vector <c>xs</c> to <c>F</c> (and its traced copy).</summary>
    public string Arguments(string xs, string data)
    {
        var args = new List<string>();
        for (int i = 0; i < Scalars.Length; i++) args.Add($"{xs}[{i}]");
        if (SpanLength > 0) args.Add($"new global::System.ReadOnlySpan<double>({xs}, {Scalars.Length}, {SpanLength})");
        if (Data is not null) args.Add(data);
        if (N is not null) args.Add(N.Value.ToString(CultureInfo.InvariantCulture));
        if (Mode is not null) args.Add($"global::Fuzz.{ClassName}.Mode.{Mode}");
        return string.Join(", ", args);
    }

    /// <summary>The harness class <c>H_{ClassName}</c>: typed entry points so checks call compiled delegates, not reflection.</summary>
    public string Harness()
    {
        string c = ClassName;
        string args = Arguments("xs", "Data");
        var outs = new List<string>();
        var refs = new List<string>();
        for (int i = 0; i < Scalars.Length; i++)
        {
            outs.Add($"out g[{i}]");
            refs.Add($"ref g[{i}]");
        }
        if (SpanLength > 0)
        {
            outs.Add($"new global::System.Span<double>(g, {Scalars.Length}, {SpanLength})");
            refs.Add($"new global::System.Span<double>(g, {Scalars.Length}, {SpanLength})");
        }
        string data = Data is null ? "null" : "new double[] { " + string.Join(", ", Data.Select(d => d.ToString("R", CultureInfo.InvariantCulture))) + " }";
        // Directions of forward mode: v as the inputs' tangents; H·v's gradient and product into g and hv.
        var directions = new List<string>();
        var gradientOuts = new List<string>();
        var productOuts = new List<string>();
        for (int i = 0; i < Scalars.Length; i++)
        {
            directions.Add($"v[{i}]");
            gradientOuts.Add($"out g[{i}]");
            productOuts.Add($"out hv[{i}]");
        }
        if (SpanLength > 0)
        {
            directions.Add($"new global::System.ReadOnlySpan<double>(v, {Scalars.Length}, {SpanLength})");
            gradientOuts.Add($"new global::System.Span<double>(g, {Scalars.Length}, {SpanLength})");
            productOuts.Add($"new global::System.Span<double>(hv, {Scalars.Length}, {SpanLength})");
        }
        string forward = !Forward ? "" : $$"""

                public static double Tangent(double[] xs, double[] v, out double d) => {{c}}.FTangent({{args}}, {{string.Join(", ", directions)}}, out d);
                public static long WarmTangentAllocation(double[] xs, double[] v)
                {
                    Tangent(xs, v, out _);
                    Tangent(xs, v, out _);
                    long before = global::System.GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < 4; i++) Tangent(xs, v, out _);
                    return global::System.GC.GetAllocatedBytesForCurrentThread() - before;
                }
            """;
        string hessian = !Hessian ? "" : $$"""

                public static double HessianVector(double[] xs, double[] v, double[] g, double[] hv) =>
                    {{c}}.FHessianVectorProduct({{args}}, {{string.Join(", ", directions)}}, {{string.Join(", ", gradientOuts)}}, {{string.Join(", ", productOuts)}});
            """;
        return $$"""
            namespace Fuzz;

            public static class H_{{c}}
            {
                private static readonly double[] Data = {{data}}!;
                public static double Value(double[] xs) => {{c}}.F({{args}});
                public static double Traced(double[] xs) => {{c}}.F_T({{args}});
                public static double Gradient(double[] xs, double[] g) => {{c}}.FGradient({{args}}, {{string.Join(", ", outs)}});
                public static double Backward(double[] xs, double[] g, double seed) => {{c}}.FBackward({{args}}, seed, {{string.Join(", ", refs)}});
                public static long WarmAllocation(double[] xs, double[] g)
                {
                    Gradient(xs, g);
                    Gradient(xs, g);
                    long before = global::System.GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < 4; i++) Gradient(xs, g);
                    return global::System.GC.GetAllocatedBytesForCurrentThread() - before;
                }{{forward}}{{hessian}}
            }
            """;
    }
}
