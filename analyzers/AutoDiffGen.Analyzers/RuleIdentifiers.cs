namespace AutoDiffGen.Analyzers;

/// <summary>The ids of every AutoDiffGen analyzer rule (the generator's own ids are ADG0xxx).</summary>
public static class RuleIdentifiers
{
    /// <summary>A saturating activation (sigmoid, tanh) applied in a deep stack or loop-carried chain.</summary>
    public const string SaturatingActivationInDeepStack = "ADG1001";

    /// <summary>Weight initialization that does not preserve the variance for the type's activations.</summary>
    public const string InitializationDoesNotMatchActivation = "ADG1002";

    /// <summary>Gradient of a recurrent computation applied to weights without clipping.</summary>
    public const string UnclippedRecurrentGradient = "ADG1003";

    /// <summary>The category shared by the training-pathology rules.</summary>
    public const string Category = "AutoDiffGen.Training";

    /// <summary>The help page of a rule.</summary>
    public static string HelpLink(string id) =>
        "https://github.com/AutoDiffGen/AutoDiffGen/blob/main/docs/diagnostics/" + id + ".md";
}
