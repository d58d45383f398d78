using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Transform;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// Runs the generator's stages one by one on a snippet, so a test can assert on the IR each stage produces (printed
/// with <see cref="IrPrinter.ForReading(IEnumerable{IrStmt}, VariableTable)"/>) or on the sets an analysis computes.
/// </summary>
internal sealed class StageHarness
{
    private StageHarness(MethodModel model)
    {
        Model = model;
        Variables = new VariableTable(model.Variables, model.Parameters.Select(p => p.Name));
    }

    public MethodModel Model { get; }

    public VariableTable Variables { get; }

    /// <summary>Lowers method <paramref name="name"/> of <c>static partial class P { members }</c> through the real pipeline.</summary>
    public static StageHarness Lower(string members, string name = "F")
    {
        string source = Usings + "public static partial class P\n{\n" + members + "\n}\n";
        GeneratorDriver driver = CreateDriver(trackSteps: true).RunGenerators(Compile(source));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        LoweringResult lowered = result.TrackedSteps[DifferentiableGenerator.LoweringStep]
            .SelectMany(step => step.Outputs).Select(o => (LoweringResult)o.Value)
            .Single(r => r.Key is not null && r.Key.Contains("." + name + "(", System.StringComparison.Ordinal));
        Assert.True(lowered.Diagnostics.Count == 0, string.Join("\n", lowered.Diagnostics.Select(d => d.Id + " " + string.Join(", ", d.Arguments))));
        return new StageHarness(lowered.Model!);
    }

    public string Print(IEnumerable<IrStmt> statements) => Normalize(IrPrinter.ForReading(statements, Variables));

    /// <summary>The body after structurizing (jumps replaced by flags).</summary>
    public List<IrStmt> Structured() => Structurizer.Run(Model.Body, Variables, Model.ResultVar);

    public ActivityAnalysis Activity(List<IrStmt> structured) => ActivityAnalysis.Run(structured, Variables, Model.ResultVar);

    public string[] Names(IEnumerable<int> variables) => variables.Select(v => Variables[v].Name).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();

    /// <summary>Runs the reverse-mode transform up to the adjoint statements and the to-be-recorded analysis.</summary>
    public (TransformContext Context, List<IrStmt> Body, RecordPlan Records) Adjoints()
    {
        List<IrStmt> body = Structured();
        var context = new TransformContext(Model, Variables, Activity(body));
        Signature.Create(context);
        AdjointBuilder.Run(context, body);
        RecordPlan records = ToBeRecordedAnalysis.Run(body, context.Statements.ToDictionary(kv => kv.Key, kv => kv.Value.Use, ReferenceComparer.Instance));
        return (context, body, records);
    }

    /// <summary>The whole transform: the generated methods as IR.</summary>
    public static DerivativeFile Transform(string members, string name = "F", bool vectorMath = false)
    {
        StageHarness stages = Lower(members, name);
        TransformResult result = MethodTransform.Run(stages.Model, stages.Model.Requested, vectorMath: vectorMath);
        Assert.True(result.File is not null, string.Join("\n", result.Diagnostics.Select(d => d.Id + " " + string.Join(", ", d.Arguments))));
        return result.File!;
    }

    public static string Print(DerivativeFile file, string method)
    {
        DerivativeMethod m = file.Methods.Single(m => m.Name == method);
        return Normalize(IrPrinter.ForReading(m.Body, m.Variables));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", System.StringComparison.Ordinal).TrimEnd('\n');
}
