using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AutoDiffGen.Generator;
using AutoDiffGen.Reliability.Tests.Fuzz;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

// Times the AutoDiffGen source generator on one file of 500 [Differentiable] methods (mixed scalar, branch and loop
// code from the reliability tests' random-program generator, fixed seed), as a build would run it:
//   cold  - the first run in a fresh process (loads and JITs the generator), the number a `dotnet build` pays;
//   warm  - a fresh driver on the same compilation (no incremental cache), median of several;
//   edit  - after the first run, an unrelated file is edited: the incremental pipeline must redo nothing;
//   method edit - after the first run, one method's body is edited: only that method is transformed and emitted again.
// Usage: dotnet run -c Release --project benchmarks/AutoDiffGen.GeneratorSpeed [-- methods [repetitions]] [--input file.cs]
// --input pins the input: the file is read when it exists, else generated and written there. The random-program generator
// grows with the fuzzer, so comparing two generators (or two days) needs the same pinned file.

int inputAt = Array.IndexOf(args, "--input");
string? inputFile = inputAt >= 0 && inputAt + 1 < args.Length ? args[inputAt + 1] : null;
string[] numbers = inputAt >= 0 ? args.Where((_, i) => i != inputAt && i != inputAt + 1).ToArray() : args;
int methods = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 500;
int repetitions = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 7;
const double TargetSeconds = 2.0;

var source = new StringBuilder("using System;\nusing AutoDiffGen;\n\n");
int count = 0, loops = 0;
if (inputFile is not null && File.Exists(inputFile))
{
    string pinned = File.ReadAllText(inputFile);
    source.Clear().Append(pinned);
    count = methods = pinned.Split("[Differentiable]").Length - 1; // the pinned file is the whole input: generate nothing more
    loops = pinned.Split("namespace Fuzz { ").Skip(1).Count(c => c.Contains("for (", StringComparison.Ordinal) || c.Contains("while (", StringComparison.Ordinal));
}
for (int seed = 1; count < methods; seed++)
{
    string program = ProgramGenerator.Generate(seed).Print();
    int inProgram = program.Split("[Differentiable]").Length - 1;
    if (count + inProgram > methods) continue;
    count += inProgram;
    if (program.Contains("for (", StringComparison.Ordinal) || program.Contains("while (", StringComparison.Ordinal)) loops++;
    source.Append(program.Replace("using System;\nusing AutoDiffGen;\n\nnamespace Fuzz;\n", "namespace Fuzz { ", StringComparison.Ordinal)).Append("}\n");
}
string text = source.ToString();
if (inputFile is not null && !File.Exists(inputFile)) File.WriteAllText(inputFile, text);
Console.WriteLine($"input: one file, {count} [Differentiable] methods, {text.Split('\n').Length} lines; {loops} of its classes contain loops");

var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
    .Append(MetadataReference.CreateFromFile(typeof(AutoDiffGen.DifferentiableAttribute).Assembly.Location)).ToList();
SyntaxTree methodsTree = CSharpSyntaxTree.ParseText(text, parseOptions, path: "Methods.cs");
SyntaxTree unrelated = CSharpSyntaxTree.ParseText("public static class Unrelated { public static int Answer() => 42; }", parseOptions, path: "Unrelated.cs");
CSharpCompilation compilation = CSharpCompilation.Create("Speed", new[] { methodsTree, unrelated }, references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
if (compilation.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } inputError)
{
    Console.Error.WriteLine("input does not compile: " + inputError);
    return 2;
}

// Timed runs do not track steps, as a build or an IDE does not: Roslyn's step tracking walks the step graph for every
// output and costs far more than the generator on 500 methods. The step reasons are checked on tracked runs apart.
GeneratorDriver NewDriver(bool track = false) => CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: parseOptions,
    driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

// Wall-clock time, unless AUTODIFFGEN_CPU_TIME=1: then CPU time of this thread (the driver runs the generator on the
// calling thread), which stays comparable on a machine shared with other builds.
bool cpuTime = Environment.GetEnvironmentVariable("AUTODIFFGEN_CPU_TIME") == "1" && ThreadCpu.Available;
(GeneratorDriver Driver, double Seconds) Time(GeneratorDriver driver, Compilation input)
{
    var clock = Stopwatch.StartNew();
    double cpuStart = cpuTime ? ThreadCpu.Seconds() : 0;
    GeneratorDriver after = driver.RunGenerators(input);
    _ = after.GetRunResult();
    return (after, cpuTime ? ThreadCpu.Seconds() - cpuStart : clock.Elapsed.TotalSeconds);
}
Console.WriteLine(cpuTime ? "times: CPU time of the generator's thread" : "times: wall clock");

var (firstDriver, cold) = Time(NewDriver(), compilation);
GeneratorRunResult first = firstDriver.GetRunResult().Results.Single();
if (first.Exception is not null)
{
    Console.Error.WriteLine("generator threw: " + first.Exception);
    return 2;
}
int generated = first.GeneratedSources.Length;
long generatedChars = first.GeneratedSources.Sum(s => (long)s.SourceText.Length);
int adgErrors = first.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

var warm = new List<double>();
for (int i = 0; i < repetitions; i++) warm.Add(Time(NewDriver(), compilation).Seconds);
warm.Sort();

// The floor under a warm run: Roslyn binding the 500 bodies (GetOperation through a fresh semantic model, as the
// Lowering step does), with none of the generator's own work. Median of the same number of repetitions.
var bindings = new List<double>();
for (int i = 0; i < repetitions; i++)
{
    var clock = Stopwatch.StartNew();
    SemanticModel semanticModel = compilation.GetSemanticModel(methodsTree);
    foreach (var method in methodsTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
        if (method.AttributeLists.Count > 0) _ = semanticModel.GetOperation((SyntaxNode?)method.Body ?? method.ExpressionBody!);
    bindings.Add(clock.Elapsed.TotalSeconds);
}
bindings.Sort();

// Incremental: edit the unrelated file, then (from the first run again) one method's body: the first multiplication
// of the file becomes a division.
Compilation edited = compilation.ReplaceSyntaxTree(unrelated,
    CSharpSyntaxTree.ParseText("public static class Unrelated { public static int Answer() => 43; }", parseOptions, path: "Unrelated.cs"));
int at = text.IndexOf(" * ", StringComparison.Ordinal);
SyntaxTree methodEdited = CSharpSyntaxTree.ParseText(text.Substring(0, at) + " / " + text.Substring(at + 3), parseOptions, path: "Methods.cs");
Compilation methodEditedCompilation = compilation.ReplaceSyntaxTree(methodsTree, methodEdited);
double incremental = Time(firstDriver, edited).Seconds;
double methodEdit = Time(firstDriver, methodEditedCompilation).Seconds;

// The same three runs with step tracking, on the first 100 methods (tracking cost grows much faster than the work):
// what each step did, and the per-step times of the fresh run.
int cut = Enumerable.Range(0, 101).Aggregate(0, (position, _) => text.IndexOf("[Differentiable]", position + 1, StringComparison.Ordinal) is int next and > 0 ? next : position);
string smallText = text.Substring(0, text.LastIndexOf("namespace Fuzz", cut, StringComparison.Ordinal));
SyntaxTree smallTree = CSharpSyntaxTree.ParseText(smallText, parseOptions, path: "Methods.cs");
Compilation small = compilation.ReplaceSyntaxTree(methodsTree, smallTree);
GeneratorDriver tracked = NewDriver(track: true).RunGenerators(small);
GeneratorRunResult trackedFirst = tracked.GetRunResult().Results.Single();
GeneratorRunResult rerun = tracked.RunGenerators(small.ReplaceSyntaxTree(unrelated, edited.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs"))).GetRunResult().Results.Single();
int smallAt = smallText.IndexOf(" * ", StringComparison.Ordinal);
GeneratorRunResult methodRun = tracked.RunGenerators(small.ReplaceSyntaxTree(smallTree,
    CSharpSyntaxTree.ParseText(smallText.Substring(0, smallAt) + " / " + smallText.Substring(smallAt + 3), parseOptions, path: "Methods.cs"))).GetRunResult().Results.Single();
string Reasons(GeneratorRunResult run, string step) => string.Join(", ", run.TrackedSteps.TryGetValue(step, out var runs)
    ? runs.SelectMany(r => r.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Count()} {g.Key}") : Array.Empty<string>());
var redone = rerun.TrackedSteps
    .Where(s => s.Key is DifferentiableGenerator.LoweringStep or DifferentiableGenerator.TransformStep or DifferentiableGenerator.EmitStep)
    .SelectMany(s => s.Value.SelectMany(r => r.Outputs))
    .Count(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
int ReAdded(GeneratorRunResult run) => run.TrackedOutputSteps.TryGetValue("SourceOutput", out var outputs)
    ? outputs.SelectMany(r => r.Outputs).Count(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)) : -1;
string Breakdown(GeneratorRunResult run) => string.Join(", ", run.TrackedSteps
    .Select(s => (s.Key, Seconds: s.Value.Sum(r => r.ElapsedTime.TotalSeconds)))
    .Where(s => s.Seconds >= 0.001).OrderByDescending(s => s.Seconds).Select(s => $"{s.Key} {s.Seconds:F3} s"));
int smallMethods = trackedFirst.GeneratedSources.Length;

// What a build also pays for the generated code: compiling and emitting it.
var emitClock = Stopwatch.StartNew();
NewDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
using (var stream = new MemoryStream())
{
    var emitted = output.Emit(stream);
    if (!emitted.Success) Console.Error.WriteLine("generated code does not compile: " + emitted.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
}
double generateAndEmit = emitClock.Elapsed.TotalSeconds;

Console.WriteLine($"output: {generated} generated files, {generatedChars / 1024} KiB of C#, {adgErrors} ADG errors");
Console.WriteLine($"cold run (first in process, includes JIT): {cold:F3} s   target < {TargetSeconds:F1} s: {(cold < TargetSeconds ? "met" : "MISSED")}");
Console.WriteLine($"warm run, fresh driver (median of {repetitions}): {warm[warm.Count / 2]:F3} s (min {warm[0]:F3}, max {warm[^1]:F3})");
Console.WriteLine($"  of which Roslyn binds the bodies (GetOperation alone, median): {bindings[bindings.Count / 2]:F3} s (min {bindings[0]:F3})");
Console.WriteLine($"unrelated edit, incremental rerun: {incremental * 1000:F1} ms");
Console.WriteLine($"one method edited, incremental rerun: {methodEdit * 1000:F1} ms");
Console.WriteLine($"step reasons, tracked runs on the first {smallMethods} methods:");
Console.WriteLine($"  fresh run, per-step times: {Breakdown(trackedFirst)}");
Console.WriteLine($"  unrelated edit: {redone} lowering/transform/emit outputs redone (expected 0), {ReAdded(rerun)} sources re-added (expected 0)");
Console.WriteLine($"    lowering {Reasons(rerun, DifferentiableGenerator.LoweringStep)}; transform {Reasons(rerun, DifferentiableGenerator.TransformStep)}; emit {Reasons(rerun, DifferentiableGenerator.EmitStep)}");
Console.WriteLine($"  one method edited: {ReAdded(methodRun)} sources re-added (expected 1)");
Console.WriteLine($"    lowering {Reasons(methodRun, DifferentiableGenerator.LoweringStep)}; transform {Reasons(methodRun, DifferentiableGenerator.TransformStep)}; emit {Reasons(methodRun, DifferentiableGenerator.EmitStep)}");
Console.WriteLine("  (Unchanged = the step ran again and produced an equal model; Cached = it did not run)");
Console.WriteLine($"generator + compile and emit of the generated code: {generateAndEmit:F3} s");
return cold < TargetSeconds && redone == 0 && ReAdded(rerun) == 0 && ReAdded(methodRun) == 1 ? 0 : 1;

/// <summary>CPU time of the calling thread (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)).</summary>
internal static class ThreadCpu
{
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static bool Available { get; } = OperatingSystem.IsLinux() && ClockGetTime(3, out _) == 0;

    public static double Seconds()
    {
        ClockGetTime(3, out TimeSpec t);
        return t.Seconds + t.Nanoseconds * 1e-9;
    }
}
