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
        messageFormat: "{0} is applied {1}; its derivative (at most {2}, near 0 once saturated) multiplies the gradient at every application, so the gradient of the first layers vanishes",
        category: RuleIdentifiers.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Sigmoid and tanh have derivatives of at most 0.25 and 1 that fall to 0 when they saturate, so a stack of them (layers in a loop, time steps of an RNN, nested calls, helpers or an activation chosen at run time) multiplies the gradient by a small factor per layer and the first layers stop learning. Cures: a skip connection (h = h + f(h)), a normalization before each activation (BatchNorm; LayerNorm only for tanh), or a ReLU-family activation with He initialization; the depth that triggers the rule is 'autodiffgen.saturating_stack_depth' in .editorconfig (default 4).",
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
            var saturation = new SaturationContext(start.Compilation, KnownSymbols.Create(start.Compilation), start.CancellationToken);
            start.RegisterOperationBlockAction(block => AnalyzeBlock(block, saturation));
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

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, SaturationContext saturation)
    {
        var bodies = new List<IOperation>();
        foreach (var root in context.OperationBlocks)
        {
            if (!MayContainStack(root, saturation))
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
        var rule = RuleIdentifiers.For(Rule, context.Options);
        foreach (var body in bodies)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            foreach (var finding in SaturationFlowAnalysis.Analyze(body, saturation, threshold))
            {
                context.ReportDiagnostic(CreateDiagnostic(finding, rule));
            }
        }
    }

    /// <summary>
    /// A cheap filter before the flow analysis: a stack needs a saturating call, a delegate invocation, or a call to a
    /// method of this compilation (a helper that may saturate).
    /// </summary>
    private static bool MayContainStack(IOperation root, SaturationContext saturation)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (method.MethodKind == MethodKind.DelegateInvoke
                        || ActivationMatcher.TryMatchSaturating(invocation, saturation.Symbols, out _)
                        || (method.DeclaringSyntaxReferences.Length > 0 && saturation.Summary(method) is { MaxDistance: > 0 }))
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division when ActivationMatcher.TryMatchSaturating(division, saturation.Symbols, out _):
                    return true;
            }
        }

        return false;
    }

    private static Diagnostic CreateDiagnostic(SaturationFinding finding, DiagnosticDescriptor rule)
    {
        var call = finding.First;
        var bound = call.Name.Contains("Sigmoid") || call.Form == ActivationForm.Logistic || call.Name.Contains("logistic") ? "0.25" : "1";
        string how;
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        if (finding.Loop is null)
        {
            how = Times(finding.Depth) + " in a chain";
            properties[DiagnosticPropertyNames.Form] = DiagnosticPropertyNames.ChainForm;
        }
        else
        {
            var perIteration = finding.Depth == 1 ? "once per iteration" : Times(finding.Depth) + " per iteration";
            var carried = "'" + finding.Carried!.Name + "'";
            how = finding.TripCount is int trips
                ? Times(trips * finding.Depth) + " (" + perIteration + " of a loop of " + trips.ToString(CultureInfo.InvariantCulture) + " iterations that carries " + carried + " through it)"
                : perIteration + " of a loop whose trip count is known only at run time and that carries " + carried + " through it";
            properties[DiagnosticPropertyNames.Form] = DiagnosticPropertyNames.LoopForm;
            properties[DiagnosticPropertyNames.Carried] = finding.Carried.Name;
            if (finding.Loop.SemanticModel is { } model && RecurrenceDetector.IsRecurrentLoop(finding.Loop.Syntax, model))
            {
                // No rewrite is offered for an RNN's state: say what cures it.
                properties[DiagnosticPropertyNames.Recurrent] = "true";
                how += " with the same weights every time (an RNN: a gated cell such as a GRU or an LSTM keeps a path free of it)";
            }
        }

        var syntax = call.Node.Syntax;
        var name = call.IsDirect ? "'" + call.Name + "'" : call.Name;
        return Diagnostic.Create(rule, syntax.GetLocation(), finding.Members, properties.ToImmutable(), name, how, bound);
    }

    private static string Times(int count) => count == 1 ? "once" : count.ToString(CultureInfo.InvariantCulture) + " times";
}
