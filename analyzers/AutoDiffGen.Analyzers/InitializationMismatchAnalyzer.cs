using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// ADG1002: weights initialized with Glorot/LeCun that feed only ReLU-family activations, or with He that feed only
/// sigmoid/tanh. Each scheme sizes the initial variance for the gain of one kind of activation; with the other kind the
/// signal shrinks or saturates layer after layer. The buffer is followed from the <c>Init</c> call to the differentiable
/// code that uses it (passed to a <c>[Differentiable]</c> method or its generated gradient, in the same method, the
/// same type or the field's type, or read as a field), so a trainer class initializing a model's weights is covered.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InitializationMismatchAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.InitializationDoesNotMatchActivation,
        title: "Weight initialization does not match the activation",
        messageFormat: "'{0}' initializes '{1}', whose layer feeds {2} in '{3}': {4}",
        category: RuleIdentifiers.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Glorot/LeCun initialization (gain 1) keeps the variance of activations with unit slope at 0 such as tanh, while ReLU zeroes half its inputs and needs He initialization (gain √2), so with the wrong one the signal and the gradient shrink by a constant factor per layer or tanh/sigmoid units saturate. Use He initialization for weights that feed ReLU-family activations and Glorot for weights that feed sigmoid or tanh.",
        helpLinkUri: RuleIdentifiers.HelpLink(RuleIdentifiers.InitializationDoesNotMatchActivation));

    internal const string ReluReason = "ReLU-family activations zero about half of their inputs, so a variance of 1/fanIn (gain 1) halves the signal and the gradient at every layer; He initialization (variance 2/fanIn, gain √2) preserves it";

    internal const string SaturatingReason = "He initialization doubles the variance (gain √2) to make up for ReLU's zeroed half, which pushes sigmoid/tanh units into their flat, saturated range where the gradient vanishes; Glorot initialization (gain 1) preserves the variance for them";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            if (symbols.Init is null || symbols.Differentiable is null)
            {
                return;
            }

            var consumers = new ActivationConsumers(start.Compilation, symbols, start.CancellationToken);
            start.RegisterOperationAction(operation => AnalyzeInit(operation, symbols, consumers), OperationKind.Invocation);
        });
    }

    /// <summary>The He initializer matching a Glorot/LeCun one (and back), or null when the name is not an initializer.</summary>
    internal static string? Replacement(string initializer) => initializer switch
    {
        "GlorotUniform" => "HeUniform",
        "GlorotNormal" => "HeNormal",
        "LeCunUniform" => "HeUniform",
        "LeCunNormal" => "HeNormal",
        "HeUniform" => "GlorotUniform",
        "HeNormal" => "GlorotNormal",
        _ => null,
    };

    /// <summary>
    /// The verdict for one initializer and the activations its weights feed: the reason it does not match, or null.
    /// Shared with the ADG1001 fixer, which switches a stack to ReLU and must switch its initialization with it.
    /// </summary>
    internal static string? Mismatch(string initializer, ImmutableSortedSet<string> activations)
    {
        var families = activations.Select(ActivationMatcher.FamilyOfConsumer).Distinct().ToList();
        if (families.Count != 1)
        {
            return null;
        }

        var isHe = initializer.StartsWith("He", System.StringComparison.Ordinal);
        return families[0] switch
        {
            ActivationFamily.ReluFamily when !isHe => ReluReason,
            ActivationFamily.Saturating when isHe => SaturatingReason,
            _ => null,
        };
    }

    private static void AnalyzeInit(OperationAnalysisContext context, KnownSymbols symbols, ActivationConsumers consumers)
    {
        var call = (IInvocationOperation)context.Operation;
        if (!symbols.IsInit(call.TargetMethod.ContainingType) || Replacement(call.TargetMethod.Name) is not { } replacement
            || ActivationMatcher.ArgumentFor(call, 0) is not { } weights
            || SaturationFlowAnalysis.RootSymbol(weights) is not { } buffer)
        {
            return;
        }

        var root = call as IOperation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var (activations, method) = consumers.ForBuffer(buffer, root, context.ContainingSymbol.ContainingType ?? context.ContainingSymbol as INamedTypeSymbol);
        if (activations.IsEmpty || Mismatch(call.TargetMethod.Name, activations) is not { } reason)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyNames.Replacement, replacement);
        context.ReportDiagnostic(Diagnostic.Create(
            RuleIdentifiers.For(Rule, context.Options),
            call.Syntax.GetLocation(),
            properties,
            "Init." + call.TargetMethod.Name,
            buffer.Name,
            string.Join(", ", activations),
            method,
            reason));
    }
}
