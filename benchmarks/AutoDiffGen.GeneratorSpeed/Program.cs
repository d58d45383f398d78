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
//   edit  - after the first run, an unrelated file is edited: the incremental pipeline must redo nothing.
// Usage: dotnet run -c Release --project benchmarks/AutoDiffGen.GeneratorSpeed [-- methods [repetitions]]

int methods = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
int repetitions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
const double TargetSeconds = 2.0;

var source = new StringBuilder("using System;\nusing AutoDiffGen;\n\n");
int count = 0, loops = 0;
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

GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: parseOptions,
    driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

(GeneratorDriver Driver, double Seconds) Time(GeneratorDriver driver, Compilation input)
{
    var clock = Stopwatch.StartNew();
    GeneratorDriver after = driver.RunGenerators(input);
    _ = after.GetRunResult();
    return (after, clock.Elapsed.TotalSeconds);
}

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

// Incremental: edit the unrelated file; every step of the pipeline must be cached.
Compilation edited = compilation.ReplaceSyntaxTree(unrelated,
    CSharpSyntaxTree.ParseText("public static class Unrelated { public static int Answer() => 43; }", parseOptions, path: "Unrelated.cs"));
var (editedDriver, incremental) = Time(firstDriver, edited);
GeneratorRunResult rerun = editedDriver.GetRunResult().Results.Single();
string Reasons(string step) => string.Join(", ", rerun.TrackedSteps.TryGetValue(step, out var runs)
    ? runs.SelectMany(r => r.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Count()} {g.Key}") : Array.Empty<string>());
var redone = rerun.TrackedSteps
    .Where(s => s.Key is DifferentiableGenerator.LoweringStep or DifferentiableGenerator.TransformStep)
    .SelectMany(s => s.Value.SelectMany(r => r.Outputs))
    .Count(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));

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
Console.WriteLine($"unrelated edit, incremental rerun: {incremental * 1000:F1} ms, {redone} lowering/transform outputs redone (expected 0)");
Console.WriteLine($"  lowering outputs: {Reasons(DifferentiableGenerator.LoweringStep)}; transform outputs: {Reasons(DifferentiableGenerator.TransformStep)}");
Console.WriteLine("  (Unchanged = the step ran again and produced an equal model; Cached = it did not run)");
Console.WriteLine($"generator + compile and emit of the generated code: {generateAndEmit:F3} s");
return cold < TargetSeconds && redone == 0 ? 0 : 1;
