using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// ADG1001: a saturating activation (sigmoid, tanh, the hand-written logistic) applied in a deep stack, either
/// straight-line applications that feed each other or a value carried through the activation by a loop.
/// Each application multiplies the gradient by a derivative of at most 1 (0.25 for sigmoid), so it vanishes.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SaturatingActivationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The .editorconfig key that sets the stack depth from which the rule reports.</summary>
    public const string DepthOptionKey = "autodiffgen.saturating_stack_depth";

    /// <summary>The stack depth used when .editorconfig does not set one.</summary>
    public const int DefaultDepth = 4;

    /// <summary>The rule's descriptor.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.SaturatingActivationInDeepStack,
        title: "Saturating activation in a deep stack",
        messageFormat: "'{0}' is applied {1}; its derivative (at most {2}) multiplies the gradient once per application, so gradients vanish. Use ReLU / Leaky ReLU or add a skip connection.",
        category: RuleIdentifiers.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Sigmoid and tanh saturate: their derivatives are at most 0.25 and 1 and near 0 for large inputs. A stack of them (a loop that carries a value through the activation, or a chain of applications that feed each other) multiplies those derivatives together and the gradient of early inputs vanishes. The depth from which the rule reports is set with 'autodiffgen.saturating_stack_depth' in .editorconfig (default 4).",
        helpLinkUri: RuleIdentifiers.HelpLink(RuleIdentifiers.SaturatingActivationInDeepStack));

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
            start.RegisterOperationBlockAction(block => AnalyzeBlock(block, symbols));
        });
    }

    /// <summary>Reads <see cref="DepthOptionKey"/>; values below 2 or unparsable fall back to the default.</summary>
    internal static int ReadThreshold(AnalyzerOptions options, SyntaxTree tree)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (config.TryGetValue(DepthOptionKey, out var text)
            && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var depth)
            && depth >= 2)
        {
            return depth;
        }

        return DefaultDepth;
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, KnownSymbols symbols)
    {
        var bodies = new List<IOperation>();
        foreach (var root in context.OperationBlocks)
        {
            if (!ContainsSaturatingCall(root, symbols))
            {
                continue;
            }

            bodies.Add(root);
            foreach (var descendant in root.Descendants())
            {
                switch (descendant)
                {
                    case ILocalFunctionOperation { Body: { } body }:
                        bodies.Add(body);
                        break;
                    case IAnonymousFunctionOperation anonymous:
                        bodies.Add(anonymous.Body);
                        break;
                }
            }
        }

        if (bodies.Count == 0)
        {
            return;
        }

        var threshold = ReadThreshold(context.Options, bodies[0].Syntax.SyntaxTree);
        foreach (var body in bodies)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var finding in SaturationFlowAnalysis.Analyze(body, symbols, threshold))
            {
                context.ReportDiagnostic(CreateDiagnostic(finding));
            }
        }
    }

    private static bool ContainsSaturatingCall(IOperation root, KnownSymbols symbols)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Kind is OperationKind.Invocation or OperationKind.Binary && ActivationMatcher.TryMatchSaturating(operation, symbols, out _))
            {
                return true;
            }
        }

        return false;
    }

    private static Diagnostic CreateDiagnostic(SaturationFinding finding)
    {
        var call = finding.First;
        var bound = call.Name.Contains("Sigmoid") || call.Form == ActivationForm.Logistic ? "0.25" : "1";
        string how;
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        if (finding.Loop is null)
        {
            how = finding.Depth.ToString(CultureInfo.InvariantCulture) + " times in a chain";
            properties[DiagnosticPropertyNames.Form] = DiagnosticPropertyNames.ChainForm;
        }
        else
        {
            how = finding.TripCount is int trips
                ? "once per iteration of a loop of " + trips.ToString(CultureInfo.InvariantCulture) + " iterations that carries '" + finding.Carried!.Name + "' through it"
                : "once per iteration of a loop with a trip count unknown at compile time that carries '" + finding.Carried!.Name + "' through it";
            properties[DiagnosticPropertyNames.Form] = DiagnosticPropertyNames.LoopForm;
            if (CanAddSkipConnection(call, finding.Carried))
            {
                properties[DiagnosticPropertyNames.CanAddSkipConnection] = "true";
            }
        }

        var syntax = call.Node.Syntax;
        return Diagnostic.Create(Rule, syntax.GetLocation(), properties.ToImmutable(), call.Name, how, bound);
    }

    /// <summary>True when the call is inside <c>v = ...</c> where <c>v</c> is the loop-carried scalar local or parameter.</summary>
    private static bool CanAddSkipConnection(SaturatingCall call, ISymbol carried)
    {
        if (call.SpanOutput is not null)
        {
            return false;
        }

        for (var current = call.Node.Parent; current is not null; current = current.Parent)
        {
            if (current is ISimpleAssignmentOperation assignment)
            {
                var target = assignment.Target switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                };
                return target is not null
                    && SymbolEqualityComparer.Default.Equals(target, carried)
                    && assignment.Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
            }

            if (current is IBlockOperation or ILoopOperation or IVariableDeclaratorOperation or IInvocationOperation)
            {
                return false;
            }
        }

        return false;
    }
}
