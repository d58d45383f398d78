using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

internal sealed partial class Lowerer
{
    private static bool IsElementaryFunctionType(INamedTypeSymbol type) =>
        type.SpecialType is SpecialType.System_Double or SpecialType.System_Single
        || type.ToDisplayString() is "System.Math" or "System.MathF";

    private IrExpr? LowerInvocationExpression(IInvocationOperation invocation, List<IrStmt> output, bool hoist)
    {
        IMethodSymbol method = invocation.TargetMethod;
        ScalarKind kind = ParameterClassifier.ScalarOf(method.ReturnType);
        LocationInfo? at = LocationInfo.From(invocation.Syntax);
        ScalarKind? genericReceiver = method.IsStatic ? GenericMath.ThroughParameter(invocation.ConstrainedToType) : null;
        if (method.IsStatic && (IsElementaryFunctionType(method.ContainingType) || genericReceiver is not null))
        {
            if (TryGenericMathConversion(invocation, kind, output, hoist, out IrExpr? converted)) return converted;
            var args = new List<IrExpr>();
            if (!CheckArgumentOrder(invocation)) return null;
            foreach (IArgumentOperation argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
            {
                ScalarKind argKind = argument.Parameter is null ? ScalarKind.Opaque : ParameterClassifier.ScalarOf(argument.Parameter.Type);
                if (argument.Parameter?.RefKind != RefKind.None || argKind == ScalarKind.Opaque)
                {
                    ReportExpression(invocation);
                    return null;
                }
                IrExpr? arg = LowerExpr(argument.Value, output, hoist && argKind.IsReal());
                if (arg is null) return null;
                arg = Snapshot(arg, LaterArguments(invocation, argument), output, argument.Syntax);
                args.Add(Ir.Convert(arg, argKind));
            }
            string receiver = genericReceiver is ScalarKind k ? k.Keyword() : method.ContainingType.SpecialType switch
            {
                SpecialType.System_Double => "double",
                SpecialType.System_Single => "float",
                _ => CallResolver.Qualified(method.ContainingType),
            };
            if (!kind.IsReal() || MathRules.Find(method.Name, args.Count) is not null || !hoist)
            {
                var call = new IntrinsicCallExpr(kind, method.Name, receiver, args.ToEquatableArray());
                if (!(hoist && kind.IsReal())) return call;
                int temp = AddTemporary(Camel(method.Name), kind);
                output.Add(new AssignStmt(at, temp, call));
                return new VarExpr(kind, temp);
            }
            // An elementary function without a rule: callable on constants only (checked after activity analysis).
            var target = new CallTarget(receiver + "." + method.Name, null, CallDerivative.None,
                (receiver.StartsWith("global::") ? receiver.Substring(receiver.LastIndexOf('.') + 1) : receiver) + "." + method.Name,
                method.Name, args.Select(a => a.Type.IsReal() ? ParameterRole.ActiveScalar : ParameterRole.Constant).ToEquatableArray(), false,
                method.Parameters.Select(p => p.Name).ToEquatableArray());
            return Hoisted(new CallExpr(kind, target, args.ToEquatableArray(), at), method.Name, output, at);
        }
        if (kind == ScalarKind.Opaque)
        {
            ReportExpression(invocation);
            return null;
        }
        CallExpr? userCall = LowerUserCall(invocation, output, hoist);
        if (userCall is null) return null;
        if (!(hoist && kind.IsReal())) return userCall;
        return Hoisted(userCall, method.Name, output, at);
    }

    /// <summary>
    /// Arguments are lowered in parameter order; C# evaluates them as written. Named arguments out of parameter order
    /// are fine unless one of them assigns something.
    /// </summary>
    private bool CheckArgumentOrder(IInvocationOperation invocation)
    {
        var arguments = invocation.Arguments.Where(a => !a.IsImplicit).ToList();
        var lexical = arguments.OrderBy(a => a.Syntax.SpanStart).Select(a => a.Parameter?.Ordinal ?? 0).ToList();
        bool inOrder = lexical.SequenceEqual(lexical.OrderBy(o => o));
        if (inOrder || !arguments.Any(a => HasSideEffects(a.Value))) return true;
        Report(DiagnosticDescriptors.UnsupportedExpression, invocation.Syntax, FirstLine(invocation.Syntax.ToString()),
            "named arguments out of parameter order with an assignment or increment among them; pass them in parameter order");
        return false;
    }

    /// <summary>The arguments C# evaluates after <paramref name="argument"/> (in the order written).</summary>
    private static IEnumerable<IOperation?> LaterArguments(IInvocationOperation invocation, IArgumentOperation argument) =>
        invocation.Arguments.Where(a => a.Syntax.SpanStart > argument.Syntax.SpanStart).Select(a => (IOperation?)a.Value);

    private IrExpr Hoisted(CallExpr call, string name, List<IrStmt> output, LocationInfo? at)
    {
        int temp = AddTemporary(Camel(name), call.Type);
        output.Add(new CallStmt(at, call, temp));
        return new VarExpr(call.Type, temp);
    }

    private static string Camel(string name) => name.Length == 0 ? "value" : char.ToLowerInvariant(name[0]) + name.Substring(1);

    private void LowerInvocationStatement(IInvocationOperation invocation, List<IrStmt> output)
    {
        IMethodSymbol method = invocation.TargetMethod;
        LocationInfo? at = LocationInfo.From(invocation.Syntax);
        IOperation? instance = invocation.Instance;
        var arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).ToList();
        if (method.IsExtensionMethod && method.ContainingType.ToDisplayString() == "System.MemoryExtensions" && arguments.Count > 0)
        {
            instance = arguments[0].Value;
            arguments.RemoveAt(0);
        }
        if (instance is not null && ParameterClassifier.Describe(instance.Type!).Shape != SpanShape.None)
        {
            LowerSpanMethod(invocation, method.Name, instance, arguments, output, at);
            return;
        }
        if (method.IsStatic && IsElementaryFunctionType(method.ContainingType))
        {
            // A discarded Math call has no effect.
            return;
        }
        CallExpr? call = LowerUserCall(invocation, output, hoist: true);
        if (call is not null) output.Add(new CallStmt(at, call, -1));
    }

    private void LowerSpanMethod(IInvocationOperation invocation, string name, IOperation instance, List<IArgumentOperation> arguments,
        List<IrStmt> output, LocationInfo? at)
    {
        switch (name)
        {
            case "Clear" when arguments.Count == 0:
            case "Fill" when arguments.Count == 1:
            {
                if (LowerSpanArgument(instance, output, requireWritable: true) is not SpanRefExpr target) break;
                IrExpr? value = null;
                if (arguments.Count == 1)
                {
                    value = LowerValue(arguments[0].Value, target.Type, output);
                    if (value is null) return;
                }
                output.Add(new FillStmt(at, target, value));
                return;
            }
            case "CopyTo" when arguments.Count == 1:
            {
                if (LowerSpanArgument(instance, output, requireWritable: false) is not SpanRefExpr source) break;
                if (LowerSpanArgument(arguments[0].Value, output, requireWritable: true) is not SpanRefExpr target) break;
                output.Add(new CopyStmt(at, source, target));
                return;
            }
        }
        if (!_diagnostics.Any(d => d.Location?.Span.IntersectsWith(invocation.Syntax.Span) == true))
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, invocation.Syntax, FirstLine(invocation.Syntax.ToString()),
                "of span methods, differentiable code supports Slice, Clear, Fill and CopyTo; write other operations as loops");
        }
    }

    /// <summary>Lowers a call of a user method; arguments follow parameter order.</summary>
    private CallExpr? LowerUserCall(IInvocationOperation invocation, List<IrStmt> output, bool hoist)
    {
        IMethodSymbol method = invocation.TargetMethod;
        string? typeArguments = GenericMath.TypeArguments(method);
        if (typeArguments is null)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, invocation.Syntax, FirstLine(invocation.Syntax.ToString()),
                "generic methods are differentiated when every type argument is double or float (or the T of a method generic over IFloatingPointIeee754<T>)");
            return null;
        }
        if (CallsIntoGenericModel(method) && !CanCallSpecialization(method))
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, invocation.Syntax, FirstLine(invocation.Syntax.ToString()),
                "a method generic over T (or of a model generic over T) calls only the [Differentiable] methods of a type generic over that T, "
                + "through their specializations, and not one with a hand-written [DerivativeOf]; mark it [Differentiable], or compute it in the method");
            return null;
        }
        // A local function of the method: its generated copy and derivatives (Lowerer.LocalFunctions.cs).
        if (method.MethodKind == MethodKind.LocalFunction && _localTargets.TryGetValue(method.OriginalDefinition, out CallTarget? localTarget))
        {
            return LowerCallArguments(invocation, localTarget, null, output, hoist, method);
        }
        // An instance method of a model type on a model this method differentiates: the model is the first argument.
        if (ModelCall(invocation, output) is (CallTarget modelTarget, IrExpr receiverModel))
        {
            return LowerCallArguments(invocation, Specialized(method, modelTarget, ""), receiverModel, output, hoist, method);
        }
        string prefix;
        if (method.IsStatic) prefix = CallResolver.Qualified(method.ContainingType) + ".";
        else if (invocation.Instance is null or IInstanceReferenceOperation) prefix = "this.";
        else if (ReceiverText(invocation.Instance) is string receiver) prefix = receiver + ".";
        else
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, invocation.Syntax, FirstLine(invocation.Syntax.ToString()),
                "call instance methods on this, on a parameter or on a field");
            return null;
        }
        CallTarget target = Specialized(method, OnConstantModel(method, CallResolver.Resolve(method, prefix + method.Name + typeArguments, prefix)), prefix);
        return LowerCallArguments(invocation, target, null, output, hoist, method);
    }

    /// <summary>
    /// Whether, in a specialization of a generic model's method, <paramref name="method"/> belongs to a type generic over the
    /// substituted <c>T</c> (<c>Mlp&lt;T&gt;</c>, <c>Dense&lt;T&gt;</c>): its specializations are not reachable from here.
    /// </summary>
    private static bool CallsIntoGenericModel(IMethodSymbol method) =>
        GenericMath.CurrentKind is not null && method.MethodKind != MethodKind.LocalFunction
        && method.ContainingType is { IsGenericType: true } type
        && type.TypeArguments.Any(a => a is ITypeParameterSymbol p && GenericMath.SubstitutedKind(p) is not null);

    /// <summary>
    /// Whether a call into a type generic over the substituted <c>T</c> can call that method's specialization: a
    /// <c>[Differentiable]</c> method of this compilation whose derivatives are generated (not hand-written).
    /// </summary>
    private static bool CanCallSpecialization(IMethodSymbol method) =>
        CallResolver.IsDifferentiable(method) && method.DeclaringSyntaxReferences.Length > 0 && !method.IsGenericMethod
        && CallResolver.FindCustomDerivative(method, CallResolver.Reverse) is null && CallResolver.FindCustomDerivative(method, CallResolver.Forward) is null
        && CallResolver.FindCustomDerivative(method, CallResolver.Hessian) is null;

    /// <summary>
    /// A call of a method of a generic model from a specialization: the callee's specialization of the same kind
    /// (<c>Forward_Double</c>, <c>Forward_DoubleBackward</c> …, generated code the caller depends on).
    /// </summary>
    private static CallTarget Specialized(IMethodSymbol method, CallTarget target, string prefix)
    {
        if (!CallsIntoGenericModel(method) || GenericMath.CurrentKind is not ScalarKind kind) return target;
        string from = prefix + method.Name, to = from + (kind == ScalarKind.Single ? KnownNames.SingleSpecialization : KnownNames.DoubleSpecialization);
        string? Rename(string? text) => text is not null && text.StartsWith(from, System.StringComparison.Ordinal) ? to + text.Substring(from.Length) : text;
        return target with
        {
            MethodText = Rename(target.MethodText)!, BackwardText = Rename(target.BackwardText), TangentText = Rename(target.TangentText),
            BackwardTangentText = Rename(target.BackwardTangentText), CallsGeneratedCopy = true,
        };
    }

    /// <summary>
    /// The arguments of a call of a user method, in parameter order, after <paramref name="receiverModel"/> (the model an
    /// instance method of a model type is called on, when the target takes it first).
    /// </summary>
    private CallExpr? LowerCallArguments(IInvocationOperation invocation, CallTarget target, IrExpr? receiverModel, List<IrStmt> output, bool hoist, IMethodSymbol method)
    {
        if (!CheckArgumentOrder(invocation)) return null;
        var args = new List<IrExpr>();
        if (receiverModel is not null) args.Add(receiverModel);
        foreach (IArgumentOperation argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            IParameterSymbol? parameter = argument.Parameter;
            if (parameter is null || parameter.RefKind != RefKind.None || argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, argument.Syntax, FirstLine(argument.Syntax.ToString()),
                    "ref, out, in and params arguments are not supported; pass values and spans");
                return null;
            }
            (ScalarKind element, SpanShape shape) = ParameterClassifier.Describe(parameter.Type);
            IrExpr? arg;
            if (ParameterClassifier.Classify(parameter).Role == ParameterRole.Model)
            {
                arg = LowerModelArgument(argument, output);
            }
            else if (shape != SpanShape.None)
            {
                bool writes = shape == SpanShape.Span;
                arg = LowerSpanArgument(argument.Value, output, requireWritable: writes);
                if (shape == SpanShape.Array && arg is SpanRefExpr local && _variables[local.Span].Role == VariableRole.Local)
                {
                    Report(DiagnosticDescriptors.SpanMisuse, argument.Syntax, _variables[local.Span].Name,
                        $"is a local buffer passed to the {ParameterClassifier.Describe(parameter.Type).Element.Keyword()}[] parameter '{parameter.Name}' of '{method.Name}'",
                        "generated code keeps local arrays in scratch spans: declare the parameter ReadOnlySpan<T> or Span<T>");
                    return null;
                }
                if (arg is null && !_diagnostics.Any(d => d.Location?.Span.IntersectsWith(argument.Syntax.Span) == true))
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, argument.Syntax, FirstLine(argument.Syntax.ToString()),
                        "pass a span or array variable, or a Slice of one");
                }
            }
            else if (element.IsReal())
            {
                arg = hoist ? LowerValue(argument.Value, element, output) : LowerPlain(argument.Value, output);
                if (arg is not null) arg = Ir.Convert(arg, element);
            }
            else
            {
                arg = LowerPlain(argument.Value, output);
            }
            if (arg is null) return null;
            // A model is a reference the call reads its fields through, not a value to keep.
            if (arg is not SpanRefExpr && ParameterClassifier.Classify(parameter).Role != ParameterRole.Model)
            {
                arg = Snapshot(arg, LaterArguments(invocation, argument), output, argument.Syntax);
            }
            args.Add(arg);
        }
        if (!CheckAliasing(invocation, target, args, output)) return null;
        ScalarKind kind = method.ReturnsVoid ? ScalarKind.Opaque : ParameterClassifier.ScalarOf(method.ReturnType);
        return new CallExpr(kind, target, args.ToEquatableArray(), LocationInfo.From(invocation.Syntax));
    }

    /// <summary>
    /// A span written by a call must not share memory with another of its span arguments: the reverse sweep would see it
    /// changed. The same span twice is an error here; two views of one buffer (<c>buf.Slice(0, 4)</c>, <c>buf.Slice(4, 4)</c>)
    /// are checked when the call runs (an <see cref="System.ArgumentException"/> naming both if they overlap).
    /// </summary>
    private bool CheckAliasing(IInvocationOperation invocation, CallTarget target, List<IrExpr> args, List<IrStmt> output)
    {
        var arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).ToList();
        int first = target.HasReceiver ? 1 : 0; // args[0] is then the model the method is called on
        for (int i = 0; i < args.Count; i++)
        {
            if (target.Parameters[i] != ParameterRole.Output || args[i] is not SpanRefExpr written) continue;
            for (int j = 0; j < args.Count; j++)
            {
                if (j == i || args[j] is not SpanRefExpr other || other.Span != written.Span) continue;
                if (other.Equals(written))
                {
                    Report(DiagnosticDescriptors.SpanMisuse, invocation.Syntax, _variables[written.Span].Name,
                        $"is passed to '{target.DisplayName}' both as an output and as another argument",
                        "write the output into a separate scratch span");
                    return false;
                }
                if (j < i && target.Parameters[j] == ParameterRole.Output) continue; // one check per pair of outputs
                output.Add(new OverlapCheckStmt(LocationInfo.From(invocation.Syntax), written, other,
                    FirstLine(arguments[i - first].Value.Syntax.ToString()), FirstLine(arguments[j - first].Value.Syntax.ToString()), target.DisplayName));
            }
        }
        return true;
    }

    /// <summary>
    /// Lowers a span argument: a span or array variable, a span local view, or <c>x.Slice(start[, length])</c> /
    /// <c>array.AsSpan(...)</c> of one. Null when the operation is none of these.
    /// </summary>
    private SpanRefExpr? LowerSpanArgument(IOperation operation, List<IrStmt> output, bool requireWritable)
    {
        IOperation op = Unwrap(operation);
        if (op is ILocalReferenceOperation { Local: var local } && _aliases.TryGetValue(local, out SpanAlias? alias))
        {
            if (requireWritable && (!alias.Writable || !CheckWritable(alias.Base, operation))) return null;
            return new SpanRefExpr(alias.Element, alias.Base, new VarExpr(ScalarKind.Int32, alias.StartVar), new VarExpr(ScalarKind.Int32, alias.LengthVar));
        }
        if (SpanVariableOf(op) is int span)
        {
            if (requireWritable && !CheckWritable(span, operation)) return null;
            return new SpanRefExpr(_variables[span].Element, span, null, null);
        }
        if (op is IInvocationOperation { TargetMethod.Name: "Slice" or "AsSpan" } slice)
        {
            IOperation? baseOp = slice.Instance;
            var args = slice.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
            if (baseOp is null && slice.TargetMethod.IsExtensionMethod && args.Count > 0)
            {
                baseOp = args[0];
                args.RemoveAt(0);
            }
            if (baseOp is null || args.Count > 2 || args.Any(a => ParameterClassifier.ScalarOf(a.Type!) != ScalarKind.Int32)) return null;
            if (LowerSpanArgument(baseOp, output, requireWritable) is not SpanRefExpr inner) return null;
            IrExpr? start = args.Count > 0 ? LowerPlain(args[0], output) : Ir.Int(0);
            IrExpr? length = args.Count > 1 ? LowerPlain(args[1], output) : null;
            if (start is null || (args.Count > 1 && length is null)) return null;
            IrExpr innerLength = inner.Length ?? new LengthExpr(inner.Span);
            length ??= new BinaryExpr(ScalarKind.Int32, BinaryOp.Subtract, innerLength, start);
            IrExpr combinedStart = inner.Start is null ? start : new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, inner.Start, start);
            return new SpanRefExpr(inner.Type, inner.Span, combinedStart, length);
        }
        return null;
    }
}
