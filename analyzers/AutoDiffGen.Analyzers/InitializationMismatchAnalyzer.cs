using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// ADG1002: a type initializes its weights with Glorot/LeCun while its differentiable code uses only ReLU-family
/// activations (or with He while it uses only sigmoid/tanh). Each scheme sizes the initial variance for the gain
/// of one kind of activation; with the other kind the signal shrinks or saturates layer after layer.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InitializationMismatchAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.InitializationDoesNotMatchActivation,
        title: "Weight initialization does not match the activation",
        messageFormat: "'{0}' does not preserve the signal variance for the activations of '{1}' ({2}): {3}",
        category: RuleIdentifiers.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Glorot/LeCun initialization (gain 1) keeps the variance of activations with unit slope at 0 such as tanh; ReLU zeroes half its inputs and needs He initialization (gain √2, variance 2/fanIn). Using one with the other shrinks the signal (and the gradient) by a constant factor per layer, or pushes tanh/sigmoid units into saturation.",
        helpLinkUri: RuleIdentifiers.HelpLink(RuleIdentifiers.InitializationDoesNotMatchActivation));

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

            start.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, symbols), SymbolKind.NamedType);
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

    private static void AnalyzeType(SymbolStartAnalysisContext context, KnownSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var activations = new ConcurrentBag<(ActivationFamily Family, string Name)>();
        var initCalls = new ConcurrentBag<IInvocationOperation>();

        context.RegisterOperationAction(
            operationContext =>
            {
                if (!SymbolEqualityComparer.Default.Equals(ContainingType(operationContext.ContainingSymbol), type))
                {
                    return;
                }

                var operation = operationContext.Operation;
                if (operation is IInvocationOperation invocation
                    && symbols.IsInit(invocation.TargetMethod.ContainingType)
                    && Replacement(invocation.TargetMethod.Name) is not null)
                {
                    initCalls.Add(invocation);
                    return;
                }

                if (!symbols.IsDifferentiable(EnclosingMethod(operationContext.ContainingSymbol)))
                {
                    return;
                }

                var family = ActivationMatcher.Classify(operation, symbols, out var name);
                if (family != ActivationFamily.None)
                {
                    activations.Add((family, name));
                }
            },
            OperationKind.Invocation,
            OperationKind.Binary);

        context.RegisterSymbolEndAction(endContext =>
        {
            if (initCalls.IsEmpty || activations.IsEmpty)
            {
                return;
            }

            var families = activations.Select(a => a.Family).Distinct().ToList();
            if (families.Count != 1 || families[0] is not (ActivationFamily.ReluFamily or ActivationFamily.Saturating))
            {
                return;
            }

            var family = families[0];
            var names = string.Join(", ", activations.Select(a => a.Name).Distinct().OrderBy(n => n, System.StringComparer.Ordinal));
            foreach (var call in initCalls.OrderBy(c => c.Syntax.SpanStart))
            {
                var name = call.TargetMethod.Name;
                var isHe = name.StartsWith("He", System.StringComparison.Ordinal);
                string reason;
                if (family == ActivationFamily.ReluFamily && !isHe)
                {
                    reason = "ReLU-family activations zero about half of their inputs, so a variance of 1/fanIn (gain 1) halves the signal and the gradient at every layer; He initialization (variance 2/fanIn, gain √2) preserves it";
                }
                else if (family == ActivationFamily.Saturating && isHe)
                {
                    reason = "He initialization doubles the variance (gain √2) to make up for ReLU's zeroed half, which pushes sigmoid/tanh units into their flat, saturated range where the gradient vanishes; Glorot initialization (gain 1) preserves the variance for them";
                }
                else
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyNames.Replacement, Replacement(name));
                endContext.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation(), properties, "Init." + name, type.Name, names, reason));
            }
        });
    }

    private static INamedTypeSymbol? ContainingType(ISymbol symbol) =>
        symbol as INamedTypeSymbol ?? symbol.ContainingType;

    private static ISymbol? EnclosingMethod(ISymbol symbol)
    {
        var current = symbol;
        while (current is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction })
        {
            current = current.ContainingSymbol;
        }

        return current;
    }
}
