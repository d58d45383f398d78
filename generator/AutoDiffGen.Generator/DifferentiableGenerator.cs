using System;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Transform;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator;

/// <summary>
/// Emits <c>{Name}Gradient</c> and <c>{Name}Backward</c> beside every <c>[Differentiable]</c> method.
/// The pipeline: lowering (the only step that sees the semantic model) → the pure reverse-mode transform → source.
/// Every step has a tracking name so tests can assert it is cached when unrelated code changes.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the lowering step.</summary>
    public const string LoweringStep = "Lowering";

    /// <summary>Tracking name of the transform step.</summary>
    public const string TransformStep = "Transform";

    /// <summary>Tracking name of the step that drops callers of methods that produced no code.</summary>
    public const string DependencyStep = "Dependencies";

    /// <summary>Tracking name of the custom-derivative check.</summary>
    public const string CustomDerivativeStep = "CustomDerivatives";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<LoweringResult> lowered = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.DifferentiableAttribute,
                static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                static (ctx, ct) => LowerSafely(ctx, ct))
            .WithTrackingName(LoweringStep);

        IncrementalValuesProvider<GeneratedMethod> generated = lowered
            .Select(static (result, _) => TransformSafely(result))
            .WithTrackingName(TransformStep);

        // A caller uses its callees' generated backwards: drop (and report) callers of methods that produced no code.
        IncrementalValueProvider<EquatableArray<GeneratedMethod>> resolved = generated
            .Collect()
            .Select(static (methods, _) => ReverseModeTransform.ResolveDependencies(methods).ToEquatableArray())
            .WithTrackingName(DependencyStep);

        context.RegisterSourceOutput(resolved, static (spc, methods) =>
        {
            foreach (GeneratedMethod method in methods)
            {
                foreach (DiagnosticInfo diagnostic in method.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
                if (method.Source is not null) spc.AddSource(method.HintName, method.Source);
            }
        });

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> customChecks = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.DerivativeOfAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => CustomDerivativeValidator.Validate(ctx, ct))
            .WithTrackingName(CustomDerivativeStep);

        context.RegisterSourceOutput(customChecks, static (spc, diagnostics) =>
        {
            foreach (DiagnosticInfo diagnostic in diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    // A generator that throws stops the build with a warning and no code (CS8785). A defect in AutoDiffGen must
    // instead surface as an error on the method, so the user knows which method and has a way out.
    private static LoweringResult LowerSafely(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return Lowerer.Lower(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LocationInfo? at = context.TargetNode is MethodDeclarationSyntax m ? LocationInfo.From(m.Identifier.GetLocation()) : LocationInfo.From(context.TargetNode);
            return new LoweringResult(null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, at, context.TargetSymbol.Name, e.GetType().Name + ": " + e.Message) }.ToEquatableArray(),
                context.TargetSymbol is IMethodSymbol method ? MethodKeys.Of(method) : null);
        }
    }

    private static GeneratedMethod TransformSafely(LoweringResult result)
    {
        if (result.Model is null) return new GeneratedMethod(null, "", result.Diagnostics, result.Key);
        try
        {
            return ReverseModeTransform.Run(result.Model);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new GeneratedMethod(null, "", new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, null, result.Model.Name, e.GetType().Name + ": " + e.Message) }.ToEquatableArray(), result.Model.Key, result.Model.Name);
        }
    }
}
