namespace AutoDiffGen.Analyzers;

/// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> shared by analyzers and code fixes.</summary>
public static class DiagnosticPropertyNames
{
    /// <summary>ADG1001: "Chain" (straight-line stack) or "Loop" (value carried through a loop).</summary>
    public const string Form = "Form";

    /// <summary>ADG1001 loop form: the name of the variable the loop carries through the activation.</summary>
    public const string Carried = "Carried";

    /// <summary>
    /// ADG1001 loop form: "true" when the loop is a recurrence over time (the carried state goes through the same weights
    /// every iteration, an RNN), for which no rewrite is offered.
    /// </summary>
    public const string Recurrent = "Recurrent";

    /// <summary>ADG1002: the name of the initializer to switch to (e.g. "HeUniform").</summary>
    public const string Replacement = "Replacement";

    /// <summary>ADG1003: the element type of the gradient buffer ("double" or "float").</summary>
    public const string ElementType = "ElementType";

    /// <summary>Value of <see cref="Form"/> for a straight-line chain.</summary>
    public const string ChainForm = "Chain";

    /// <summary>Value of <see cref="Form"/> for a loop-carried chain.</summary>
    public const string LoopForm = "Loop";
}
