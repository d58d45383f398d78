using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Transform;
using AutoDiffGen.Generator.Transform.Vectorization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator;

/// <summary>
/// Emits <c>{Name}Gradient</c> and <c>{Name}Backward</c> beside every <c>[Differentiable]</c> method.
/// The pipeline, one value per method: lowering (the only step that sees the semantic model) → the derivatives each
/// method must provide (what it asks for and what its callers need) → the pure transform to IR → dependency resolution
/// (a caller of a method that failed fails too) → emit → one source file per method.
/// Every step has a tracking name so tests can assert it is cached when unrelated code changes, and an edit to one
/// method redoes that method's steps only. Roslyn reruns the lowering of every method on any change of the compilation;
/// <see cref="LoweringCache"/> answers it without binding the body again when the method and every declaration are unchanged.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class DifferentiableGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the lowering step.</summary>
    public const string LoweringStep = "Lowering";

    /// <summary>Tracking name of the step that decides which span outputs of the compilation are in-out.</summary>
    public const string InOutStep = "InOut";

    /// <summary>Tracking name of the step that finds the derivatives each method must provide to its callers.</summary>
    public const string RequirementsStep = "Requirements";

    /// <summary>Tracking name of the transform step.</summary>
    public const string TransformStep = "Transform";

    /// <summary>Tracking name of the step that finds every method that produces no code (directly or through a callee).</summary>
    public const string DependencyStep = "Dependencies";

    /// <summary>Tracking name of the step that drops a method whose callee failed.</summary>
    public const string ResolveStep = "Resolve";

    /// <summary>Tracking name of the step that prints a method's generated code.</summary>
    public const string EmitStep = "Emit";

    /// <summary>Tracking name of the step that reads a model type (a <c>[Differentiable]</c> class or struct).</summary>
    public const string ModelTypeStep = "ModelTypes";

    /// <summary>Tracking name of the custom-derivative check.</summary>
    public const string CustomDerivativeStep = "CustomDerivatives";

    private readonly LoweringCache _loweringCache = new();

    /// <summary>How many lowerings this instance answered without binding the method again.</summary>
    internal int LoweringCacheHits => _loweringCache.Hits;

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<LoweringResult> lowered = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.DifferentiableAttribute,
                static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                (ctx, ct) => _loweringCache.GetOrLower(ctx, ct, () => LowerSafely(ctx, ct)))
            .WithTrackingName(LoweringStep)
            .SelectMany(static (result, _) => WithLocalFunctions(result));

        // Whether a span output is in-out depends on the callees it is passed to, so it is decided for the whole
        // compilation at once: a table of in-out outputs that stays equal while no method's in-out-ness changes.
        IncrementalValueProvider<EquatableArray<string>> inOut = lowered
            .Select(static (result, _) => InOutAnalysis.Summarize(result))
            .Collect()
            .Select(static (summaries, _) => InOutAnalysis.Solve(summaries))
            .WithTrackingName(InOutStep);

        // Callees get whatever their callers need: Tangent for a caller's Tangent, the forward derivative of the backward for a
        // caller's Hessian. Only what each method asks for and whom it calls is collected.
        IncrementalValueProvider<EquatableArray<MethodKinds>> kinds = lowered
            .Select(static (result, _) => RequirementNode.Of(result))
            .Collect()
            .Select(static (nodes, _) => DerivativeRequirements.Solve(nodes))
            .WithTrackingName(RequirementsStep);

        // <AutoDiffGenVectorMath>true</AutoDiffGenVectorMath> (a CompilerVisibleProperty): activation loops may change the last bits.
        IncrementalValueProvider<bool> vectorMath = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(NonlinearityFission.Property, out string? value) && NonlinearityFission.Enabled(value));

        IncrementalValuesProvider<TransformResult> transformed = lowered
            .Combine(inOut)
            .Combine(kinds)
            .Combine(vectorMath)
            .Select(static (pair, _) => TransformSafely(pair.Left.Left.Left, pair.Left.Left.Right,
                DerivativeRequirements.For(pair.Left.Right, pair.Left.Left.Left.Key), pair.Right))
            .WithTrackingName(TransformStep);

        // A caller uses its callees' generated backwards: a method whose callee produced no code produces none either.
        // Only the call graph and the failures are collected, so an edit inside one method leaves this step unchanged.
        IncrementalValueProvider<EquatableArray<string>> failed = transformed
            .Select(static (result, _) => result.Node)
            .Collect()
            .Select(static (nodes, _) => DependencyResolution.FailedKeys(nodes))
            .WithTrackingName(DependencyStep);

        IncrementalValuesProvider<TransformResult> resolved = transformed
            .Combine(failed)
            .Select(static (pair, _) => DependencyResolution.Resolve(pair.Left, pair.Right))
            .WithTrackingName(ResolveStep);

        IncrementalValuesProvider<EmittedSource> emitted = resolved
            .Select(static (result, _) => EmitSafely(result))
            .WithTrackingName(EmitStep);

        // Help links point at the diagnostic pages installed with the package, when its build props say where they are.
        IncrementalValueProvider<string?> docs = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(DiagnosticDescriptors.DocsFolderProperty, out string? folder) ? folder : null);

        context.RegisterSourceOutput(emitted.Combine(docs), static (spc, pair) =>
        {
            (EmittedSource method, string? folder) = pair;
            foreach (DiagnosticInfo diagnostic in method.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic(folder));
            if (method.Source is not null) spc.AddSource(method.HintName!, method.Source);
        });

        // A model type gets its Gradient type and the walk over its parameters, one file per type.
        IncrementalValuesProvider<EmittedSource> models = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.DifferentiableAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => ModelTypes.Lower(ctx, ct))
            .WithTrackingName(ModelTypeStep)
            .Select(static (result, _) => EmitModelSafely(result));
        context.RegisterSourceOutput(models.Combine(docs), static (spc, pair) =>
        {
            (EmittedSource model, string? folder) = pair;
            foreach (DiagnosticInfo diagnostic in model.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic(folder));
            if (model.Source is not null) spc.AddSource(model.HintName!, model.Source);
        });

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> customChecks = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.DerivativeOfAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => CustomDerivativeValidator.Validate(ctx, ct))
            .WithTrackingName(CustomDerivativeStep);

        context.RegisterSourceOutput(customChecks.Combine(docs), static (spc, pair) =>
        {
            foreach (DiagnosticInfo diagnostic in pair.Left) spc.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
        });
    }
}
