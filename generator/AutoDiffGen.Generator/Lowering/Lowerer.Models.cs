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
/// Models in differentiable code (API.md, "Model types"): the receiver of a model's instance method and parameters of model
/// types are model-valued inputs; the fields of models a method reads become views, variables bound to <c>owner.Field</c>
/// at the top of each generated method (IR/ModelValues.cs), so the body reads them like parameters; calls of a model's
/// methods take the model as their first argument.
/// </summary>
internal sealed partial class Lowerer
{
    private readonly List<ModelValue> _models = new();
    private readonly List<FieldView> _fieldViews = new();
    private readonly Dictionary<(int Owner, string Field), int> _viewsByField = new();
    private readonly Dictionary<ILocalSymbol, (int Array, int Index)> _modelElements = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<(int Array, string Index, string Field), int> _elementViews = new();
    private int _receiverVar = -1;

    /// <summary>
    /// The receiver of an instance method of a model type, and the parameters of model types (already variables of role
    /// <see cref="ParameterRole.Model"/>). A model type that cannot be one is ADG0021 here too: its Gradient type is missing.
    /// </summary>
    private void AddModelInputs(List<ParameterModel> parameters, Location nameLocation)
    {
        INamedTypeSymbol containing = _method.ContainingType;
        if (!_method.IsStatic && ModelTypes.IsModel(containing) && IsValidModel(containing, nameLocation))
        {
            string typeText = CallResolver.Qualified(containing);
            _receiverVar = _variables.AddNamed("this", ScalarKind.Opaque, SpanShape.None, VariableRole.Parameter, ParameterRole.Model, typeText).Id;
            _models.Add(new ModelValue(_receiverVar, typeText, containing.IsValueType, IsArray: false));
        }
        foreach (IParameterSymbol p in _method.Parameters)
        {
            if (!_symbolVariables.TryGetValue(p, out int id) || _variables[id].ParameterRole != ParameterRole.Model) continue;
            var type = (INamedTypeSymbol)p.Type;
            if (!IsValidModel(type, p.Locations.FirstOrDefault() ?? nameLocation)) continue;
            _models.Add(new ModelValue(id, parameters.First(m => m.Var == id).TypeText, type.IsValueType, IsArray: false));
        }
    }

    private bool IsValidModel(INamedTypeSymbol type, Location where)
    {
        if (ModelTypes.Problem(type, _cancellationToken) is not (string reason, _)) return true;
        Report(DiagnosticDescriptors.InvalidModelType, where, type.Name, reason);
        return false;
    }

    /// <summary>The variable of a model-valued operation: <c>this</c>, a model parameter, or a field holding a model (a view).</summary>
    private int? ModelValueVar(IOperation op)
    {
        op = Unwrap(op);
        switch (op)
        {
            case IInstanceReferenceOperation when _receiverVar >= 0:
                return _receiverVar;
            case IParameterReferenceOperation p when _symbolVariables.TryGetValue(p.Parameter, out int id) && _variables[id].ParameterRole == ParameterRole.Model
                && _models.Any(m => m.Var == id):
                return id;
            case IMemberReferenceOperation member when ModelField(member) is (int owner, ModelFieldSpec { Kind: ModelFieldKind.Model or ModelFieldKind.ModelArray } spec):
                return View(owner, member.Member, spec);
            default:
                return null;
        }
    }

    /// <summary>The model a parameter field belongs to, and the field, when <paramref name="member"/> reads one of a model value.</summary>
    private (int Owner, ModelFieldSpec Spec)? ModelField(IMemberReferenceOperation member)
    {
        if (member is not (IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false }) || member.Instance is null) return null;
        if (ModelTypes.Parameter(member.Member) is not ModelFieldSpec spec) return null;
        return ModelValueVar(member.Instance) is int owner ? (owner, spec) : null;
    }

    /// <summary>The view of <c>owner.Field</c>, made on first use.</summary>
    private int View(int owner, ISymbol member, ModelFieldSpec spec)
    {
        if (_viewsByField.TryGetValue((owner, spec.Name), out int existing)) return existing;
        string stem = owner == _receiverVar ? spec.Name : _variables[owner].Name.TrimStart('@') + Capitalized(spec.Name);
        string name = _variables.Fresh(stem);
        ITypeSymbol type = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
        int id = spec.Kind switch
        {
            ModelFieldKind.Scalar => _variables.AddNamed(name, spec.Element, SpanShape.None, VariableRole.Parameter, ParameterRole.ActiveScalar).Id,
            ModelFieldKind.Array => _variables.AddNamed(name, spec.Element, SpanShape.ReadOnlySpan, VariableRole.Parameter, ParameterRole.ActiveSpan).Id,
            ModelFieldKind.Model => _variables.AddNamed(name, ScalarKind.Opaque, SpanShape.None, VariableRole.Parameter, ParameterRole.Model, spec.ModelTypeText).Id,
            _ => _variables.AddNamed(name, ScalarKind.Opaque, SpanShape.Array, VariableRole.Parameter, ParameterRole.Model, spec.ModelTypeText).Id,
        };
        if (spec.Kind is ModelFieldKind.Model or ModelFieldKind.ModelArray)
        {
            _models.Add(new ModelValue(id, spec.ModelTypeText!, spec.IsStructModel, spec.Kind == ModelFieldKind.ModelArray));
        }
        _fieldViews.Add(new FieldView(id, owner, spec.Name, TypeParameter: spec.TypeParameter));
        _viewsByField[(owner, spec.Name)] = id;
        return id;
    }

    private static string Capitalized(string name)
    {
        name = name.TrimStart('@');
        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }

    /// <summary>
    /// A model as a call's receiver or argument: a model value, or an element of an array of models (<c>layers[k]</c>, or
    /// the variable of <c>foreach (var layer in layers)</c>).
    /// </summary>
    private IrExpr? ModelExpr(IOperation op, List<IrStmt> output)
    {
        if (ModelValueVar(op) is int id) return new VarExpr(ScalarKind.Opaque, id);
        if (Unwrap(op) is ILocalReferenceOperation { Local: var local } && _modelElements.TryGetValue(local, out var element))
        {
            return new ElementExpr(ScalarKind.Opaque, element.Array, new VarExpr(ScalarKind.Int32, element.Index));
        }
        if (Unwrap(op) is IArrayElementReferenceOperation { Indices.Length: 1 } item && ModelValueVar(item.ArrayReference) is int array
            && _variables[array].Shape == SpanShape.Array)
        {
            IrExpr? index = LowerPlain(item.Indices[0], output);
            return index is null ? null : new ElementExpr(ScalarKind.Opaque, array, index);
        }
        return null;
    }

    /// <summary>
    /// <c>foreach (var layer in layers)</c> over an array of models: a counting loop whose variable stands for
    /// <c>layers[index]</c>, so calls on it pass the element and its gradient.
    /// </summary>
    private bool TryLowerModelForEach(IForEachLoopOperation loop, ILocalSymbol element, List<IrStmt> output)
    {
        if (ModelValueVar(loop.Collection) is not int array || _variables[array].Shape != SpanShape.Array) return false;
        int index = AddTemporary("index", ScalarKind.Int32);
        _modelElements[element] = (array, index);
        var body = new List<IrStmt>();
        _loopDepth++;
        LowerStatement(loop.Body, body);
        _loopDepth--;
        output.Add(new ForRangeStmt(LocationInfo.From(loop.Syntax), index, Ir.Int(0), new LengthExpr(array), BinaryOp.Less, 1, null, body.ToEquatableArray()));
        return true;
    }

    /// <summary>
    /// A model passed to a parameter of a model type: it must be a model the method differentiates (its callee's pullback
    /// adds into its gradient).
    /// </summary>
    private IrExpr? LowerModelArgument(IArgumentOperation argument, List<IrStmt> output)
    {
        IrExpr? model = ModelExpr(argument.Value, output);
        if (model is null && !_diagnostics.Any(d => d.Location?.Span.IntersectsWith(argument.Syntax.Span) == true))
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, argument.Syntax, FirstLine(argument.Syntax.ToString()),
                "pass this, a model parameter, a model field or an element of an array of models, none of them [NoDerivative] (the callee's pullback adds into its gradient)");
        }
        return model;
    }

    /// <summary>
    /// The call of an instance method of a model type on a model the method differentiates: its target, with the model as
    /// first argument. Null when the callee is not such a method, or is called on a constant model (then it has no derivative here).
    /// </summary>
    private (CallTarget Target, IrExpr Receiver)? ModelCall(IInvocationOperation invocation, List<IrStmt> output)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.IsStatic || !ModelTypes.IsModel(method.ContainingType)) return null;
        IrExpr? receiver = invocation.Instance is null ? (_receiverVar >= 0 ? new VarExpr(ScalarKind.Opaque, _receiverVar) : null) : ModelExpr(invocation.Instance, output);
        if (receiver is null) return null;
        CallTarget target = CallResolver.Resolve(method, method.Name, "");
        target = target with
        {
            HasReceiver = true,
            Parameters = new[] { ParameterRole.Model }.Concat(target.Parameters).ToEquatableArray(),
            ParameterNames = new[] { "this" }.Concat(target.ParameterNames).ToEquatableArray(),
            InOut = target.InOut.IsDefaultOrEmpty() ? target.InOut : new[] { false }.Concat(target.InOut).ToEquatableArray(),
        };
        return (target, receiver);
    }

    /// <summary>
    /// An instance method of a model type called on a constant model (a <c>[NoDerivative]</c> one): its pullback would need
    /// that model's gradient, so here it has no derivative (ADG0003 if its result matters).
    /// </summary>
    private static CallTarget OnConstantModel(IMethodSymbol method, CallTarget target) =>
        method.IsStatic || !ModelTypes.IsModel(method.ContainingType) ? target
            : target with { BackwardText = null, Derivative = CallDerivative.None, TangentText = null, BackwardTangentText = null };

    /// <summary>
    /// A read of a model's field in a value position: a scalar parameter field is its view; a model is reported (it is
    /// no value), and so is a read through a field of a type that cannot be a parameter (ADG0019: <c>Weights[i]</c> of a
    /// <c>List&lt;double&gt;</c>, <c>Inner.Value</c> of a class that is not a model) or a property with logic (ADG0020).
    /// False when the operation is none of these: constants and other members are lowered as before.
    /// </summary>
    private bool TryModelRead(IOperation op, out IrExpr? value)
    {
        value = null;
        (IMemberReferenceOperation? read, bool reported) = ModelMemberRead(op);
        if (reported) return true;
        if (read is null) return false;
        ModelFieldSpec? spec = ModelTypes.Parameter(read.Member);
        if (spec is null)
        {
            if (ModelTypes.HasNoDerivative(read.Member)) return false;
            ITypeSymbol type = read.Type!;
            if (read.Member is IPropertySymbol property && ModelTypes.BackingField(property) is null
                && (ParameterClassifier.Describe(type).Element.IsReal() || ModelTypes.IsModel(type) || ModelTypes.UnsupportedReason(type) is not null))
            {
                Report(DiagnosticDescriptors.ModelPropertyWithLogic, read.Syntax, read.Member.ContainingType.Name + "." + property.Name);
                return true;
            }
            if (ModelTypes.UnsupportedReason(type) is string reason)
            {
                Report(DiagnosticDescriptors.UnsupportedModelField, read.Syntax, read.Member.Name, read.Member.ContainingType.Name,
                    type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), reason);
                return true;
            }
            return false;
        }
        if (!ReferenceEquals(read, op)) return false;
        if (spec.Kind == ModelFieldKind.Array) return false;
        if (spec.Kind == ModelFieldKind.Scalar)
        {
            int view = ElementView(read) ?? View(ModelValueVar(read.Instance!)!.Value, read.Member, spec);
            value = new VarExpr(spec.Element, view);
            return true;
        }
        Report(DiagnosticDescriptors.UnsupportedExpression, op.Syntax, FirstLine(op.Syntax.ToString()),
            "a model is used here as a value; call its [Differentiable] methods, pass it to one, or read its fields");
        return true;
    }

    /// <summary>
    /// The member of a model value that <paramref name="op"/> reads, directly or through its receivers and indexers
    /// (<c>Inner</c> in <c>Inner.Value</c>, <c>Weights</c> in <c>Weights[i]</c>); a read through a model held in an array is
    /// reported (its fields are read by its own methods). Null when <paramref name="op"/> reads no model.
    /// </summary>
    private (IMemberReferenceOperation? Member, bool Reported) ModelMemberRead(IOperation op)
    {
        for (IOperation? current = op; current is not null; current = Receiver(current))
        {
            if (current is not IMemberReferenceOperation { Instance: not null, Member.IsStatic: false } member
                || !ModelTypes.IsModel(member.Member.ContainingType)) continue;
            if (member.Member is IMethodSymbol) return (null, false);
            IOperation instance = Unwrap(member.Instance);
            if ((instance is IArrayElementReferenceOperation element && ModelValueVar(element.ArrayReference) is not null)
                || (instance is ILocalReferenceOperation { Local: var local } && _modelElements.ContainsKey(local)))
            {
                if (ElementView(member) is not null) return (member, false);
                Report(DiagnosticDescriptors.UnsupportedExpression, member.Syntax, FirstLine(member.Syntax.ToString()),
                    $"a field of a model held in an array is read with an index that both sweeps see alike: the counter of the loop over the array (for (int l = 0; l < layers.Length; l++) … layers[l].{member.Member.Name}, or foreach), constants, and parameters the method does not assign; otherwise make a [Differentiable] method of {member.Member.ContainingType.Name} that reads {member.Member.Name}, and call it on the element");
                return (null, true);
            }
            if (ModelValueVar(instance) is not null) return (member, false);
        }
        return (null, false);
    }

    private static IOperation? Receiver(IOperation op)
    {
        IOperation? next = op switch
        {
            IArrayElementReferenceOperation array => array.ArrayReference,
            IMemberReferenceOperation member => member.Instance,
            _ => null,
        };
        return next is null ? null : Unwrap(next);
    }

    /// <summary>The view of an array parameter field of a model, for element reads, lengths and span arguments.</summary>
    private int? ModelArrayView(IOperation op)
    {
        if (Unwrap(op) is not IMemberReferenceOperation member) return null;
        if (ModelField(member) is (int owner, ModelFieldSpec { Kind: ModelFieldKind.Array } spec)) return View(owner, member.Member, spec);
        return ModelTypes.Parameter(member.Member) is { Kind: ModelFieldKind.Array } ? ElementView(member) : null;
    }

    /// <summary>
    /// A scalar or array parameter field of a model held in an array, read with an index that means the same in both sweeps
    /// (<c>layers[l].W</c> in <c>for (int l = …)</c>, <c>layers[layers.Length - 1].B</c>, or <c>layer.W</c> in
    /// <c>foreach (var layer in layers)</c>): its view, named by the access (IR/ModelValues.cs, <see cref="FieldView.Index"/>).
    /// Null for any other read.
    /// </summary>
    private int? ElementView(IMemberReferenceOperation member)
    {
        if (member.Instance is null || ModelTypes.Parameter(member.Member) is not { Kind: ModelFieldKind.Scalar or ModelFieldKind.Array } spec) return null;
        int array;
        string index;
        switch (Unwrap(member.Instance))
        {
            case ILocalReferenceOperation { Local: var local } when _modelElements.TryGetValue(local, out var element):
                (array, index) = (element.Array, _variables[element.Index].Name);
                break;
            case IArrayElementReferenceOperation { Indices.Length: 1 } item when ModelValueVar(item.ArrayReference) is int models
                && _variables[models].Shape == SpanShape.Array && StableIndex(item.Indices[0]) is string text:
                (array, index) = (models, text);
                break;
            default:
                return null;
        }
        if (_elementViews.TryGetValue((array, index, spec.Name), out int existing)) return existing;
        string access = ModelValues.Specialized($"{_variables[array].Name}[{index}].{spec.Name}", spec.TypeParameter, spec.Element,
            spec.Kind == ModelFieldKind.Scalar ? SpanShape.None : SpanShape.Array);
        int id = spec.Kind == ModelFieldKind.Scalar
            ? _variables.AddNamed(_variables.Fresh(access), spec.Element, SpanShape.None, VariableRole.Parameter, ParameterRole.ActiveScalar).Id
            : _variables.AddNamed(_variables.Fresh(access), spec.Element, SpanShape.Array, VariableRole.Parameter, ParameterRole.ActiveSpan).Id;
        _fieldViews.Add(new FieldView(id, array, spec.Name, index, spec.TypeParameter));
        _elementViews[(array, index, spec.Name)] = id;
        return id;
    }

    /// <summary>
    /// The index of an element access as C#, when it holds the same value in both sweeps wherever it stands: built of
    /// constants, counters of enclosing counting loops whose bodies leave them alone (the reverse sweep recomputes them),
    /// parameters the method never assigns, and lengths. Null otherwise.
    /// </summary>
    private string? StableIndex(IOperation index)
    {
        foreach (IOperation part in index.DescendantsAndSelf())
        {
            bool stable = part switch
            {
                ILocalReferenceOperation local => CountingLoopCounter(local) is not null,
                IParameterReferenceOperation parameter => !WrittenInMethod(parameter.Parameter),
                IInvocationOperation or IAssignmentOperation or IIncrementOrDecrementOperation => false,
                IPropertyReferenceOperation property => property.Property.Name == "Length",
                _ => true,
            };
            if (!stable) return null;
        }
        var scratch = new List<IrStmt>();
        IrExpr? lowered = LowerPlain(index, scratch);
        return lowered is null || scratch.Count > 0 ? null : new ExpressionPrinter(_variables.All).Print(lowered);
    }

    private bool WrittenInMethod(IParameterSymbol parameter)
    {
        if (parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken)?.Parent?.Parent is not MethodDeclarationSyntax method) return true;
        SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody?.Expression;
        if (body is null) return true;
        DataFlowAnalysis? flow = body is ExpressionSyntax expression ? _semanticModel.AnalyzeDataFlow(expression) : _semanticModel.AnalyzeDataFlow((StatementSyntax)body);
        return flow is not { Succeeded: true } || flow.WrittenInside.Contains(parameter, SymbolEqualityComparer.Default);
    }

    /// <summary>
    /// The variable of a local that counts an enclosing <c>for</c> loop whose body leaves it alone: in both sweeps it holds
    /// the iteration's value wherever the loop's body runs (the reverse sweep recomputes it).
    /// </summary>
    private int? CountingLoopCounter(IOperation index)
    {
        if (Unwrap(index) is not ILocalReferenceOperation { Local: var local } || !_symbolVariables.TryGetValue(local, out int id)) return null;
        for (IOperation? ancestor = index.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor is IForLoopOperation loop && TryCanonicalFor(loop) is (ILocalSymbol counter, _, _, _, _)
                && SymbolEqualityComparer.Default.Equals(counter, local))
            {
                return id;
            }
        }
        return null;
    }
}
