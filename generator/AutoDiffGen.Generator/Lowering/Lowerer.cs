using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Lowers a <c>[Differentiable]</c> method from <see cref="IOperation"/> to the IR. The only stage that touches the
/// semantic model. Real-valued calls and conditional expressions are hoisted into temporaries here, so every
/// later stage sees calls only as the whole right-hand side of an assignment.
/// Anything outside the supported subset becomes a diagnostic on the user's line and no model.
/// </summary>
internal sealed partial class Lowerer
{
    private readonly SemanticModel _semanticModel;
    private readonly IMethodSymbol _method;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly VariableTable _variables = new();
    private readonly Dictionary<ISymbol, int> _symbolVariables = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, SpanAlias> _aliases = new(SymbolEqualityComparer.Default);
    private int _loopDepth;
    private int _resultVar = -1;

    /// <summary>A span local that views part of another span: <c>var row = w.Slice(r * n, n)</c>; kept as two integers.</summary>
    private sealed record SpanAlias(int Base, int StartVar, int LengthVar, ScalarKind Element, bool Writable);

    private Lowerer(SemanticModel semanticModel, IMethodSymbol method, CancellationToken cancellationToken)
    {
        _semanticModel = semanticModel;
        _method = method;
        _cancellationToken = cancellationToken;
    }

    public static LoweringResult Lower(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method) return new LoweringResult(null, EquatableArray<DiagnosticInfo>.Empty);
        if (method.MethodKind != MethodKind.LocalFunction && GenericMath.FloatingPointParameter(method) is ITypeParameterSymbol parameter)
        {
            return LowerGeneric(context, method, parameter, cancellationToken, genericType: false);
        }
        // A method of a model generic over T (Mlp<T>): specialized like a generic method, for the type's T.
        if (method.MethodKind != MethodKind.LocalFunction && !method.IsGenericMethod && GenericModelParameter(method.ContainingType) is ITypeParameterSymbol typeParameter)
        {
            return LowerGeneric(context, method, typeParameter, cancellationToken, genericType: true);
        }
        var lowerer = new Lowerer(context.SemanticModel, method, cancellationToken);
        MethodModel? model = lowerer.Run(context.TargetNode);
        // A local function is no method of the type: its key could be a method's, whose callers would fail with it.
        string? key = method.MethodKind == MethodKind.LocalFunction ? null : MethodKeys.Of(method);
        return new LoweringResult(lowerer._diagnostics.Count == 0 ? model : null, lowerer._diagnostics.ToEquatableArray(), key);
    }

    /// <summary>
    /// A method generic over <c>T : IFloatingPointIeee754&lt;T&gt;</c>: its <c>double</c> specialization, carrying its
    /// <c>float</c> one (Lowering/GenericMath.cs). Diagnostics are the first specialization's that has any.
    /// </summary>
    /// <remarks>
    /// With <paramref name="genericType"/>, <paramref name="parameter"/> is the <c>T</c> of the model type the method belongs
    /// to (<c>Mlp&lt;T&gt;</c>): the generated methods are not generic themselves, and the specializations get distinct names.
    /// </remarks>
    private static LoweringResult LowerGeneric(GeneratorAttributeSyntaxContext context, IMethodSymbol method, ITypeParameterSymbol parameter, CancellationToken cancellationToken,
        bool genericType)
    {
        (MethodModel? Model, List<DiagnosticInfo> Diagnostics) Specialize(ScalarKind kind) => GenericMath.With(parameter, kind, () =>
        {
            var lowerer = new Lowerer(context.SemanticModel, method, cancellationToken);
            MethodModel? model = lowerer.Run(context.TargetNode);
            return (model, lowerer._diagnostics);
        });
        var (doubles, doubleDiagnostics) = Specialize(ScalarKind.Double);
        if (doubles is null || doubleDiagnostics.Count > 0) return new LoweringResult(null, doubleDiagnostics.ToEquatableArray(), MethodKeys.Of(method));
        var (singles, singleDiagnostics) = Specialize(ScalarKind.Single);
        if (singles is null || singleDiagnostics.Count > 0) return new LoweringResult(null, singleDiagnostics.ToEquatableArray(), MethodKeys.Of(method));
        // The local functions of both specializations are generated beside the method (the float ones named _Single).
        var locals = doubles.LocalFunctions.Concat(singles.LocalFunctions).ToEquatableArray();
        var model = doubles with
        {
            TypeParameter = parameter.Name, TypeConstraints = genericType ? null : GenericMath.Constraints(parameter),
            Single = singles with { LocalFunctions = EquatableArray<MethodModel>.Empty }, LocalFunctions = locals, GenericType = genericType,
        };
        return new LoweringResult(model, EquatableArray<DiagnosticInfo>.Empty, MethodKeys.Of(method));
    }

    /// <summary>The <c>T</c> of a model type generic over <c>T : IFloatingPointIeee754&lt;T&gt;</c> (and valid as a model), or null.</summary>
    private static ITypeParameterSymbol? GenericModelParameter(INamedTypeSymbol type) =>
        type.IsGenericType && ModelTypes.IsModel(type) ? ModelTypes.FloatingPointParameter(type) : null;

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode? node, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, LocationInfo.From(node), args));

    private void Report(DiagnosticDescriptor descriptor, Location location, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, LocationInfo.From(location), args));

    private MethodModel? Run(SyntaxNode targetNode)
    {
        // [Differentiable] on the defining declaration of a partial method: the body is on the implementation part.
        if (_method.PartialImplementationPart is { } implementation
            && implementation.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is MethodDeclarationSyntax implementationSyntax)
        {
            var lowerer = new Lowerer(_semanticModel.Compilation.GetSemanticModel(implementationSyntax.SyntaxTree), implementation, _cancellationToken);
            MethodModel? model = lowerer.Run(implementationSyntax);
            _diagnostics.AddRange(lowerer._diagnostics);
            return model;
        }
        if (targetNode is not MethodDeclarationSyntax declaration)
        {
            // [Differentiable] on a local function: one of a [Differentiable] method is differentiated with it anyway.
            if (!InDifferentiableMethod(_method))
            {
                Report(DiagnosticDescriptors.UnsupportedMethodShape, targetNode, _method.Name, "a local function of a method that is not [Differentiable]",
                    "mark the method around it [Differentiable] (its local functions are differentiated with it), or declare it as a method of a partial type");
            }
            return null;
        }
        Location nameLocation = declaration.Identifier.GetLocation();
        CheckContainingTypes(nameLocation);
        if (declaration.Body is null && declaration.ExpressionBody is null)
        {
            Report(DiagnosticDescriptors.MethodWithoutBody, nameLocation, _method.Name);
            return null;
        }
        CheckShape(declaration.ReturnType, nameLocation);
        if (_diagnostics.Count > 0) return null;

        (ScalarKind? returnKind, List<ParameterModel> parameters) = DeclareParameters();
        AddModelInputs(parameters, nameLocation);
        bool hasOutputs = parameters.Any(p => p.Role == ParameterRole.Output);
        if (returnKind is null && !hasOutputs)
        {
            Report(DiagnosticDescriptors.UnsupportedReturnType, declaration.ReturnType, _method.Name, "void (with no Span<T> output)");
            return null;
        }
        bool emitGradient = returnKind is not null && !hasOutputs;
        CheckNameCollisions(nameLocation, emitGradient);
        if (_diagnostics.Count > 0) return null;

        if (_semanticModel.GetOperation(declaration, _cancellationToken) is not IMethodBodyOperation bodyOperation
            || (bodyOperation.BlockBody ?? bodyOperation.ExpressionBody) is not IBlockOperation block)
        {
            Report(DiagnosticDescriptors.MethodWithoutBody, nameLocation, _method.Name);
            return null;
        }
        List<IrStmt>? body = LowerBody(block, (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!, returnKind, withLocalFunctions: true);
        if (body is null) return null;
        // A body with local arrays also gets {Name}Primal (Transform/PrimalMethod.cs).
        if (StatementWalker.All(body).Any(s => s is StackAllocStmt { Scratch: true })
            && _method.ContainingType.GetMembers(_method.Name + KnownNames.PrimalSuffix).Any(m => !m.IsImplicitlyDeclared))
        {
            Report(DiagnosticDescriptors.NameCollision, nameLocation, _method.ContainingType.Name, _method.Name + KnownNames.PrimalSuffix, _method.Name);
            return null;
        }

        int checkpoints = Checkpoints(_method);
        if (_diagnostics.Count > 0) return null;

        FileLinePositionSpan span = declaration.GetLocation().GetLineSpan();
        return new MethodModel(
            HierarchyInfo.From(_method.ContainingType),
            _method.Name,
            Modifiers(declaration),
            _method.IsStatic,
            returnKind,
            parameters.ToEquatableArray(),
            _variables.All.ToEquatableArray(),
            body.ToEquatableArray(),
            _resultVar,
            System.IO.Path.GetFileName(span.Path ?? ""),
            span.StartLinePosition.Line + 1,
            emitGradient,
            MethodKeys.Of(_method),
            RequestedKinds(_method),
            LocationInfo.From(nameLocation),
            checkpoints,
            _models.ToEquatableArray(),
            _fieldViews.ToEquatableArray(),
            _receiverVar,
            LocalFunctions: _localModels.ToEquatableArray());
    }

    /// <summary>
    /// <c>[Differentiable(Checkpoints = s)]</c>: the snapshots each outermost loop's reverse sweep may hold (0: none,
    /// every iteration recorded). A negative number is ADG0017 on the argument.
    /// </summary>
    private int Checkpoints(IMethodSymbol method)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != KnownNames.DifferentiableAttribute) continue;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key != "Checkpoints" || named.Value.Value is not int snapshots) continue;
                if (snapshots >= 0) return snapshots;
                SyntaxNode? argument = (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) as AttributeSyntax)?.ArgumentList?.Arguments
                    .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Checkpoints");
                Report(DiagnosticDescriptors.InvalidCheckpoints, argument ?? attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken),
                    method.Name, snapshots.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return 0;
    }

    /// <summary>The derivatives asked for on <c>[Differentiable(…)]</c>: reverse mode when none are named.</summary>
    private static DerivativeKinds RequestedKinds(IMethodSymbol method)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != KnownNames.DifferentiableAttribute) continue;
            if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int kinds && kinds != 0)
            {
                return (DerivativeKinds)kinds & (DerivativeKinds.Reverse | DerivativeKinds.Forward | DerivativeKinds.Hessian | DerivativeKinds.Jacobian);
            }
        }
        return DerivativeKinds.Reverse;
    }

    private void CheckContainingTypes(Location nameLocation)
    {
        for (INamedTypeSymbol? type = _method.ContainingType; type is not null; type = type.ContainingType)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(_cancellationToken) is TypeDeclarationSyntax typeSyntax
                    && !typeSyntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Report(DiagnosticDescriptors.TypeNotPartial, typeSyntax.Identifier.GetLocation(), type.Name, _method.Name);
                    return;
                }
            }
        }
    }

    /// <summary>The method's form, return type and parameters (for a local function too): ADG0005, ADG0006, ADG0010.</summary>
    private void CheckShape(TypeSyntax returnType, Location nameLocation)
    {
        string? shape = null, wayOut = null;
        bool local = _method.MethodKind == MethodKind.LocalFunction;
        if (_method.IsGenericMethod && (local || GenericMath.FloatingPointParameter(_method) is null))
        {
            (shape, wayOut) = ("generic", local
                ? "write one local function per element type (double and float)"
                : "make it generic over one type T : IFloatingPointIeee754<T> (T is then double or float), or write one method per element type");
        }
        else if (_method.IsAsync) (shape, wayOut) = ("async", "differentiate a synchronous method and await around it");
        else if (!local && _method.MethodKind != MethodKind.Ordinary) (shape, wayOut) = ("an operator or accessor", "move the computation into an ordinary method");
        else if (_method.ContainingType.IsGenericType && (_method.IsGenericMethod || GenericModelParameter(_method.ContainingType) is null))
        {
            (shape, wayOut) = _method.IsGenericMethod
                ? ("generic in a generic type", "let it use the model's type parameter instead of one of its own")
                : ("in a generic type", "move it to a non-generic partial type, or make the type a [Differentiable] model generic over one T : IFloatingPointIeee754<T>");
        }
        if (shape is not null)
        {
            Report(DiagnosticDescriptors.UnsupportedMethodShape, nameLocation, DisplayName, shape, wayOut!);
            return;
        }
        if (_method.ReturnsByRef || _method.ReturnsByRefReadonly || (!_method.ReturnsVoid && !ReturnsSupported(_method)))
        {
            Report(DiagnosticDescriptors.UnsupportedReturnType, returnType, DisplayName,
                _method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        }
        foreach (IParameterSymbol p in _method.Parameters)
        {
            SyntaxNode? where = p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken);
            string typeText = p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            if (p.RefKind != RefKind.None)
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, where, p.Name, typeText,
                    "ref, out and in parameters are not differentiated; return the value, or write it into a Span<T> output");
            }
            else if (p.IsParams)
            {
                Report(DiagnosticDescriptors.UnsupportedParameter, where, p.Name, typeText, "params arrays are not supported; take a ReadOnlySpan<T>");
            }
            else
            {
                var c = ParameterClassifier.Classify(p);
                if (c.Element == ScalarKind.Opaque && p.Type.IsRefLikeType)
                {
                    Report(DiagnosticDescriptors.UnsupportedParameter, where, p.Name, typeText,
                        "spans of double, float, int, long or bool are supported");
                }
            }
        }
    }

    /// <summary>The variables of the parameters, and the kind of the returned value (null for void).</summary>
    private (ScalarKind? ReturnKind, List<ParameterModel> Parameters) DeclareParameters()
    {
        var parameters = new List<ParameterModel>();
        foreach (IParameterSymbol p in _method.Parameters)
        {
            var c = ParameterClassifier.Classify(p);
            int id = _variables.AddNamed(Identifier(p.Name), c.Element, c.Shape, VariableRole.Parameter, c.Role, isEnum: p.Type.TypeKind == TypeKind.Enum).Id;
            _symbolVariables[p] = id;
            parameters.Add(new ParameterModel(Identifier(p.Name), GenericMath.TypeText(p.Type, _semanticModel.Compilation), id, c.Role, c.Element));
        }
        return (_method.ReturnsVoid ? null : ParameterClassifier.ScalarOf(_method.ReturnType), parameters);
    }

    /// <summary>
    /// Lowers the body (of the method, or of one of its local functions): null when it cannot be differentiated.
    /// A body the compiler rejects is not differentiated: its own errors say what is wrong, and generated code built
    /// from it would only repeat them in a file the user cannot edit. That is read off the bound operations rather than
    /// GetDiagnostics, which would bind the body a second time.
    /// </summary>
    private List<IrStmt>? LowerBody(IBlockOperation block, SyntaxNode bodySyntax, ScalarKind? returnKind, bool withLocalFunctions)
    {
        if (bodySyntax.ContainsDiagnostics || !ReserveLocalNames(block)) return null;
        if (returnKind is ScalarKind rk) _resultVar = _variables.Add("result", rk, SpanShape.None, VariableRole.Result).Id;
        if (withLocalFunctions)
        {
            LowerLocalFunctions(block);
            if (_diagnostics.Count > 0) return null;
        }
        FindViews(block);
        var body = new List<IrStmt>();
        LowerStatement(block, body);
        if (_diagnostics.Count > 0) return null;
        return WithViewRoots(body);
    }

    private void CheckNameCollisions(Location nameLocation, bool emitGradient)
    {
        var names = new List<string> { _method.Name + KnownNames.BackwardSuffix };
        if (emitGradient) names.Add(_method.Name + KnownNames.GradientSuffix);
        foreach (string name in names)
        {
            if (_method.ContainingType.GetMembers(name).Any(m => !m.IsImplicitlyDeclared))
            {
                Report(DiagnosticDescriptors.NameCollision, nameLocation, _method.ContainingType.Name, name, _method.Name);
            }
        }
    }

    private static string Modifiers(MethodDeclarationSyntax declaration)
    {
        var kept = declaration.Modifiers
            .Where(m => m.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword
                or SyntaxKind.InternalKeyword or SyntaxKind.StaticKeyword or SyntaxKind.UnsafeKeyword)
            .Select(m => m.Text);
        return string.Join(" ", kept);
    }

    /// <summary>
    /// Reserves the names of the user's locals, so temporaries made before a local is lowered never take its name, in
    /// the same walk that finds a body the compiler rejects (false then). Only locals can collide: everything else
    /// the generated code names is a parameter or qualified (<c>this.f</c>, <c>global::N.T.M</c>).
    /// </summary>
    private bool ReserveLocalNames(IBlockOperation block)
    {
        foreach (IOperation o in block.DescendantsAndSelf())
        {
            if (o is IInvalidOperation || o is IConversionOperation { Conversion.Exists: false } || o.Type is IErrorTypeSymbol) return false;
            if (o is IVariableDeclaratorOperation declarator) _variables.Reserve(Identifier(declarator.Symbol.Name));
        }
        return true;
    }

    /// <summary>A name as C# must spell it: <c>@in</c> for a parameter called <c>in</c>.</summary>
    internal static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private int AddVariable(string name, ScalarKind element, SpanShape shape, VariableRole role, ParameterRole parameterRole) =>
        _variables.AddNamed(name, element, shape, role, parameterRole).Id;

    private int AddTemporary(string stem, ScalarKind kind) =>
        _variables.Add(stem, kind, SpanShape.None, VariableRole.Temporary, numbered: true).Id;

    /// <summary>The variable of a local, created on first sight; a second local of the same name gets a suffix.</summary>
    private int LocalVariable(ILocalSymbol local, ScalarKind element, SpanShape shape, string? typeText = null)
    {
        if (_symbolVariables.TryGetValue(local, out int id)) return id;
        string name = _variables.HasVariableNamed(Identifier(local.Name)) ? _variables.Fresh(local.Name + "_", numbered: true) : Identifier(local.Name);
        id = _variables.AddNamed(name, element, shape, VariableRole.Local, ParameterRole.Constant, typeText, local.Type.TypeKind == TypeKind.Enum).Id;
        _symbolVariables[local] = id;
        return id;
    }
}
