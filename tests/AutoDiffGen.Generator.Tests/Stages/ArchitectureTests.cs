using System.Linq;
using AutoDiffGen.Generator;
using NetArchTest.Rules;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// The generator's stages depend one way: Model/Diagnostics → IR → Rules → Lowering → Analysis → Transform → Emit.
/// No stage uses the namespace of a later one (read from the compiled assembly, so fully qualified names count too).
/// </summary>
public class ArchitectureTests
{
    private const string Root = "AutoDiffGen.Generator.";

    private static readonly string[][] Stages =
    {
        new[] { "Model", "Diagnostics" },
        new[] { "IR" },
        new[] { "Rules" },
        new[] { "Lowering" },
        new[] { "Analysis" },
        new[] { "Transform" },
        new[] { "Emit" },
    };

    public static TheoryData<string> StageNames() => new(Stages.SelectMany(s => s));

    [Theory]
    [MemberData(nameof(StageNames))]
    public void A_stage_uses_no_later_stage(string stage)
    {
        int index = System.Array.FindIndex(Stages, s => s.Contains(stage));
        string[] later = Stages.Skip(index + 1).SelectMany(s => s).Select(s => Root + s).ToArray();
        if (later.Length == 0) return;
        TestResult result = Types.InAssembly(typeof(DifferentiableGenerator).Assembly)
            .That().ResideInNamespace(Root + stage)
            .ShouldNot().HaveDependencyOnAny(later)
            .GetResult();
        Assert.True(result.IsSuccessful, $"{stage} uses a later stage: " + string.Join(", ", result.FailingTypeNames ?? System.Array.Empty<string>()));
    }

    /// <summary>A stage may have parts (Transform.Forward); they belong to it.</summary>
    [Fact]
    public void Every_type_of_the_generator_belongs_to_a_stage_or_is_the_pipeline()
    {
        var known = Stages.SelectMany(s => s).Select(s => Root + s).ToList();
        var strays = typeof(DifferentiableGenerator).Assembly.GetTypes()
            .Where(t => t.Namespace is not null && t.Namespace.StartsWith("AutoDiffGen.Generator", System.StringComparison.Ordinal))
            .Where(t => t.Namespace != "AutoDiffGen.Generator" && !known.Any(k => t.Namespace == k || t.Namespace!.StartsWith(k + ".", System.StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(strays.Count == 0, "types outside the stage namespaces: " + string.Join(", ", strays));
    }

    [Fact]
    public void The_check_would_see_a_violation()
    {
        // Guards the test above: the pipeline type uses Transform, so the same rule applied to it must fail.
        TestResult result = Types.InAssembly(typeof(DifferentiableGenerator).Assembly)
            .That().HaveName(nameof(DifferentiableGenerator))
            .ShouldNot().HaveDependencyOnAny(Root + "Transform")
            .GetResult();
        Assert.False(result.IsSuccessful);
    }
}
