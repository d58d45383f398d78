using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Lowering;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Transform;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator;

public sealed partial class DifferentiableGenerator
{
    // A generator that throws stops the build with a warning and no code (CS8785). A defect in AutoDiffGen must
    // instead surface as an error on the method, so the user knows which method and has a way out.
    private static LoweringResult LowerSafely(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return Lowerer.Lower(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LocationInfo? at = context.TargetNode is MethodDeclarationSyntax m ? LocationInfo.From(m.Identifier.GetLocation()) : LocationInfo.From(context.TargetNode);
            return new LoweringResult(null, new[] { InternalError(at, context.TargetSymbol.Name, e) }.ToEquatableArray(),
                context.TargetSymbol is IMethodSymbol method ? MethodKeys.Of(method) : null);
        }
    }

    /// <summary>
    /// A lowered method, then each of its local functions as a method of its own: from here on the pipeline treats them
    /// like private differentiable methods (derivatives, in-out outputs, dependencies, one source file each).
    /// </summary>
    private static ImmutableArray<LoweringResult> WithLocalFunctions(LoweringResult result)
    {
        if (result.Model is null || result.Model.LocalFunctions.IsDefaultOrEmpty()) return ImmutableArray.Create(result);
        return result.Model.LocalFunctions.Select(l => new LoweringResult(l, EquatableArray<DiagnosticInfo>.Empty, l.Key)).Prepend(result).ToImmutableArray();
    }

    private static TransformResult TransformSafely(LoweringResult result, EquatableArray<string> inOut, DerivativeKinds kinds, bool vectorMath)
    {
        if (result.Model is null) return new TransformResult(null, result.Diagnostics, result.Key);
        try
        {
            return MethodTransform.Run(result.Model, kinds, inOut, vectorMath) with { EnclosingKey = result.Model.EnclosingKey };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new TransformResult(null, new[] { InternalError(null, result.Model.Name, e) }.ToEquatableArray(), result.Model.Key, result.Model.Name,
                EnclosingKey: result.Model.EnclosingKey);
        }
    }

    private static EmittedSource EmitSafely(TransformResult result)
    {
        if (result.File is null) return new EmittedSource(null, null, result.Diagnostics);
        try
        {
            return new EmittedSource(result.File.HintName, SourceEmitter.Emit(result.File), result.Diagnostics);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new EmittedSource(null, null, new[] { InternalError(null, result.Name ?? "", e) }.ToEquatableArray());
        }
    }

    private static EmittedSource EmitModelSafely(ModelTypeResult result)
    {
        if (result.Spec is null) return new EmittedSource(null, null, result.Diagnostics);
        try
        {
            return new EmittedSource(ModelGradientEmitter.HintName(result.Spec), ModelGradientEmitter.Emit(result.Spec), result.Diagnostics);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new EmittedSource(null, null, new[] { InternalError(null, result.Spec.Name, e) }.ToEquatableArray());
        }
    }

    private static DiagnosticInfo InternalError(LocationInfo? at, string method, Exception e) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, at, method, e.GetType().Name + ": " + e.Message);
}
