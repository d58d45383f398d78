using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AutoDiffGen.Generator;

namespace AutoDiffGen.Reliability.Tests.Fuzz;

public delegate double ValueFunction(double[] xs);
public delegate double GradientFunction(double[] xs, double[] gradient);
public delegate double BackwardFunction(double[] xs, double[] adjoints, double seed);
public delegate long AllocationFunction(double[] xs, double[] gradient);
public delegate double TangentFunction(double[] xs, double[] v, out double tangent);
public delegate double HessianVectorFunction(double[] xs, double[] v, double[] gradient, double[] hv);

/// <summary>One source file of a batch: a program (or a mutant) and, when it is to be run, its harness.</summary>
public sealed record FuzzUnit(string ClassName, string Source, string? Harness);

/// <summary>What the generator and the compiler made of one unit, and, when it compiled, its entry points.</summary>
public sealed class UnitOutcome
{
    public UnitOutcome(FuzzUnit unit) => Unit = unit;

    public FuzzUnit Unit { get; }
    /// <summary>Errors of the user's code before the generator ran (mutants only; a fuzz program has none).</summary>
    public List<Diagnostic> InputErrors { get; } = new();
    /// <summary>ADG diagnostics reported on the unit's own file.</summary>
    public List<Diagnostic> Adg { get; } = new();
    /// <summary>Generator or compiler misbehaviour attributed to this unit: always a bug.</summary>
    public List<string> Problems { get; } = new();
    /// <summary>Generated sources for this unit.</summary>
    public List<string> Generated { get; } = new();
    public ValueFunction? Value { get; set; }
    public ValueFunction? Traced { get; set; }
    public GradientFunction? Gradient { get; set; }
    public BackwardFunction? Backward { get; set; }
    public AllocationFunction? WarmAllocation { get; set; }
    /// <summary>FTangent along a direction, when the program asks for forward mode.</summary>
    public TangentFunction? Tangent { get; set; }
    public AllocationFunction? WarmTangentAllocation { get; set; }
    /// <summary>FHessianVectorProduct, when the program asks for second order.</summary>
    public HessianVectorFunction? HessianVector { get; set; }
    public bool Runnable => Value is not null;
}

/// <summary>Entry points of the <c>Fuzz.Trace</c> class of one loaded batch.</summary>
public sealed record TraceAccess(Action Reset, Func<ulong> Hash, Func<bool> Singular);

/// <summary>A compiled, loaded batch; disposing unloads its collectible load context.</summary>
public sealed class Batch : IDisposable
{
    private AssemblyLoadContext? _context;
    private readonly List<Batch> _parts = new();
    private readonly Dictionary<UnitOutcome, TraceAccess> _traces = new();

    public Batch(List<UnitOutcome> units, AssemblyLoadContext? context, TraceAccess? trace)
    {
        Units = units;
        _context = context;
        if (trace is not null) foreach (UnitOutcome u in units) _traces[u] = trace;
    }

    /// <summary>A batch made of batches compiled one unit each.</summary>
    public Batch(List<Batch> parts) : this(parts.SelectMany(p => p.Units).ToList(), null, null)
    {
        _parts = parts;
        foreach (Batch p in parts) foreach (var (u, t) in p._traces) _traces[u] = t;
    }

    public List<UnitOutcome> Units { get; }

    /// <summary>The trace entry points of the assembly <paramref name="unit"/> was loaded in.</summary>
    public TraceAccess TraceOf(UnitOutcome unit) => _traces[unit];

    public void Dispose()
    {
        foreach (Batch p in _parts) p.Dispose();
        _context?.Unload();
        _context = null;
    }
}

/// <summary>
/// Compiles many programs in one compilation with <see cref="DifferentiableGenerator"/> (as <c>dotnet build</c> would
/// run it), attributes every generator and compiler diagnostic to its program, then compiles the harnesses of the
/// programs that got code and loads the result into a collectible <see cref="AssemblyLoadContext"/>.
/// </summary>
public static class FuzzCompiler
{
    public static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
            // The AutoDiffGen package brings System.Numerics.Tensors: vectorized loops call its TensorPrimitives.
            .Append(MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location))
            .ToImmutableArray();

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: true,
        nullableContextOptions: NullableContextOptions.Disable,
        specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS8321"] = ReportDiagnostic.Suppress });

    private static readonly Regex ClassName = new(@"partial (?:class|struct|record) (\w+)", RegexOptions.Compiled);

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);

    private static string PathOf(FuzzUnit u) => u.ClassName + ".cs";

    public static Batch Compile(IReadOnlyList<FuzzUnit> units)
    {
        var outcomes = units.Select(u => new UnitOutcome(u)).ToList();
        var byPath = outcomes.ToDictionary(o => PathOf(o.Unit));
        var byClass = outcomes.ToDictionary(o => o.Unit.ClassName);

        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(TraceRewriter.TraceSource, ParseOptions, path: "Trace.cs") };
        var traced = new Dictionary<UnitOutcome, SyntaxTree>();
        foreach (UnitOutcome o in outcomes)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(o.Unit.Source, ParseOptions, path: PathOf(o.Unit));
            trees.Add(tree);
            if (o.Unit.Harness is not null)
            {
                traced[o] = CSharpSyntaxTree.ParseText(TraceRewriter.TracedCopy(tree.GetRoot()), ParseOptions, path: o.Unit.ClassName + ".trace.cs");
            }
        }
        CSharpCompilation input = CSharpCompilation.Create("Fuzz" + Guid.NewGuid().ToString("N"), trees.Concat(traced.Values), References, Options);

        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            if (units.Count > 1) return Isolate(units);
            outcomes[0].Problems.Add("generator threw " + result.Exception);
        }
        foreach (Diagnostic d in generatorDiagnostics)
        {
            // The generator reports on external-file locations (path and span) so its model holds no syntax tree.
            string? path = d.Location.SourceTree?.FilePath ?? (d.Location.Kind == LocationKind.ExternalFile ? d.Location.GetLineSpan().Path : null);
            bool located = path is not null && byPath.ContainsKey(path);
            if (!located && units.Count > 1) return Isolate(units);
            UnitOutcome o = located ? byPath[path!] : outcomes[0];
            if (d.Id is "CS8785" or "AD0001" or "ADG0012") o.Problems.Add("generator crashed: " + d);
            else if (!d.Id.StartsWith("ADG", StringComparison.Ordinal)) o.Problems.Add("unexpected generator diagnostic: " + d);
            else if (!located) o.Problems.Add("ADG diagnostic not on the user's code: " + d);
            else o.Adg.Add(d);
        }

        // Generated trees, by the class they extend.
        var owner = new Dictionary<SyntaxTree, UnitOutcome>();
        var generatedTrees = new HashSet<SyntaxTree>();
        foreach (GeneratedSourceResult s in result.GeneratedSources)
        {
            string text = s.SourceText.ToString();
            Match m = ClassName.Match(text);
            if (!m.Success || !byClass.TryGetValue(m.Groups[1].Value, out UnitOutcome? o))
            {
                if (units.Count > 1) return Isolate(units);
                outcomes[0].Problems.Add("generated source for an unknown type: " + s.HintName);
                continue;
            }
            o.Generated.Add(text);
            owner[s.SyntaxTree] = o;
            generatedTrees.Add(s.SyntaxTree);
        }
        foreach (UnitOutcome o in outcomes)
        {
            foreach (string method in o.Adg.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => EnclosingMethod(d, trees)).Where(n => n is not null).Distinct()!)
            {
                var declaration = new Regex(@"static \w+ " + Regex.Escape(method!) + @"(Gradient|Backward)\(");
                if (o.Generated.Any(g => declaration.IsMatch(g))) o.Problems.Add($"code generated for {method} despite its ADG error");
            }
        }

        // The final compilation: the generator's output plus a harness for each unit to be run. Units not run keep
        // only their own file and its generated code (their traced copy need not compile).
        var harnessed = outcomes.Where(o => o.Unit.Harness is not null && o.Problems.Count == 0 && !o.Adg.Any(d => d.Severity == DiagnosticSeverity.Error)).ToHashSet();
        Compilation final = output.RemoveSyntaxTrees(traced.Where(t => !harnessed.Contains(t.Key)).Select(t => t.Value));
        var harnessTrees = new HashSet<SyntaxTree>();
        var tracedTrees = new HashSet<SyntaxTree>();
        foreach (UnitOutcome o in outcomes)
        {
            owner[trees.First(t => t.FilePath == PathOf(o.Unit))] = o;
            if (!harnessed.Contains(o)) continue;
            tracedTrees.Add(traced[o]);
            owner[traced[o]] = o;
            SyntaxTree harness = CSharpSyntaxTree.ParseText(o.Unit.Harness!, ParseOptions, path: o.Unit.ClassName + ".harness.cs");
            harnessTrees.Add(harness);
            owner[harness] = o;
            final = final.AddSyntaxTrees(harness);
        }

        // One emit usually settles everything; diagnostics are attributed only when there are some.
        using var stream = new MemoryStream();
        var emit = final.Emit(stream);
        var attention = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (attention.Count > 0)
        {
            var userWarnings = attention.Where(d => d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } t && owner.ContainsKey(t) && !generatedTrees.Contains(t))
                .Select(d => (owner[d.Location.SourceTree!], d.Id)).ToHashSet();
            HashSet<string>? inputErrorTexts = null;
            var exclude = new HashSet<UnitOutcome>();
            foreach (Diagnostic d in attention)
            {
                if (d.Location.SourceTree is not { } tree || !owner.TryGetValue(tree, out UnitOutcome? o))
                {
                    if (d.Severity == DiagnosticSeverity.Warning) continue;
                    if (units.Count > 1) return Isolate(units);
                    outcomes[0].Problems.Add("error outside the unit: " + d);
                    continue;
                }
                if (generatedTrees.Contains(tree))
                {
                    // A warning the user's own code has (a self-comparison, say) may reappear in the code generated from it.
                    if (d.Severity == DiagnosticSeverity.Error || !userWarnings.Contains((o, d.Id))) o.Problems.Add("generated code does not compile cleanly: " + d + Excerpt(d));
                    continue;
                }
                if (d.Severity != DiagnosticSeverity.Error) continue;
                exclude.Add(o);
                inputErrorTexts ??= input.GetDiagnostics().Where(e => e.Severity == DiagnosticSeverity.Error).Select(e => e.ToString()).ToHashSet();
                bool inInput = inputErrorTexts.Contains(d.ToString());
                if (harnessTrees.Contains(tree)) o.Problems.Add("generated API does not match API.md: " + d);
                else if (tracedTrees.Contains(tree)) { if (!inInput) o.Problems.Add("generated code breaks the traced copy: " + d); }
                else if (inInput) o.InputErrors.Add(d);
                else o.Problems.Add("generated code breaks the user's code: " + d);
            }
            // A unit with input errors: its harness errors are consequences, not API mismatches.
            foreach (UnitOutcome o in outcomes.Where(o => o.InputErrors.Count > 0)) o.Problems.RemoveAll(p => p.StartsWith("generated API", StringComparison.Ordinal));
            exclude.UnionWith(outcomes.Where(o => o.Problems.Count > 0));
            if (exclude.Count > 0)
            {
                final = final.RemoveSyntaxTrees(owner.Where(p => exclude.Contains(p.Value)).Select(p => p.Key));
                harnessed.ExceptWith(exclude);
                stream.SetLength(0);
                emit = final.Emit(stream);
            }
            if (!emit.Success)
            {
                if (units.Count > 1) return Isolate(units);
                outcomes[0].Problems.Add("compilation failed: " + string.Join("; ", emit.Diagnostics.Where(e => e.Severity == DiagnosticSeverity.Error).Take(3)));
                return new Batch(outcomes, null, null);
            }
        }
        var runnable = harnessed.ToList();
        if (runnable.Count == 0) return new Batch(outcomes, null, null);
        stream.Position = 0;
        var context = new AssemblyLoadContext("fuzz", isCollectible: true);
        Assembly assembly = context.LoadFromStream(stream);
        Type trace = assembly.GetType("Fuzz.Trace", throwOnError: true)!;
        var access = new TraceAccess(
            trace.GetMethod("Reset")!.CreateDelegate<Action>(),
            trace.GetProperty("Hash")!.GetMethod!.CreateDelegate<Func<ulong>>(),
            trace.GetProperty("Singular")!.GetMethod!.CreateDelegate<Func<bool>>());
        foreach (UnitOutcome o in runnable)
        {
            Type h = assembly.GetType("Fuzz.H_" + o.Unit.ClassName, throwOnError: true)!;
            o.Value = h.GetMethod("Value")!.CreateDelegate<ValueFunction>();
            o.Traced = h.GetMethod("Traced")!.CreateDelegate<ValueFunction>();
            o.Gradient = h.GetMethod("Gradient")!.CreateDelegate<GradientFunction>();
            o.Backward = h.GetMethod("Backward")!.CreateDelegate<BackwardFunction>();
            o.WarmAllocation = h.GetMethod("WarmAllocation")!.CreateDelegate<AllocationFunction>();
            o.Tangent = h.GetMethod("Tangent")?.CreateDelegate<TangentFunction>();
            o.WarmTangentAllocation = h.GetMethod("WarmTangentAllocation")?.CreateDelegate<AllocationFunction>();
            o.HessianVector = h.GetMethod("HessianVector")?.CreateDelegate<HessianVectorFunction>();
        }
        return new Batch(outcomes, context, access);
    }

    /// <summary>A batch-level failure (a generator exception, an unplaceable diagnostic): compile each unit alone.</summary>
    private static Batch Isolate(IReadOnlyList<FuzzUnit> units)
    {
        return new Batch(units.Select(u => Compile(new[] { u })).ToList());
    }

    private static string? EnclosingMethod(Diagnostic d, IReadOnlyList<SyntaxTree> trees)
    {
        string path = d.Location.GetLineSpan().Path;
        SyntaxTree? tree = d.Location.SourceTree ?? trees.FirstOrDefault(t => t.FilePath == path);
        if (tree is null) return null;
        var node = tree.GetRoot().FindNode(d.Location.SourceSpan);
        return node.AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText;
    }

    private static string Excerpt(Diagnostic d)
    {
        if (d.Location.SourceTree is not { } tree) return "";
        int line = d.Location.GetLineSpan().StartLinePosition.Line;
        var lines = tree.GetText().Lines;
        return "\n    > " + lines[line].ToString().Trim();
    }
}
