using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Local functions of a differentiable method (<c>static double Sq(double v) =&gt; v * v;</c>) are differentiated like
/// private differentiable methods. Generated code cannot call a local function, so each is lowered into a model of its
/// own (<see cref="MethodModel.LocalFunctions"/>), which the pipeline then treats as one more method: it becomes private
/// static members of the type, <c>{Method}_{Local}</c> (its code, printed from its IR) beside <c>{Method}_{Local}Backward</c>
/// and whatever other derivatives its callers need, and calls of it in the method (and in its other local functions)
/// call those. A local function that captures a local, a parameter or <c>this</c> of the code around it is ADG0001 on
/// the capture: it has no place outside the method.
/// </summary>
internal sealed partial class Lowerer
{
    private Dictionary<IMethodSymbol, CallTarget> _localTargets = new(SymbolEqualityComparer.Default);
    private readonly List<MethodModel> _localModels = new();

    /// <summary>For the lowerer of a local function: the name of the method it is declared in, for messages.</summary>
    private string? _enclosingName;

    /// <summary>The name diagnostics give the code being lowered: <c>F</c>, or <c>F.Sq</c> for a local function of F.</summary>
    private string DisplayName => _enclosingName is null ? _method.Name : _enclosingName + "." + _method.Name;

    /// <summary>Lowers every local function of the method's body (nested ones included) into a model of its own.</summary>
    private void LowerLocalFunctions(IBlockOperation block)
    {
        var locals = block.Descendants().OfType<ILocalFunctionOperation>().ToList();
        if (locals.Count == 0) return;
        string typePrefix = CallResolver.Qualified(_method.ContainingType) + ".";
        string methodKey = MethodKeys.Of(_method);
        var names = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        foreach (ILocalFunctionOperation local in locals)
        {
            IMethodSymbol symbol = local.Symbol;
            string name = MemberName(symbol, names.Values);
            // In the float specialization of a generic method, its own copy (the double one keeps the plain name).
            if (GenericMath.CurrentKind == ScalarKind.Single) name += "_Single";
            names[symbol] = name;
            var roles = symbol.Parameters.Select(p => ParameterClassifier.Classify(p).Role).ToEquatableArray();
            bool differentiated = HasDerivatives(symbol);
            string? Derivative(string suffix) => differentiated ? typePrefix + name + suffix : null;
            _localTargets[symbol] = new CallTarget(typePrefix + name, Derivative(KnownNames.BackwardSuffix),
                differentiated ? CallDerivative.Generated : CallDerivative.None,
                _method.Name + "." + symbol.Name, symbol.Name, roles, symbol.ReturnsVoid, symbol.Parameters.Select(p => p.Name).ToEquatableArray(),
                LocalFunctionKey(methodKey, name), Derivative(KnownNames.TangentSuffix), Derivative(KnownNames.BackwardTangentSuffix),
                symbol.ReturnsVoid ? ScalarKind.Opaque : ParameterClassifier.ScalarOf(symbol.ReturnType), CallsGeneratedCopy: true);
        }
        foreach (ILocalFunctionOperation local in locals)
        {
            var lowerer = new Lowerer(_semanticModel, local.Symbol, _cancellationToken) { _localTargets = _localTargets, _enclosingName = _method.Name };
            MethodModel? model = lowerer.RunLocal(local, names[local.Symbol], LocalFunctionKey(methodKey, names[local.Symbol]), methodKey);
            _diagnostics.AddRange(lowerer._diagnostics);
            if (model is not null) _localModels.Add(model);
        }
    }

    /// <summary>
    /// What a method may return: double or float; a local function also an int, long or bool (an index or a test,
    /// <c>static int At(int r, int c, int n) =&gt; r * n + c;</c>), which has no derivative: only its copy is generated.
    /// </summary>
    private static bool ReturnsSupported(IMethodSymbol method)
    {
        ScalarKind kind = ParameterClassifier.ScalarOf(method.ReturnType);
        return kind.IsReal() || (method.MethodKind == MethodKind.LocalFunction && kind is ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.Boolean);
    }

    /// <summary>Whether a local function has derivatives: it returns a real value or writes a span output.</summary>
    private static bool HasDerivatives(IMethodSymbol local) =>
        (!local.ReturnsVoid && ParameterClassifier.ScalarOf(local.ReturnType).IsReal())
        || local.Parameters.Any(p => ParameterClassifier.Classify(p).Role == ParameterRole.Output);

    /// <summary>The key of a local function's model: the method's key, then the member name it is generated as.</summary>
    private static string LocalFunctionKey(string methodKey, string memberName) => methodKey + "/" + memberName;

    /// <summary>
    /// The name of the private member a local function becomes: <c>{Method}_{Local}</c>, numbered (<c>_2</c>) for a second local
    /// function of the same name in the method. Where that name could belong to another method's local function (the
    /// method is overloaded, or another method's name starts with <c>{Method}_</c>) or to a member of the type, a hash of
    /// the method's signature keeps it apart. Only declarations are read, so the name changes only when they do.
    /// </summary>
    private string MemberName(IMethodSymbol local, IEnumerable<string> taken)
    {
        var members = _method.ContainingType.GetMembers().Where(m => !m.IsImplicitlyDeclared).ToList();
        string stem = _method.Name + "_" + local.Name;
        bool ambiguous = members.Any(m => m.Name == _method.Name && !SymbolEqualityComparer.Default.Equals(m, _method.PartialDefinitionPart ?? _method)
                && !SymbolEqualityComparer.Default.Equals(m, _method.PartialImplementationPart ?? _method))
            || members.Any(m => m.Name.StartsWith(_method.Name + "_", System.StringComparison.Ordinal));
        if (ambiguous) stem += "_" + StableHash(MethodKeys.Of(_method));
        string name = stem;
        for (int n = 2; taken.Contains(name) || members.Any(m => GeneratedNames(name).Contains(m.Name)); n++) name = stem + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name;
    }

    /// <summary>The members generated for a local function emitted as <paramref name="name"/>.</summary>
    private static string[] GeneratedNames(string name) =>
        new[] { name, name + KnownNames.BackwardSuffix, name + KnownNames.TangentSuffix, name + KnownNames.BackwardTangentSuffix };

    /// <summary>Six hex digits of FNV-1a over the text: stable across runs and machines, unlike string.GetHashCode.</summary>
    private static string StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char ch in text) hash = (hash ^ ch) * 16777619;
        return (hash & 0xFFFFFF).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private MethodModel? RunLocal(ILocalFunctionOperation local, string name, string key, string methodKey)
    {
        var syntax = (LocalFunctionStatementSyntax)local.Syntax;
        Location nameLocation = syntax.Identifier.GetLocation();
        if (local.Body is not IBlockOperation block || (syntax.Body is null && syntax.ExpressionBody is null))
        {
            Report(DiagnosticDescriptors.MethodWithoutBody, nameLocation, DisplayName);
            return null;
        }
        CheckShape(syntax.ReturnType, nameLocation);
        if (_diagnostics.Count > 0 || !CheckCaptures(block)) return null;

        (ScalarKind? returnKind, List<ParameterModel> parameters) = DeclareParameters();
        foreach (IParameterSymbol p in _method.Parameters.Where(p => ParameterClassifier.Classify(p).Role == ParameterRole.Model))
        {
            Report(DiagnosticDescriptors.UnsupportedParameter, p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken), p.Name,
                p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                "a local function takes no model; make it a [Differentiable] method of the type (or a static one taking the model)");
        }
        if (_diagnostics.Count > 0) return null;
        bool hasOutputs = parameters.Any(p => p.Role == ParameterRole.Output);
        if (returnKind is null && !hasOutputs)
        {
            Report(DiagnosticDescriptors.UnsupportedReturnType, syntax.ReturnType, DisplayName, "void (with no Span<T> output)");
            return null;
        }
        List<IrStmt>? body = LowerBody(block, (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!, returnKind, withLocalFunctions: false);
        if (body is null) return null;
        FileLinePositionSpan span = syntax.GetLocation().GetLineSpan();
        return new MethodModel(HierarchyInfo.From(_method.ContainingType), name, "private static", true, returnKind, parameters.ToEquatableArray(),
            _variables.All.ToEquatableArray(), body.ToEquatableArray(), _resultVar, System.IO.Path.GetFileName(span.Path ?? ""),
            span.StartLinePosition.Line + 1, EmitGradient: false, key,
            // It asks for nothing itself: its callers' needs decide which derivatives it gets (DerivativeRequirements).
            Requested: DerivativeKinds.None, Location: LocationInfo.From(nameLocation), EnclosingKey: methodKey);
    }

    /// <summary>
    /// A local function may use only its own parameters and locals (and those of local functions inside it): what it
    /// captures from the code around it has no place in a private member. False, with ADG0001 on the first capture.
    /// </summary>
    private bool CheckCaptures(IBlockOperation block)
    {
        foreach (IOperation o in block.DescendantsAndSelf())
        {
            ISymbol? used = o switch
            {
                ILocalReferenceOperation l => l.Local,
                IParameterReferenceOperation p => p.Parameter,
                IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => _method.ContainingType,
                _ => null,
            };
            if (used is null || used is ILocalSymbol or IParameterSymbol && IsInside(used.ContainingSymbol, _method)) continue;
            string what = used is INamedTypeSymbol ? "this" : used.Name;
            Report(DiagnosticDescriptors.UnsupportedStatement, o.Syntax, $"a local function that captures {what}",
                $"local function '{_method.Name}' uses '{what}' of '{_enclosingName}'; make it static and pass {(used is INamedTypeSymbol ? "what it reads of this" : what)} as a parameter");
            return false;
        }
        return true;
    }

    /// <summary>Whether a local function lies in a <c>[Differentiable]</c> method, which differentiates it.</summary>
    private static bool InDifferentiableMethod(IMethodSymbol local)
    {
        ISymbol? s = local;
        while (s is IMethodSymbol { MethodKind: MethodKind.LocalFunction }) s = s.ContainingSymbol;
        return s is IMethodSymbol method && CallResolver.IsDifferentiable(method);
    }

    /// <summary>Whether <paramref name="symbol"/> is <paramref name="function"/> or lies inside it (a local function of it).</summary>
    private static bool IsInside(ISymbol? symbol, IMethodSymbol function)
    {
        for (ISymbol? s = symbol; s is not null and not INamedTypeSymbol; s = s.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(s, function)) return true;
        }
        return false;
    }
}
